/**
 * The `pyodide` package booted in Node for a build step (the precompiled standard library, the
 * memory snapshot), and the cache those steps keep their output in: each takes seconds, and the
 * bundle is rebuilt often.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PyodideAPI } from "pyodide";

const CACHE_ROOT = path.resolve(fileURLToPath(import.meta.url), "../../../node_modules/.cache");

export function pyodidePackageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("pyodide/package.json"));
}

function pyodideVersion(): string {
  const file = path.join(pyodidePackageDir(), "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** Pyodide from node_modules, with none of its packages (the course's modules are pure Python). */
export async function bootPyodide(options: Record<string, unknown> = {}): Promise<PyodideAPI> {
  const dir = pyodidePackageDir();
  const { loadPyodide } = (await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href)) as {
    loadPyodide: (options: Record<string, unknown>) => Promise<PyodideAPI>;
  };
  const lock = JSON.parse(readFileSync(path.join(dir, "pyodide-lock.json"), "utf8")) as {
    info: unknown;
  };
  return loadPyodide({
    indexURL: `${dir}/`,
    lockFileContents: { info: lock.info, packages: {} },
    packageBaseUrl: `${dir}/`,
    ...options,
  });
}

export interface CachedFile {
  /** The cache's folder under node_modules/.cache. */
  dir: string;
  /** The file's name, before the Pyodide version and the key. */
  name: string;
  extension: string;
  /** What the file is made from (the Pyodide version is added): its key is their hash. */
  inputs: (string | Uint8Array)[];
}

/** Copies the cached file to `target`, made first by `make` (into the path it is given) if missing. */
export async function writeCached(
  file: CachedFile,
  target: string,
  make: (into: string) => Promise<void>,
): Promise<void> {
  const version = pyodideVersion();
  const hash = createHash("sha256").update(version);
  for (const input of file.inputs) hash.update(input);
  const dir = path.join(CACHE_ROOT, file.dir);
  const cached = path.join(
    dir,
    `${file.name}-${version}-${hash.digest("hex").slice(0, 16)}${file.extension}`,
  );
  if (!existsSync(cached)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${cached}.${process.pid}.partial`;
    await make(partial);
    renameSync(partial, cached); // whole or not at all, even if two builds race
  }
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(cached, target);
}
