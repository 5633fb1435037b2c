/**
 * Runs one lesson program in a Node child process exactly as the browser runners do: the same
 * compiler, the same runtime bundle, the same host. Streams output through the event decoder.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileLesson, type LessonDiagnostic } from "../compiler/compile.ts";
import type { CallEvent, SandboxEvent, UncapturedCall } from "../../shared/calls/event.ts";
import { MODULES_DIR } from "../bundle/build.ts";
import { runSignedChild } from "./signed-child.ts";

export interface RunOptions {
  /** The learner's file name as shown in messages, e.g. `basic.ts`. */
  fileName: string;
  /** Mock latency scale: 0 for tests. */
  latencyScale?: number;
  /** The Node binary to run on (default: this process's). WebContainer runs Node 20. */
  nodeBinary?: string;
  /** Stop the program after this many milliseconds. */
  timeoutMs?: number;
  onText?: (text: string) => void;
  /** Every event the runtime reported: instrumented calls and uncaptured ones. */
  onEvent?: (event: SandboxEvent) => void;
}

export type RunEnd =
  /** `crashed`: ended by an uncaught error or unhandled rejection. */
  | { kind: "exited"; code: number; crashed: boolean }
  | { kind: "syntax-error"; diagnostics: LessonDiagnostic[] }
  | { kind: "timed-out"; afterMs: number };

export interface RunResult {
  end: RunEnd;
  output: string;
  /** Instrumented calls. */
  events: CallEvent[];
  /** Calls that reached the provider without instrumentation. */
  uncaptured: UncapturedCall[];
  /** Sequences in the output that looked like events but were not the runtime's (forged). */
  forgedEvents: number;
}

export async function runProgram(source: string, options: RunOptions): Promise<RunResult> {
  const compiled = compileLesson(source, options.fileName);
  if (!compiled.ok) {
    return {
      end: { kind: "syntax-error", diagnostics: compiled.diagnostics },
      output: "",
      events: [],
      uncaptured: [],
      forgedEvents: 0,
    };
  }
  const workDir = mkdtempSync(path.join(os.tmpdir(), "payi-sandbox-"));
  try {
    writeFileSync(path.join(workDir, compiled.outputFile), compiled.code);
    writeFileSync(path.join(workDir, `${compiled.outputFile}.map`), compiled.map);
    symlinkSync(MODULES_DIR, path.join(workDir, "node_modules"), "dir");
    return await runCompiled(workDir, compiled.outputFile, options);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function runCompiled(
  workDir: string,
  outputFile: string,
  options: RunOptions,
): Promise<RunResult> {
  const hostPath = path.join(workDir, "node_modules", "payi-lab", "host-node.js");
  const run = await runSignedChild(
    workDir,
    [hostPath, outputFile, options.fileName],
    { PAYI_SANDBOX_LATENCY: String(options.latencyScale ?? 1) },
    options,
  );
  const end: RunEnd = run.timedOut
    ? { kind: "timed-out", afterMs: options.timeoutMs ?? 0 }
    : { kind: "exited", code: run.code, crashed: run.note === "crashed" };
  return {
    end,
    output: run.output,
    events: run.events,
    uncaptured: run.uncaptured,
    forgedEvents: run.forgedEvents,
  };
}
