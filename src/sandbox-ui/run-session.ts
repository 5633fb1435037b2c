/**
 * One run of a sandbox's code, from source to its end: compile it (TypeScript; Python runs as
 * written), start it on the page's runner (Pyodide for Python), feed its output to the terminal
 * and its events to the live panel and the page's call sinks, then say how it ended.
 *
 * Data flows one way: the session is given the code and where its results go (terminal, panel,
 * the toolbar's lines, the editor's error markers); it reads nothing back from them but the
 * terminal's own text, and returns what the run produced for Check and the page.
 */
import type {
  CompiledProgram as CompilerOutput,
  LessonDiagnostic,
} from "../../sandbox/compiler/compile.ts";
import type { CallEvent } from "../../shared/calls/event.ts";
import { emitCalls, endRun } from "../call-sinks.ts";
import { compileInBrowser } from "../runners/compile-client.ts";
import type {
  CompiledProgram,
  RunEnd,
  RunHandle,
  RunnerKind,
  RunOptions,
} from "../runners/types.ts";
import type { CodeEditor, EditorMarker } from "./editor/code-editor.ts";
import type { CheckedRun } from "./exercise-check.ts";
import { pageRunner, pythonRunner } from "./page-runner.ts";
import { newRunId, RunCalls } from "./run-calls.ts";
import {
  describeEnd,
  describeIgnored,
  errorMarkersFrom,
  NOT_RUN,
  panelEnd,
} from "./run-messages.ts";
import { showRunnerWait } from "./runner-wait.ts";
import { formatDiagnostic, reportTypeCheck, typeCheck } from "./type-check.ts";
import type { LivePanel } from "./live-panel/live-panel.ts";
import type { TerminalView } from "./terminal/terminal-view.ts";

/** The program a sandbox ships with (in its markup): its source, and for TypeScript its build. */
export interface ShippedProgram {
  source: string;
  fileName: string;
  /** TypeScript (compiled at build time, below) or Python (shipped as written). */
  language?: "typescript" | "python";
  outputFile: string;
  code: string;
  map: string;
  /** Exercises only. */
  solution?: string;
}

export interface RunRequest {
  sandboxId: string;
  /** Python whose files this page had not asked for before this run: it says that it loads them. */
  firstPythonRun?: boolean;
  runNumber: number;
  shipped: ShippedProgram;
  /** The code to run (the learner's edit, or the shipped source). */
  code: string;
  /** The editor showing that code, if it is open: its type checker answers first. */
  editor: CodeEditor | undefined;
  terminal: TerminalView;
  panel: LivePanel;
  /** The toolbar's "Ran in" line, and the box that says what the runner is waiting for. */
  whereLine: HTMLElement;
  waitBox: HTMLElement;
  setErrorMarkers(markers: EditorMarker[]): void;
}

/** What a run that started produced: for Check, and for the page's `run-end` event. */
export interface FinishedRun {
  checked: CheckedRun;
  end: RunEnd;
  events: CallEvent[];
  output: string;
}

/** A run that prints nothing and makes no call for this long is stopped (an endless loop, say). */
const IDLE_TIMEOUT_MS = 30_000;
/** Any run is stopped at this age, however busy. */
const MAX_RUN_MS = 5 * 60_000;

export class RunSession {
  readonly #request: RunRequest;
  #handle: RunHandle | undefined;

  constructor(request: RunRequest) {
    this.#request = request;
  }

  /** Stops the run once it is on a runner (compiling is not interrupted). */
  stop(): void {
    this.#handle?.stop();
  }

  /** Runs the code; null when it never ran (it did not compile). */
  async run(): Promise<FinishedRun | null> {
    const { shipped, code, terminal, panel, runNumber } = this.#request;
    panel.reset(`Run ${runNumber}`);
    panel.setRunState({ phase: "running" });
    this.#request.setErrorMarkers([]);

    if (shipped.language === "python") return this.#runOn((options) => this.#startPython(options));
    let compiled: CompilerOutput | ShippedProgram;
    try {
      compiled = code === shipped.source ? shipped : await this.#compile();
    } catch (error) {
      terminal.status(`Could not compile: ${messageOf(error)}`, "error");
      panel.setRunState(NOT_RUN);
      return null;
    }
    if ("ok" in compiled && !compiled.ok) {
      this.#showDiagnostics(compiled.diagnostics);
      panel.setRunState(NOT_RUN);
      return null;
    }
    const program: CompiledProgram = {
      fileName: shipped.fileName,
      outputFile: compiled.outputFile,
      code: compiled.code,
      map: compiled.map,
    };
    return this.#runOn((options) =>
      pageRunner().run(program, {
        ...options,
        onWaiting: (wait) => showRunnerWait(this.#request.waitBox, terminal, wait),
      }),
    );
  }

  /** The page's Python runner: the first run says that it loads Python. */
  #startPython(options: RunOptions): RunHandle {
    const { shipped, code, terminal } = this.#request;
    if (this.#request.firstPythonRun)
      terminal.status(
        "Starting Python in your browser: the first Python run loads Pyodide (about 20 MB, 13 MB compressed), then it is cached.",
        "info",
      );
    let handle: RunHandle | undefined;
    let stopped = false;
    const done = pythonRunner().then(
      (runner) => {
        options.onStart?.({ kind: runner.kind, label: runner.label });
        handle = runner.run(
          { language: "python", fileName: shipped.fileName, source: code },
          options,
        );
        if (stopped) handle.stop();
        return handle.done;
      },
      (error: unknown): RunEnd => ({ kind: "runner-failed", message: messageOf(error) }),
    );
    return {
      done,
      stop: () => {
        stopped = true;
        handle?.stop();
      },
    };
  }

  /** One run on a runner, whatever the language: terminal, panel, call sinks, markers. */
  async #runOn(start: (options: RunOptions) => RunHandle): Promise<FinishedRun> {
    const { sandboxId, runNumber, shipped, code, terminal, panel } = this.#request;
    const calls = new RunCalls();
    // Every call also goes to the page's call sinks (Cost Drivers, a workshop room), which never
    // block the run.
    const runId = newRunId();
    let runner: RunnerKind = "browser";
    panel.setRunLinks([]);
    this.#handle = start({
      latencyScale: mockLatencyScale(),
      idleTimeoutMs: IDLE_TIMEOUT_MS,
      maxRunMs: MAX_RUN_MS,
      onStart: (where) => {
        terminal.runSeparator(
          `run ${runNumber} · ${where.label} · ${new Date().toLocaleTimeString()}`,
        );
        this.#request.whereLine.textContent = `Ran in: ${where.label}`;
        runner = where.kind;
      },
      onOutput: (batch) => {
        if (batch.text) terminal.write(batch.text);
        const added = calls.add(batch);
        if (batch.events.length === 0) return;
        const recordedAt = new Date().toISOString();
        const meta = { runId, sandboxId, lesson: lessonSlug(), runner, recordedAt };
        panel.addEvents(batch.events);
        emitCalls(added.map((event) => ({ event, meta })));
      },
    });
    const end: RunEnd = await this.#handle.done;
    const { events, uncaptured, counts } = calls;
    if (events.length > 0) void endRun(runId).then((links) => panel.setRunLinks(links));
    const ignored = describeIgnored(counts.ignored);
    if (ignored) terminal.status(ignored, "warn");
    const summary = describeEnd(end, counts);
    terminal.status(summary.text, summary.kind);
    panel.setRunState(panelEnd(summary));
    const output = terminal.tail();
    this.#request.setErrorMarkers(errorMarkersFrom(output, shipped.fileName));
    const exitCode = end.kind === "exited" ? end.code : null;
    return { checked: { code, events, uncaptured, output, exitCode }, end, events, output };
  }

  async #compile(): Promise<CompilerOutput> {
    const { code, editor, terminal, shipped } = this.#request;
    terminal.status("Compiling your code…", "info");
    // Type errors are reported before the run and never stop it (as `npm run sandbox` does).
    const [compiled] = await Promise.all([
      compileInBrowser(code, shipped.fileName),
      reportTypeCheck(terminal, typeCheck(code, shipped.fileName, editor)),
    ]);
    return compiled;
  }

  #showDiagnostics(diagnostics: LessonDiagnostic[]): void {
    const { terminal } = this.#request;
    for (const d of diagnostics) terminal.status(formatDiagnostic(d), "error");
    terminal.status(
      "Syntax errors: the program was not run. Fix the marked line and run it again.",
      "error",
    );
    this.#request.setErrorMarkers(
      diagnostics.map((d) => ({ line: d.line, column: d.column, message: d.message })),
    );
  }
}

/**
 * Simulated provider latency: realistic by default; `?latency=0` on the page URL turns it off
 * (benchmarks, and workshops that want instant runs).
 */
function mockLatencyScale(): number {
  const raw = new URLSearchParams(window.location.search).get("latency");
  const value = Number(raw);
  return raw !== null && Number.isFinite(value) && value >= 0 ? value : 1;
}

/** The lesson a sandbox is on, e.g. "day-2" for /day-2/. */
function lessonSlug(): string {
  return window.location.pathname.split("/").filter(Boolean).at(-1) ?? "home";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
