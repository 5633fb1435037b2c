/**
 * Pyodide's memory after a boot with the course's modules imported (sandbox/runtime/python/
 * snapshot.ts boots from it): made by booting the `pyodide` package in Node on the precompiled
 * standard library and running the runtime's own `preparePython`, so the snapshot is the state a
 * browser boot reaches, of the same wasm (Pyodide checks its build id when loading). Written
 * without its zero pages and gzip'd (31 MB of memory, 4.8 MB), under a name that is not `.gz`:
 * some servers send a `.gz` as `Content-Encoding: gzip` (astro preview does), so the browser
 * would inflate it and the offline worker's integrity check, made on the file, would refuse it.
 * Kept in node_modules/.cache under a key of the Pyodide version, the standard library, the
 * course's modules and the code that makes it.
 */
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type { PyodideAPI } from "pyodide";
import { preparePython, type PythonModules } from "../runtime/python/run-python.ts";
import { snapshotSerializer } from "../runtime/python/snapshot.ts";
import { packMemory } from "../runtime/python/sparse-memory.ts";
import { pyodidePackageDir } from "./python-stdlib.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const CACHE_DIR = path.resolve(here, "../../node_modules/.cache/payi-python-snapshot");
/** What makes the snapshot: a change to any of them makes it again. */
const MAKERS = [
  fileURLToPath(import.meta.url),
  path.resolve(here, "../runtime/python/run-python.ts"),
  path.resolve(here, "../runtime/python/snapshot.ts"),
  path.resolve(here, "../runtime/python/sparse-memory.ts"),
];

async function makeSnapshot(modules: PythonModules, stdlibFile: string): Promise<Uint8Array> {
  const dir = pyodidePackageDir();
  const { loadPyodide } = (await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href)) as {
    loadPyodide: (options: Record<string, unknown>) => Promise<PyodideAPI>;
  };
  const lock = JSON.parse(readFileSync(path.join(dir, "pyodide-lock.json"), "utf8")) as {
    info: unknown;
  };
  const pyodide = await loadPyodide({
    indexURL: `${dir}/`,
    lockFileContents: { info: lock.info, packages: {} },
    packageBaseUrl: `${dir}/`,
    stdLibURL: stdlibFile,
    _makeSnapshot: true,
  });
  await preparePython(pyodide, modules);
  const { makeMemorySnapshot } = pyodide as unknown as {
    makeMemorySnapshot(options: { serializer: (value: unknown) => unknown }): Uint8Array;
  };
  return makeMemorySnapshot({ serializer: snapshotSerializer });
}

/** Writes the snapshot (gzip) to `target`, from the cache when it is current. */
export async function writePythonSnapshot(
  modules: PythonModules,
  stdlibFile: string,
  target: string,
): Promise<void> {
  const version = (
    JSON.parse(readFileSync(path.join(pyodidePackageDir(), "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const hash = createHash("sha256").update(version).update(readFileSync(stdlibFile));
  for (const file of MAKERS) hash.update(readFileSync(file));
  const key = hash.update(JSON.stringify(modules)).digest("hex").slice(0, 16);
  const cached = path.join(CACHE_DIR, `python_snapshot-${version}-${key}.bin`);
  if (!existsSync(cached)) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${cached}.${process.pid}.partial`;
    const memory = packMemory(await makeSnapshot(modules, stdlibFile));
    writeFileSync(partial, gzipSync(memory, { level: 9 }));
    renameSync(partial, cached); // whole or not at all, even if two builds race
  }
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(cached, target);
}
