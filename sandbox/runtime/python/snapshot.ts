/**
 * Booting from a memory snapshot: Pyodide's wasm memory as it is right after `preparePython`
 * (Python started, the course's modules imported), made at build time by
 * sandbox/bundle/python-snapshot.ts. Loading it replaces Python's start-up and those imports,
 * most of a boot, with one copy into memory.
 *
 * A snapshot holds wasm memory only. What lives in JavaScript is made again at load: the file
 * system (Pyodide writes the standard library's zip again, `restorePython` the course's files)
 * and the JavaScript objects Python holds, which the snapshot names: after `preparePython` that
 * is the bridge alone, and the build fails if anything else is held.
 */
import type { PyodideAPI } from "pyodide";
import { pythonBridge } from "./bridge.ts";
import { writeModuleFiles, type PythonModules } from "./run-python.ts";
import { unpackMemory } from "./sparse-memory.ts";

/** The bridge's name in the snapshot. */
const BRIDGE = "payi-bridge";

/** For `makeMemorySnapshot({ serializer })`: how each JavaScript object Python holds is named. */
export function snapshotSerializer(value: unknown): string {
  if (value === pythonBridge) return BRIDGE;
  throw new Error(
    `the Python snapshot would hold a JavaScript object other than the bridge: ${String(value)}`,
  );
}

/** loadPyodide's options that boot from `memory` (the snapshot, unpacked: see snapshotMemory). */
export function snapshotBootOptions(
  memory: Uint8Array | Promise<Uint8Array>,
): Record<string, unknown> {
  return {
    _loadSnapshot: memory,
    _snapshotDeserializer: (name: unknown) => {
      if (name === BRIDGE) return pythonBridge;
      throw new Error(`the Python snapshot names an unknown object: ${String(name)}`);
    },
  };
}

/**
 * The memory from the snapshot's file: 31 MB, mostly zeros, shipped without its zero pages
 * (sparse-memory.ts) and gzip'd, 4.8 MB.
 */
export async function snapshotMemory(file: Blob): Promise<Uint8Array> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  // Inflated already if a server sent it as `Content-Encoding: gzip` after all.
  const inflated =
    head[0] === 0x1f && head[1] === 0x8b
      ? new Response(file.stream().pipeThrough(new DecompressionStream("gzip")))
      : new Response(file);
  return unpackMemory(new Uint8Array(await inflated.arrayBuffer()));
}

/**
 * What a boot from the snapshot needs besides the memory: the course's files, and fresh random
 * numbers (`random` was seeded when the snapshot was made, so every run would draw the same).
 */
export function restorePython(pyodide: PyodideAPI, modules: PythonModules): void {
  writeModuleFiles(pyodide, modules);
  pyodide.runPython('import sys\nif "random" in sys.modules:\n    sys.modules["random"].seed()');
}
