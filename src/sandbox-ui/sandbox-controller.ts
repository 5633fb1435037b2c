/**
 * One sandbox on a lesson page: toolbar, code (static, then the editor), terminal and live panel,
 * wired to the page's runner. Data flows one way: code -> compiler -> runner -> output and events
 * -> terminal and panel. The controller owns the state; the components render what they are given.
 */
import type {
  CompiledProgram as CompilerOutput,
  LessonDiagnostic,
} from "../../sandbox/compiler/compile.ts";
import type { CallEvent } from "../../shared/calls/event.ts";
import { compileInBrowser, warmUpCompiler } from "../runners/compile-client.ts";
import { writeRunnerPreference, type RunnerPreference } from "../runners/preferences.ts";
import type { RunnerState } from "../runners/runner-manager.ts";
import type { CompiledProgram, RunEnd, RunHandle, RunnerKind } from "../runners/types.ts";
import { safeLocalStorage } from "../local-storage.ts";
import { emitCalls, endRun } from "../call-sinks.ts";
import { clearEdit, hashSource, loadEdit, saveEdit } from "./edits-store.ts";
import { onRunnerChange, pageRunner } from "./page-runner.ts";
import { describeEnd, errorMarkersFrom } from "./run-messages.ts";
import type { CodeEditor } from "./editor/code-editor.ts";
import type { LivePanel } from "./live-panel/live-panel.ts";
import type { TerminalView } from "./terminal/terminal-view.ts";

interface ShippedProgram {
  source: string;
  fileName: string;
  outputFile: string;
  code: string;
  map: string;
}

/** Per-run time limit: long enough for realistic mock latency, short enough for a stuck loop. */
const RUN_TIMEOUT_MS = 30_000;

export interface SandboxHandle {
  handle(event: Event): void;
}

export function attachSandbox(root: HTMLElement): SandboxHandle {
  return new SandboxController(root);
}

class SandboxController implements SandboxHandle {
  readonly #root: HTMLElement;
  readonly #id: string;
  readonly #shipped: ShippedProgram;
  readonly #originalHash: string;
  #code: string;
  #editor: CodeEditor | undefined;
  #editorLoading: Promise<CodeEditor | undefined> | undefined;
  #terminal: TerminalView | undefined;
  #panel: LivePanel | undefined;
  #run: RunHandle | undefined;
  #running = false;
  /** The last run that ended, for Check: what was run and what it produced. */
  #lastRun:
    { code: string; events: CallEvent[]; output: string; exitCode: number | null } | undefined;
  #runCount = 0;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#id = root.dataset["sandboxId"] ?? "sandbox";
    this.#shipped = JSON.parse(this.#part("program").textContent ?? "{}") as ShippedProgram;
    this.#originalHash = hashSource(this.#shipped.source);
    this.#code = this.#shipped.source;

    const saved = loadEdit(safeLocalStorage(), this.#id);
    if (saved.error) this.#notice(saved.error, "warning");
    if (saved.edit && saved.edit.code !== this.#shipped.source) {
      this.#code = saved.edit.code;
      this.#showSavedEditStatically(saved.edit.originalHash !== this.#originalHash);
    }
    this.#renderButtons();

    const runnerSelect = this.#action<HTMLSelectElement>("runner");
    runnerSelect.value = pageRunner().state.preference;
    this.#showRunner(pageRunner().state);
    onRunnerChange((state) => this.#showRunner(state));
    void pageRunner()
      .prepare()
      .catch((error: unknown) =>
        this.#notice(
          `The sandbox runtime could not be loaded: ${messageOf(error)}. Check your connection and reload the page.`,
          "error",
        ),
      );

    root.addEventListener("click", (event) => this.handle(event));
    root.addEventListener("keydown", (event) => this.handle(event));
    root.addEventListener("focusin", (event) => this.handle(event));
    runnerSelect.addEventListener("change", () =>
      this.#choose(runnerSelect.value as RunnerPreference),
    );
    root.dataset["ready"] = "true";
  }

  handle(event: Event): void {
    const target = event.target as HTMLElement;
    if (event.type === "click") {
      const action = target.closest<HTMLElement>("[data-action]")?.dataset["action"];
      if (action === "run") void this.run();
      else if (action === "stop") this.stop();
      else if (action === "edit") void this.#upgradeEditor(true);
      else if (action === "reset") this.#reset();
      else if (action === "check") void this.#check();
      else if (target.closest("[data-role=code]")) void this.#upgradeEditor(true);
    } else if (event.type === "keydown") {
      const key = event as KeyboardEvent;
      if (key.key === "Enter" && (key.ctrlKey || key.metaKey)) {
        key.preventDefault();
        void this.run();
      }
    } else if (event.type === "focusin" && target.closest("[data-role=code]")) {
      void this.#upgradeEditor(false);
    }
  }

  async run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#setRunning(true);
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

  async #runOnce(runNumber: number): Promise<void> {
    const code = this.#editor?.getValue() ?? this.#code;
    const { terminal, panel } = await this.#output();
    panel.reset(`Run ${runNumber}`);
    panel.setRunState("running");
    this.#editor?.setErrorMarkers([]);

    let compiled: CompilerOutput | ShippedProgram;
    try {
      compiled =
        code === this.#shipped.source ? this.#shipped : await this.#compile(code, terminal);
    } catch (error) {
      terminal.status(`Could not compile: ${messageOf(error)}`, "error");
      panel.setRunState("failed");
      return;
    }
    if ("ok" in compiled && !compiled.ok) {
      this.#showDiagnostics(compiled.diagnostics, terminal);
      panel.setRunState("failed");
      return;
    }
    const program: CompiledProgram = {
      fileName: this.#shipped.fileName,
      outputFile: compiled.outputFile,
      code: compiled.code,
      map: compiled.map,
    };
    let output = "";
    const events: CallEvent[] = [];
    // Every call also goes to the page's call sinks (Cost Drivers, a workshop room), which never
    // block the run.
    const runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    let runner: RunnerKind = "browser";
    panel.setRunLinks([]);
    this.#run = pageRunner().run(program, {
      latencyScale: mockLatencyScale(),
      timeoutMs: RUN_TIMEOUT_MS,
      onStart: (where) => {
        terminal.runSeparator(
          `run ${runNumber} · ${where.label} · ${new Date().toLocaleTimeString()}`,
        );
        this.#part("where").textContent = `Ran in: ${where.label}`;
        runner = where.kind;
      },
      onOutput: (item) => {
        if (item.kind === "text") {
          output += item.text;
          terminal.write(item.text);
        } else {
          events.push(item.event);
          panel.add(item.event);
          const meta = {
            runId,
            sandboxId: this.#id,
            lesson: lessonSlug(),
            runner,
            recordedAt: new Date().toISOString(),
          };
          emitCalls([{ event: item.event, meta }]);
        }
      },
    });
    const end: RunEnd = await this.#run.done;
    if (events.length > 0) void endRun(runId).then((links) => panel.setRunLinks(links));
    const message = describeEnd(end, events.length);
    terminal.status(message.text, message.kind);
    panel.setRunState(
      end.kind === "exited" && end.code === 0
        ? "finished"
        : end.kind === "stopped"
          ? "finished"
          : "failed",
    );
    this.#editor?.setErrorMarkers(errorMarkersFrom(output, this.#shipped.fileName));
    this.#lastRun = { code, events, output, exitCode: end.kind === "exited" ? end.code : null };
    this.#root.dispatchEvent(
      new CustomEvent("payi-sandbox:run-end", {
        bubbles: true,
        detail: { sandboxId: this.#id, end, events, output },
      }),
    );
  }

  async #check(): Promise<void> {
    const exerciseId = this.#root.dataset["exerciseId"];
    const box = this.#part("check");
    if (!exerciseId) return;
    const show = (kind: "passed" | "failed" | "info", title: string, problems: string[] = []) => {
      box.hidden = false;
      box.dataset["kind"] = kind;
      const heading = document.createElement("p");
      heading.className = "payi-sandbox__check-title";
      heading.textContent = title;
      const list = document.createElement("ul");
      for (const problem of problems)
        list.append(Object.assign(document.createElement("li"), { textContent: problem }));
      box.replaceChildren(heading, ...(problems.length ? [list] : []));
    };
    const current = this.#editor?.getValue() ?? this.#code;
    if (!this.#lastRun)
      return show(
        "info",
        "Run your code first, then Check: the check reads the calls of your last run.",
      );
    if (this.#lastRun.code !== current) {
      return show("info", "You changed the code since your last run. Run it again, then Check.");
    }
    try {
      const { loadCheck } = await import("../exercises/load-check.ts");
      const verdict = (await loadCheck(exerciseId))(this.#lastRun);
      if (!verdict.passed) return show("failed", "Not yet. Still to fix:", verdict.problems);
      const { markSolved, PROGRESS_EVENT } = await import("../exercises/progress.ts");
      const error = markSolved(safeLocalStorage(), exerciseId);
      show("passed", error ?? "Solved! Well done: this exercise is marked done for this day.");
      window.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail: { exerciseId } }));
    } catch (error) {
      show("info", `The check could not run: ${messageOf(error)}. Reload the page and try again.`);
    }
  }

  stop(): void {
    this.#run?.stop();
  }

  async #compile(code: string, terminal: TerminalView): Promise<CompilerOutput> {
    terminal.status("Compiling your code…", "info");
    return compileInBrowser(code, this.#shipped.fileName);
  }

  #showDiagnostics(diagnostics: LessonDiagnostic[], terminal: TerminalView): void {
    for (const d of diagnostics)
      terminal.status(
        `${d.file}:${d.line}:${d.column} - ${d.category} TS${d.code}: ${d.message}`,
        "error",
      );
    terminal.status(
      "Syntax errors: the program was not run. Fix the marked line and run it again.",
      "error",
    );
    this.#editor?.setErrorMarkers(
      diagnostics.map((d) => ({ line: d.line, column: d.column, message: d.message })),
    );
  }

  async #output(): Promise<{ terminal: TerminalView; panel: LivePanel }> {
    if (!this.#terminal || !this.#panel) {
      const [{ createTerminalView }, { createLivePanel }] = await Promise.all([
        import("./terminal/terminal-view.ts"),
        import("./live-panel/live-panel.ts"),
      ]);
      this.#part("output").hidden = false;
      this.#terminal ??= createTerminalView(this.#part("terminal"), {
        label: `Output of ${this.#shipped.fileName}`,
      });
      this.#panel ??= createLivePanel(this.#part("panel"));
    }
    return { terminal: this.#terminal, panel: this.#panel };
  }

  #upgradeEditor(focus: boolean): Promise<CodeEditor | undefined> {
    this.#editorLoading ??= (async () => {
      warmUpCompiler();
      const host = this.#part("code");
      host.setAttribute("aria-busy", "true");
      try {
        const { createCodeEditor } = await import("./editor/code-editor.ts");
        const mount = document.createElement("div");
        mount.className = "payi-sandbox__editor";
        const editor = await createCodeEditor(mount, {
          value: this.#code,
          fileName: this.#shipped.fileName,
          ariaLabel: `Code of ${this.#shipped.fileName}. Ctrl+Enter runs it. Press Ctrl+M to make Tab move focus out of the editor.`,
          typesUrl: `${import.meta.env.BASE_URL.replace(/\/?$/, "/")}sandbox-runtime/types.json`,
          onChange: (value) => this.#remember(value),
          onRun: () => void this.run(),
        });
        host.replaceChildren(mount);
        this.#editor = editor;
        return editor;
      } catch (error) {
        this.#notice(
          `The editor could not be loaded (${messageOf(error)}). You can still run the example.`,
          "error",
        );
        this.#editorLoading = undefined;
        return undefined;
      } finally {
        host.removeAttribute("aria-busy");
      }
    })();
    return this.#editorLoading.then((editor) => {
      if (focus) editor?.focus();
      return editor;
    });
  }

  #remember(value: string): void {
    this.#code = value;
    this.#renderButtons();
    clearTimeout(this.#saveTimer);
    // Debounced: typing should not hit storage on every key.
    this.#saveTimer = setTimeout(() => {
      const store = safeLocalStorage();
      const error =
        value === this.#shipped.source
          ? clearEdit(store, this.#id)
          : saveEdit(store, this.#id, {
              code: value,
              savedAt: new Date().toISOString(),
              originalHash: this.#originalHash,
            });
      if (error) this.#notice(error, "error");
    }, 300);
  }

  #reset(): void {
    if (!window.confirm("Reset this example? Your edits to it will be lost.")) return;
    clearTimeout(this.#saveTimer);
    const error = clearEdit(safeLocalStorage(), this.#id);
    if (error) this.#notice(error, "error");
    this.#code = this.#shipped.source;
    this.#editor?.setValue(this.#shipped.source);
    if (!this.#editor) window.location.reload();
    this.#renderButtons();
    this.#notice("The example is back to its original code.", "info");
  }

  #choose(preference: RunnerPreference): void {
    const error = writeRunnerPreference(safeLocalStorage(), preference);
    if (error) this.#notice(error, "warning");
    pageRunner().setPreference(preference);
    void pageRunner().prepare();
  }

  #showSavedEditStatically(exampleChanged: boolean): void {
    const pre = document.createElement("pre");
    pre.className = "payi-sandbox__saved-code";
    pre.tabIndex = 0;
    pre.textContent = this.#code;
    this.#part("code").replaceChildren(pre);
    this.#notice(
      exampleChanged
        ? "Showing your edited version, saved in this browser. The original example has changed since; Reset to see the new one."
        : "Showing your edited version, saved in this browser. Reset brings back the original.",
      "info",
    );
  }

  #showRunner(state: RunnerState): void {
    const where = this.#part("where");
    if (!this.#runCount)
      where.textContent =
        state.status === "ready"
          ? `Runs in: ${state.label}`
          : state.status === "preparing"
            ? "Preparing the runner…"
            : "Not run yet";
    if (state.notice) this.#notice(state.notice, "info");
  }

  #setRunning(running: boolean): void {
    this.#action<HTMLButtonElement>("run").disabled = running;
    this.#action<HTMLButtonElement>("stop").disabled = !running;
    this.#root.toggleAttribute("data-running", running);
  }

  #renderButtons(): void {
    this.#action<HTMLButtonElement>("reset").hidden = this.#code === this.#shipped.source;
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
