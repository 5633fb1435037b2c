/**
 * Chooses and owns the page's runner, shared by every sandbox on the page:
 * WebContainer when the page is cross-origin isolated and it boots in time; the in-browser runner
 * otherwise, with a notice saying why. A run that fails because the runner broke (not the
 * program) is retried once in the browser, and the page stays there.
 */
import type { RuntimeFile } from "./runtime-files.ts";
import type {
  CompiledProgram,
  RunEnd,
  RunHandle,
  RunOptions,
  Runner,
  RunnerKind,
} from "./types.ts";
import {
  bootOnce,
  describeBootFailure,
  WebContainerUnavailable,
  type BootEnvironment,
} from "./webcontainer/boot.ts";
import type { Container } from "./webcontainer/container.ts";
import type { RunnerPreference } from "./preferences.ts";

export interface RunnerState {
  status: "idle" | "preparing" | "ready";
  kind: RunnerKind | null;
  label: string;
  /** Why the page is not where the learner would expect it (e.g. fell back to the browser). */
  notice: string | null;
  preference: RunnerPreference;
}

export interface RunnerManagerDeps {
  bootEnvironment: BootEnvironment;
  loadRuntime: () => Promise<RuntimeFile[]>;
  createBrowserRunner: (files: RuntimeFile[]) => Runner;
  createWebContainerRunner: (container: Container, files: RuntimeFile[]) => Runner;
  preference: RunnerPreference;
  onChange?: (state: RunnerState) => void;
}

export class RunnerManager {
  readonly #deps: RunnerManagerDeps;
  #state: RunnerState;
  #runner: Promise<Runner> | undefined;
  /** The chosen runner once choosing has finished. */
  #ready: Runner | undefined;
  #browser: Runner | undefined;

  constructor(deps: RunnerManagerDeps) {
    this.#deps = deps;
    this.#state = {
      status: "idle",
      kind: null,
      label: "Not started",
      notice: null,
      preference: deps.preference,
    };
  }

  get state(): RunnerState {
    return this.#state;
  }

  #update(patch: Partial<RunnerState>): void {
    this.#state = { ...this.#state, ...patch };
    this.#deps.onChange?.(this.#state);
  }

  async #browserRunner(files: RuntimeFile[]): Promise<Runner> {
    this.#browser ??= this.#deps.createBrowserRunner(files);
    return this.#browser;
  }

  async #choose(): Promise<Runner> {
    this.#update({ status: "preparing", label: "Preparing…" });
    const files = await this.#deps.loadRuntime();
    let runner: Runner;
    let notice: string | null = null;
    if (this.#state.preference === "browser") {
      runner = await this.#browserRunner(files);
    } else {
      try {
        runner = this.#deps.createWebContainerRunner(
          await bootOnce(this.#deps.bootEnvironment),
          files,
        );
      } catch (error) {
        if (!(error instanceof WebContainerUnavailable)) throw error;
        notice = describeBootFailure(error.failure);
        runner = await this.#browserRunner(files);
      }
    }
    this.#ready = runner;
    this.#update({ status: "ready", kind: runner.kind, label: runner.label, notice });
    return runner;
  }

  /** Gets the runner ready (pre-boot when a sandbox nears the viewport); safe to call often. */
  prepare(): Promise<Runner> {
    this.#runner ??= this.#choose();
    this.#runner.catch(() => {
      this.#runner = undefined;
      this.#update({ status: "idle", label: "Not started" });
    });
    return this.#runner;
  }

  /** The learner's choice; takes effect for the next run. */
  setPreference(preference: RunnerPreference): void {
    if (preference === this.#state.preference) return;
    this.#runner = undefined;
    this.#ready = undefined;
    this.#update({ preference, status: "idle", notice: null });
  }

  /**
   * The runner for a run starting now. While WebContainer is still booting (it can take seconds,
   * or never finish offline), an automatic choice does not keep the learner waiting: the run goes
   * to the browser, which behaves the same, and later runs use WebContainer once it is up.
   */
  async #runnerForNow(): Promise<Runner> {
    const choosing = this.prepare();
    if (this.#ready || this.#state.preference !== "auto") return choosing;
    const booting = Symbol("booting");
    const settled = await Promise.race([
      choosing,
      new Promise<typeof booting>((resolve) => setTimeout(() => resolve(booting), 0)),
    ]);
    if (settled !== booting) return settled;
    const browser = await this.#browserRunner(await this.#deps.loadRuntime());
    this.#update({
      notice:
        "Node.js (WebContainer) is still starting, so this run used your browser (same results). Later runs use Node.js once it is ready.",
    });
    return browser;
  }

  run(program: CompiledProgram, options: RunOptions): RunHandle {
    let current: RunHandle | undefined;
    let stopped = false;
    const done = (async (): Promise<RunEnd> => {
      const runner = await this.#runnerForNow();
      if (stopped) return { kind: "stopped" };
      options.onStart?.({ kind: runner.kind, label: runner.label });
      current = runner.run(program, options);
      const end = await current.done;
      if (end.kind !== "runner-failed" || runner.kind !== "webcontainer") return end;
      // The runner broke, not the program: continue in the browser, and stay there.
      const files = await this.#deps.loadRuntime();
      const browser = await this.#browserRunner(files);
      this.#runner = Promise.resolve(browser);
      this.#ready = browser;
      this.#update({
        kind: browser.kind,
        label: browser.label,
        notice: `Node.js (WebContainer) stopped working (${end.message}). Your code now runs in your browser.`,
      });
      if (stopped) return { kind: "stopped" };
      options.onStart?.({ kind: browser.kind, label: browser.label });
      current = browser.run(program, options);
      return current.done;
    })();
    return {
      done,
      stop: () => {
        stopped = true;
        current?.stop();
      },
    };
  }
}
