/**
 * The runner interface. Two implementations (WebContainer, in-browser) run the same compiled
 * program against the same runtime bundle and must be indistinguishable to the page, which only
 * sees text, events and one end.
 */
import type { CallEvent } from "../../shared/calls/event.ts";
import type { RunnerKind } from "../../shared/calls/meta.ts";

export type { RunnerKind };

/** A lesson program after the lesson compiler. */
export interface CompiledProgram {
  /** The learner's file name, e.g. `basic.ts`: names the default use case and appears in errors. */
  fileName: string;
  /** The compiled module's file name, e.g. `basic.mjs`. */
  outputFile: string;
  code: string;
  /** Source map (JSON). */
  map: string;
}

export type RunOutput = { kind: "text"; text: string } | { kind: "event"; event: CallEvent };

export type RunEnd =
  | { kind: "exited"; code: number }
  | { kind: "stopped" }
  | { kind: "timed-out"; afterMs: number }
  /** The runner itself failed (not the program): the page should fall back or retry. */
  | { kind: "runner-failed"; message: string };

export interface RunOptions {
  /** Mock provider latency scale: 1 realistic, 0 none. */
  latencyScale: number;
  /** Per-run time limit. */
  timeoutMs: number;
  onOutput: (output: RunOutput) => void;
  /** Told which runner took the run, before it starts (the page's choice can change between runs). */
  onStart?: (where: { kind: RunnerKind; label: string }) => void;
}

export interface RunHandle {
  readonly done: Promise<RunEnd>;
  /** Ends the run at once (endless loops included). */
  stop(): void;
}

export interface Runner {
  readonly kind: RunnerKind;
  /** Where the code runs, for the toolbar: "Node.js 20 in WebContainer", "In your browser". */
  readonly label: string;
  run(program: CompiledProgram, options: RunOptions): RunHandle;
  dispose(): void;
}
