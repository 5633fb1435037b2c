/**
 * Runs one Python program in a booted Pyodide, the same way in the browser worker and in Node:
 * the course's modules are installed, the bridge is registered, the program's output and the
 * runtime's warnings go to `write`, and the program runs as `__main__` (syntax first).
 *
 * Each run gets a fresh Pyodide (a fresh process), as each TypeScript run gets a fresh worker.
 */
import type { PyodideAPI } from "pyodide";
import { configureHost } from "../host-hooks.ts";
import { pythonBridge } from "./bridge.ts";
import { inPythonTerms } from "./phrasebook.ts";

/** The course's Python modules as the site ships them: path under the module root -> source. */
export interface PythonModules {
  files: Record<string, string>;
}

export type PythonExitReason = "finished" | "exit-called" | "uncaught" | "syntax-error";

export interface PythonRunResult {
  code: number;
  reason: PythonExitReason;
}

/** Where the course's modules are installed, ahead of the standard library on sys.path. */
const MODULE_ROOT = "/lib/payi-course";
/** The program's folder: its file is written here so tracebacks can show its lines. */
const HOME = "/home/pyodide";

/** Writes the course's modules' files (read by imports and by tracebacks). */
export function writeModuleFiles(pyodide: PyodideAPI, modules: PythonModules): void {
  for (const [file, source] of Object.entries(modules.files)) {
    const full = `${MODULE_ROOT}/${file}`;
    pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
    pyodide.FS.writeFile(full, source);
  }
}

/** Installs the course's modules and the bridge, and imports them once (the warm part of a boot). */
export async function preparePython(pyodide: PyodideAPI, modules: PythonModules): Promise<void> {
  writeModuleFiles(pyodide, modules);
  pyodide.registerJsModule("_payi_bridge", pythonBridge);
  await pyodide.runPythonAsync(
    `import sys\nsys.path.insert(0, ${JSON.stringify(MODULE_ROOT)})\n` +
      "import payi, payi.lib.instrument, payi.lib.helpers, openai, _payi_runner",
  );
}

function streamTo(write: (text: string) => void): { write: (bytes: Uint8Array) => number } {
  const decoder = new TextDecoder();
  return {
    write(bytes) {
      write(decoder.decode(bytes, { stream: true }));
      return bytes.length;
    },
  };
}

export interface PythonProgram {
  source: string;
  /** The learner's file name, e.g. `answer-with-user.py`: names the default use case. */
  fileName: string;
  latencyScale: number;
}

/** Runs the program to its end; output and runtime warnings are written through `write`. */
export async function runPython(
  pyodide: PyodideAPI,
  program: PythonProgram,
  write: (text: string) => void,
): Promise<PythonRunResult> {
  configureHost({
    write: (text) => write(inPythonTerms(text)),
    entryFile: program.fileName,
    // Python finds the learner's line itself (payi/_bridge.py): no JavaScript frame is the program's.
    mapPosition: () => null,
    latencyScale: program.latencyScale,
  });
  pyodide.setStdout(streamTo(write));
  pyodide.setStderr(streamTo(write));
  pyodide.FS.mkdirTree(HOME);
  pyodide.FS.writeFile(`${HOME}/${program.fileName}`, program.source);
  pyodide.FS.chdir(HOME);
  // Entered through runPythonAsync so that synchronous calls can wait for the runtime (JSPI).
  pyodide.globals.set("__payi_program_source", program.source);
  pyodide.globals.set("__payi_program_file", program.fileName);
  const result = (await pyodide.runPythonAsync(
    "import _payi_runner\n_payi_runner.run(__payi_program_source, __payi_program_file)",
  )) as { toJs: () => [number, PythonExitReason]; destroy: () => void };
  const [code, reason] = result.toJs();
  result.destroy();
  await pythonBridge.closeOpenStreams();
  return { code, reason };
}
