/**
 * The runner interface. Two implementations (WebContainer, in-browser) run the same compiled
 * program against the same runtime bundle and must be indistinguishable to the page, which only
 * sees batches of text and events, and one end. The end is always the runner's own finding (the
 * process exited, the worker was terminated), never a message the program could send.
 */
import type { SandboxEvent } from "../../shared/calls/event.ts";
import type { RunnerKind } from "../../shared/calls/meta.ts";

export type { RunnerKind };

/** A Python lesson program: run as it is written (Python compiles it in the runner). */
export interface PythonProgram {
  language: "python";
  /** The learner's file name, e.g. `answer-with-user.py`: names the default use case. */
  fileName: string;
  source: string;
}

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

/** What a run produced since the last batch (at most one batch per frame reaches the page). */
export interface RunBatch {
  /** The program's output, without any event in it. */
  text: string;
  /** Events the runtime reported, in order. */
  events: SandboxEvent[];
  /**
   * Things the program produced that looked like events or run messages but were not the
   * runtime's (fake call events in its output, messages it posted itself): ignored, counted.
   */
  ignored: number;
}

export type RunEnd =
  /**
   * `crashed`: ended by an uncaught error or unhandled rejection (exit code 1). `syntaxError`: a
   * Python program Python refused to compile, so nothing of it ran (TypeScript's are refused by
   * the compiler before a run starts).
   */
  | { kind: "exited"; code: number; crashed: boolean; syntaxError?: boolean }
  | { kind: "stopped" }
  /**
   * `no-progress`: no output and no call for `afterMs`; `ceiling`: still busy at the hard limit.
   * `busy` says what the program was last doing, for the message.
   */
  | {
      kind: "timed-out";
      afterMs: number;
      reason: "no-progress" | "ceiling";
      busy: "printing" | "calling" | "quiet";
    }
  /** The runner itself failed (not the program): the page should fall back or retry. */
  | { kind: "runner-failed"; message: string };

export interface RunOptions {
  /** Mock provider latency scale: 1 realistic, 0 none. */
  latencyScale: number;
  /** A run with no output and no call for this long is stopped (an endless loop, say). */
  idleTimeoutMs: number;
  /** Any run is stopped at this age, whatever it is doing. */
  maxRunMs: number;
  onOutput: (batch: RunBatch) => void;
  /** Told which runner took the run, before it starts (the page's choice can change between runs). */
  onStart?: (where: { kind: RunnerKind; label: string }) => void;
}

export interface RunHandle {
  readonly done: Promise<RunEnd>;
  /** Ends the run at once (endless loops included). */
  stop(): void;
}

export interface Runner<Program = CompiledProgram> {
  readonly kind: RunnerKind;
  /** Where the code runs, for the toolbar: "Node.js 20 in WebContainer", "In your browser". */
  readonly label: string;
  run(program: Program, options: RunOptions): RunHandle;
  dispose(): void;
}
