/**
 * One sandbox on a lesson page: toolbar, code (static, then the editor), terminal and live panel,
 * wired to the page's runner. Data flows one way: code -> compiler -> runner -> output and events
 * -> terminal and panel. The controller wires the parts and owns the state; each run is a
 * `RunSession` (run-session.ts), and the components render what they are given.
 */
import { safeLocalStorage } from "../local-storage.ts";
import { writeRunnerPreference, type RunnerPreference } from "../runners/preferences.ts";
import type { RunnerState } from "../runners/runner-manager.ts";
import { EditSession } from "./edit-session.ts";
import { checkExercise, type CheckedRun } from "./exercise-check.ts";
import { ExerciseHelp } from "./exercise-help.ts";
import { toggleFocusMode } from "./focus-mode.ts";
import { pythonAssetsRequested } from "../runners/python/python-assets.ts";
import { onRunnerChange, pageRunner, pythonRunner } from "./page-runner.ts";
import { RunSession, type ShippedProgram } from "./run-session.ts";
import { showTab } from "./sandbox-tabs.ts";
import { fitTerminalToOutput } from "./terminal-fit.ts";
import { typeCheck } from "./type-check.ts";
import type { EmphasisColumn } from "./live-panel/call-columns.ts";
import type { LivePanel } from "./live-panel/live-panel.ts";
import type { TerminalView } from "./terminal/terminal-view.ts";

/** Where a Python sandbox runs (the Python runner's own label, known before it loads). */
const PYTHON_LABEL = "Python (Pyodide) in your browser";

export interface SandboxHandle {
  handle(event: Event): void;
  /** Gets the page's runner ready (the sandbox is near, the page idle, or Run is about to be clicked). */
  warmUp(): void;
  /** Starts loading the editor (the learner points at the code or Edit). */
  preloadEditor(): void;
}

export function attachSandbox(root: HTMLElement): SandboxHandle {
  return new SandboxController(root);
}

class SandboxController implements SandboxHandle {
  readonly #root: HTMLElement;
  readonly #id: string;
  readonly #shipped: ShippedProgram;
  readonly #edits: EditSession;
  readonly #help: ExerciseHelp | undefined;
  #terminal: TerminalView | undefined;
  #panel: LivePanel | undefined;
  #run: RunSession | undefined;
  #running = false;
  /** The last run that ended, for Check: what was run and what it produced. */
  #lastRun: CheckedRun | undefined;
  #runCount = 0;
  #warm = false;
  readonly #python: boolean;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#id = root.dataset["sandboxId"] ?? "sandbox";
    this.#shipped = JSON.parse(this.#part("program").textContent ?? "{}") as ShippedProgram;
    this.#python = this.#shipped.language === "python";
    this.#edits = new EditSession({
      sandboxId: this.#id,
      fileName: this.#shipped.fileName,
      original: this.#shipped.source,
      host: this.#part("code"),
      notify: (text, kind) => this.#notice(text, kind),
      onEditedChange: (edited) => (this.#action<HTMLButtonElement>("reset").hidden = !edited),
      onSolutionChange: (shown) => this.#help?.solutionShown(shown),
      onRun: () => void this.run(),
    });
    this.#action<HTMLButtonElement>("reset").hidden = !this.#edits.edited;
    const exerciseId = root.dataset["exerciseId"];
    if (exerciseId && this.#shipped.solution !== undefined)
      this.#help = new ExerciseHelp(root, exerciseId, this.#shipped.solution, this.#edits);

    // A Python sandbox has one runner (Pyodide in this browser): no choice to show.
    const runnerSelect = root.querySelector<HTMLSelectElement>('[data-action="runner"]');
    if (this.#python) this.#part("where").textContent = `Runs in: ${PYTHON_LABEL}`;
    else {
      if (runnerSelect) runnerSelect.value = pageRunner().state.preference;
      this.#showRunner(pageRunner().state);
      onRunnerChange((state) => this.#showRunner(state));
    }

    root.addEventListener("click", (event) => this.handle(event));
    root.addEventListener("keydown", (event) => this.handle(event));
    root.addEventListener("focusin", (event) => this.handle(event));
    runnerSelect?.addEventListener("change", () =>
      this.#choose(runnerSelect.value as RunnerPreference),
    );
    root.dataset["ready"] = "true";
  }

  warmUp(): void {
    if (this.#warm) return;
    this.#warm = true;
    // What the first run needs besides the runner: its output components, and for a saved edit
    // (run before the editor opens) the compiler and its type checker.
    // data-warm: everything a first run needs is loaded, so it works offline from here on.
    void Promise.all([
      import("./terminal/terminal-view.ts"),
      import("./live-panel/live-panel.ts"),
      pageRunner().runtimeLoaded(),
    ]).then(
      () => (this.#root.dataset["warm"] = "true"),
      () => undefined,
    );
    // Python: the runner's code and frame, no more until Run (Pyodide is megabytes; it loads
    // for a Python run only).
    if (this.#python) {
      void pythonRunner().catch(() => undefined); // a run reports it
      return;
    }
    if (this.#edits.edited && !this.#edits.editor)
      void typeCheck(this.#edits.code, this.#shipped.fileName).catch(() => undefined);
    void pageRunner()
      .prepare()
      .catch((error: unknown) =>
        this.#notice(
          `The sandbox runtime could not be loaded: ${messageOf(error)}. Check your connection and reload the page.`,
          "error",
        ),
      );
  }

  preloadEditor(): void {
    this.#edits.preloadEditor();
  }

  handle(event: Event): void {
    const target = event.target as HTMLElement;
    if (event.type === "click") {
      const action = target.closest<HTMLElement>("[data-action]")?.dataset["action"];
      if (action === "run") void this.run();
      else if (action === "stop") this.stop();
      else if (action === "edit") void this.#edits.openEditor(true);
      else if (action === "reset") this.#reset();
      else if (action === "check") void this.#check();
      else if (action === "hint") this.#help?.showNextHint();
      else if (action === "solution") void this.#help?.showSolution();
      else if (action === "back-to-my-code") void this.#help?.backToMyCode();
      else if (action === "focus") toggleFocusMode(this.#root, this.#action("focus"));
      else if (target.closest("[data-role=code]")) void this.#edits.openEditor(true);
    } else if (event.type === "keydown") {
      const key = event as KeyboardEvent;
      if (key.key === "Enter" && (key.ctrlKey || key.metaKey)) {
        key.preventDefault();
        void this.run();
      }
    } else if (event.type === "focusin" && target.closest("[data-role=code]")) {
      void this.#edits.openEditor(false);
    }
  }

  async run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#setRunning(true);
    this.#edits.saveNow();
    // On a phone, a run started from the code brings its output forward.
    if ((this.#root.dataset["tab"] ?? "code") === "code") showTab(this.#root, "output");
    const runNumber = ++this.#runCount;
    try {
      await this.#runOnce(runNumber);
    } catch (error) {
      this.#notice(`The run could not start: ${messageOf(error)}`, "error");
    } finally {
      this.#run = undefined;
      this.#running = false;
      this.#setRunning(false);
      this.#root.dataset["completedRuns"] = String(runNumber);
    }
  }

  /** One run, on its own session; the controller keeps what it produced for Check and the page. */
  async #runOnce(runNumber: number): Promise<void> {
    const code = this.#edits.code;
    const firstPythonRun = this.#python && !pythonAssetsRequested();
    // Pyodide loads and boots while the output components load, not after them.
    if (this.#python) this.#preparePython();
    const { terminal, panel } = await this.#output();
    this.#run = new RunSession({
      firstPythonRun,
      sandboxId: this.#id,
      runNumber,
      shipped: this.#shipped,
      code,
      editor: this.#edits.editor,
      terminal,
      panel,
      whereLine: this.#part("where"),
      waitBox: this.#part("wait"),
      setErrorMarkers: (markers) => this.#edits.setErrorMarkers(markers),
    });
    const finished = await this.#run.run();
    if (!finished) return;
    this.#lastRun = finished.checked;
    const { end, events, output } = finished;
    this.#root.dispatchEvent(
      new CustomEvent("payi-sandbox:run-end", {
        bubbles: true,
        detail: { sandboxId: this.#id, end, events, output },
      }),
    );
  }

  async #check(): Promise<void> {
    const exerciseId = this.#root.dataset["exerciseId"];
    if (exerciseId)
      await checkExercise(
        exerciseId,
        this.#part("check"),
        this.#lastRun,
        this.#edits.code,
        this.#python,
      );
  }

  stop(): void {
    this.#run?.stop();
  }

  /** Pyodide's files to the runner frame, and a Python booting there (a failure is the run's). */
  #preparePython(): void {
    void pythonRunner()
      .then((runner) => runner.prepare())
      .catch(() => undefined);
  }

  async #output(): Promise<{ terminal: TerminalView; panel: LivePanel }> {
    if (!this.#terminal || !this.#panel) {
      const [{ createTerminalView }, { createLivePanel }] = await Promise.all([
        import("./terminal/terminal-view.ts"),
        import("./live-panel/live-panel.ts"),
      ]);
      this.#part("output").hidden = false;
      this.#part("output-placeholder").hidden = true;
      this.#part("calls-placeholder").hidden = true;
      this.#terminal ??= createTerminalView(this.#part("terminal"), {
        label: `Output of ${this.#shipped.fileName}`,
      });
      fitTerminalToOutput(this.#part("terminal"), this.#terminal);
      this.#panel ??= createLivePanel(this.#part("panel"), {
        emphasis: emphasisOf(this.#root.dataset["emphasis"]),
      });
    }
    return { terminal: this.#terminal, panel: this.#panel };
  }

  #reset(): void {
    if (window.confirm("Reset this example? Your edits to it will be lost.")) this.#edits.reset();
  }

  #choose(preference: RunnerPreference): void {
    const error = writeRunnerPreference(safeLocalStorage(), preference);
    if (error) this.#notice(error, "warning");
    pageRunner().setPreference(preference);
    void pageRunner().prepare();
    // Every sandbox of the page shares the runner, so every select says the same.
    for (const select of document.querySelectorAll<HTMLSelectElement>(
      "payi-sandbox select[data-action=runner]",
    ))
      select.value = preference;
  }

  /** The runner's notices are the page's (page-runner.ts), shown once, not on every sandbox. */
  #showRunner(state: RunnerState): void {
    const where = this.#part("where");
    if (!this.#runCount)
      where.textContent =
        state.status === "ready"
          ? `Runs in: ${state.label}`
          : state.status === "preparing"
            ? "Preparing the runner…"
            : "Not run yet";
  }

  #setRunning(running: boolean): void {
    this.#action<HTMLButtonElement>("run").disabled = running;
    this.#action<HTMLButtonElement>("stop").disabled = !running;
    this.#root.toggleAttribute("data-running", running);
  }

  #notice(text: string, kind: "info" | "warning" | "error"): void {
    const notice = this.#part("notice");
    notice.textContent = text;
    notice.dataset["kind"] = kind;
    notice.hidden = false;
  }

  #part(role: string): HTMLElement {
    const element = this.#root.querySelector<HTMLElement>(`[data-role="${role}"]`);
    if (!element) throw new Error(`sandbox markup has no [data-role="${role}"]`);
    return element;
  }

  #action<T extends HTMLElement>(action: string): T {
    const element = this.#root.querySelector<T>(`[data-action="${action}"]`);
    if (!element) throw new Error(`sandbox markup has no [data-action="${action}"]`);
    return element;
  }
}

/** Columns a sandbox asks the panel to keep in view (`data-emphasis="limits"`). */
function emphasisOf(value: string | undefined): EmphasisColumn[] {
  return (value ?? "")
    .split(/[\s,]+/)
    .filter((name): name is EmphasisColumn => name === "limits" || name === "use-case");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
