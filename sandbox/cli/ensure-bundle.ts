/** Rebuilds the runtime bundle when any sandbox source is newer than it (or it is missing). */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { buildBundle, DIST_DIR, SANDBOX_DIR } from "../bundle/build.ts";

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== DIST_DIR) newest = Math.max(newest, newestSourceTime(full));
    } else if (/\.(ts|json|py)$/.test(entry.name)) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

export async function ensureBundle(): Promise<void> {
  const manifest = path.join(DIST_DIR, "manifest.json");
  if (existsSync(manifest) && statSync(manifest).mtimeMs >= newestSourceTime(SANDBOX_DIR)) return;
  await buildBundle();
}
