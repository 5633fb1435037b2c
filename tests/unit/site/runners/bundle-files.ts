/** The built runtime bundle as the site serves it, read from sandbox/dist for tests. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { DIST_DIR, type BundleManifest } from "../../../../sandbox/bundle/build.ts";
import { ensureBundle } from "../../../../sandbox/cli/ensure-bundle.ts";
import type { RuntimeFile } from "../../../../src/runners/runtime-files.ts";

export async function runtimeFiles(): Promise<RuntimeFile[]> {
  await ensureBundle();
  const manifest = JSON.parse(
    readFileSync(path.join(DIST_DIR, "manifest.json"), "utf8"),
  ) as BundleManifest;
  return manifest.files.map((file) => ({
    path: file.path,
    text: readFileSync(path.join(DIST_DIR, file.path), "utf8"),
  }));
}
