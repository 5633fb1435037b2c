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
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { preparePython, type PythonModules } from "../runtime/python/run-python.ts";
import { snapshotSerializer } from "../runtime/python/snapshot.ts";
import { packMemory } from "../runtime/python/sparse-memory.ts";
import { bootPyodide, writeCached } from "./node-pyodide.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
/** What makes the snapshot: a change to any of them makes it again. */
const MAKERS = [
  fileURLToPath(import.meta.url),
  path.resolve(here, "../runtime/python/run-python.ts"),
  path.resolve(here, "../runtime/python/snapshot.ts"),
  path.resolve(here, "../runtime/python/sparse-memory.ts"),
];

async function makeSnapshot(modules: PythonModules, stdlibFile: string): Promise<Uint8Array> {
  const pyodide = await bootPyodide({ stdLibURL: stdlibFile, _makeSnapshot: true });
  await preparePython(pyodide, modules);
  const { makeMemorySnapshot } = pyodide as unknown as {
    makeMemorySnapshot(options: { serializer: (value: unknown) => unknown }): Uint8Array;
  };
  return makeMemorySnapshot({ serializer: snapshotSerializer });
}

/** Writes the snapshot (packed, gzip) to `target`, from the cache when it is current. */
export async function writePythonSnapshot(
  modules: PythonModules,
  stdlibFile: string,
  target: string,
): Promise<void> {
  await writeCached(
    {
      dir: "payi-python-snapshot",
      name: "python_snapshot",
      extension: ".bin",
      inputs: [
        readFileSync(stdlibFile),
        ...MAKERS.map((file) => readFileSync(file)),
        JSON.stringify(modules),
      ],
    },
    target,
    async (into) => {
      const memory = packMemory(await makeSnapshot(modules, stdlibFile));
      writeFileSync(into, gzipSync(memory, { level: 9 }));
    },
  );
}
