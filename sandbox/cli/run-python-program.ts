/**
 * Runs one Python lesson program in a Node child process exactly as the browser's Python runner
 * does: Pyodide, the course's modules, the same runtime bundle. The Python counterpart of
 * run-program.ts, with the same result shape (a syntax error is found by Python itself, before
 * the program runs).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { CallEvent, UncapturedCall } from "../../shared/calls/event.ts";
import {
  MODULES_DIR,
  PYTHON_MODULES_FILE,
  PYTHON_SNAPSHOT_FILE,
  PYTHON_STDLIB_FILE,
} from "../bundle/build.ts";
import type { RunOptions } from "./run-program.ts";
import { runSignedChild } from "./signed-child.ts";

export type PythonRunEnd =
  | { kind: "exited"; code: number; crashed: boolean }
  | { kind: "syntax-error"; code: number }
  | { kind: "timed-out"; afterMs: number };

export interface PythonRunResult {
  end: PythonRunEnd;
  output: string;
  events: CallEvent[];
  uncaptured: UncapturedCall[];
  forgedEvents: number;
}

/** The folder of the `pyodide` npm package (its wasm, stdlib and loader). */
export function pyodideDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("pyodide/package.json"));
}

export async function runPythonProgram(
  source: string,
  options: RunOptions,
): Promise<PythonRunResult> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), "payi-python-"));
  const programFile = path.join(workDir, options.fileName);
  writeFileSync(programFile, source);
  const hostPath = path.join(MODULES_DIR, "payi-lab", "host-python-node.js");
  const run = await runSignedChild(
    workDir,
    [hostPath, programFile, options.fileName],
    {
      PAYI_SANDBOX_LATENCY: String(options.latencyScale ?? 1),
      PAYI_PYODIDE_DIR: pyodideDir(),
      PAYI_PYTHON_MODULES: PYTHON_MODULES_FILE,
      PAYI_PYTHON_STDLIB: PYTHON_STDLIB_FILE,
      PAYI_PYTHON_SNAPSHOT: PYTHON_SNAPSHOT_FILE,
    },
    options,
  ).finally(() => rmSync(workDir, { recursive: true, force: true }));
  const end: PythonRunEnd = run.timedOut
    ? { kind: "timed-out", afterMs: options.timeoutMs ?? 0 }
    : run.note === "syntax-error"
      ? { kind: "syntax-error", code: run.code }
      : { kind: "exited", code: run.code, crashed: run.note === "crashed" };
  return {
    end,
    output: run.output,
    events: run.events,
    uncaptured: run.uncaptured,
    forgedEvents: run.forgedEvents,
  };
}
