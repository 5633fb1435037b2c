/**
 * Chooses and owns the page's runner, shared by every sandbox on the page:
 * WebContainer when the page is cross-origin isolated and it boots in time; the in-browser runner
 * otherwise, with a notice saying why. A run that fails because the runner broke (not the
 * program) is retried once in the browser, and the page stays there.
 *
 * A run never waits without saying so: when the learner chose WebContainer and it is still
 * starting, the run reports what it waits for (`onWaiting`) and can be sent to the browser at
 * once; offline, or when WebContainer already failed to start on this visit, there is no wait.
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
  describeEarlierBootFailure,
  WebContainerUnavailable,
  type BootEnvironment,
  type BootFailure,
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

/** What a run is waiting for, told to the sandbox that is waiting. */
export interface RunnerWait {
  /** e.g. "Node.js (WebContainer)". */
  waitingFor: string;
  /** `Date.now()` when the wait began. */
  since: number;
  /** Settles when the wait is over, however it ended. */
  over: Promise<void>;
  /** Runs this run in the browser now instead. */
  runInBrowserNow(): void;
}

export interface ManagedRunOptions extends RunOptions {
  /** Called when the run has to wait for the runner the learner chose. */
  onWaiting?: (wait: RunnerWait) => void;
}

/** Remembers, for this visit (the tab), that WebContainer could not start. */
export interface BootMemory {
  failedEarlier(): BootFailure | null;
  remember(failure: BootFailure | null): void;
}

const WEBCONTAINER = "Node.js (WebContainer)";

export interface RunnerManagerDeps {
  bootEnvironment: BootEnvironment;
  bootMemory?: BootMemory;
  loadRuntime: () => Promise<RuntimeFile[]>;
  /**
   * Gets the runtime's files while they load: the in-browser runner starts its sandboxed frame at
   * once, so the frame boots while the files download.
   */
  createBrowserRunner: (files: Promise<RuntimeFile[]>) => Runner;
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
  /** Runs waiting for WebContainer: each is sent to the browser when the wait is cut short. */
  readonly #waiting = new Set<() => void>();

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

  /** The page's in-browser runner, once the runtime's files have loaded. */
  async #browserRunner(): Promise<Runner> {
    const files = this.#deps.loadRuntime();
    if (!this.#browser) {
      const created = this.#deps.createBrowserRunner(files);
      this.#browser = created;
      // A runner whose files never came is of no use: the next attempt makes a new one.
      files.catch(() => {
        if (this.#browser !== created) return;
        this.#browser = undefined;
        created.dispose();
      });
    }
    const runner = this.#browser;
    await files;
    return runner;
  }

  async #choose(): Promise<Runner> {
    this.#update({ status: "preparing", label: "Preparing…" });
    let runner: Runner;
    let notice: string | null = null;
    const skip = this.#state.preference === "browser" ? null : this.#noWebContainer();
    if (this.#state.preference === "browser") {
      runner = await this.#browserRunner();
    } else if (skip) {
      notice = skip;
      runner = await this.#browserRunner();
    } else {
      const files = await this.#deps.loadRuntime();
      try {
        runner = this.#deps.createWebContainerRunner(
          await bootOnce(this.#deps.bootEnvironment),
          files,
        );
      } catch (error) {
        if (!(error instanceof WebContainerUnavailable)) throw error;
        if (error.failure.reason !== "not-isolated") this.#deps.bootMemory?.remember(error.failure);
        notice = describeBootFailure(error.failure);
        runner = await this.#browserRunner();
      }
    }
    this.#ready = runner;
    this.#update({ status: "ready", kind: runner.kind, label: runner.label, notice });
    return runner;
  }

  /**
   * Resolves once the runtime bundle is loaded: what a run in the browser needs, whichever runner
   * is chosen (a WebContainer boot may still be under way, or never finish offline).
   */
  async runtimeLoaded(): Promise<void> {
    await this.#deps.loadRuntime();
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

  /**
   * Why WebContainer is not worth waiting for now, if it is not: the browser is offline, or it
   * already failed to start on this visit. Null when it may start.
   */
  #noWebContainer(): string | null {
    if (!this.#deps.bootEnvironment.online) return describeBootFailure({ reason: "offline" });
    const earlier: BootFailure | null = this.#deps.bootMemory?.failedEarlier() ?? null;
    return earlier ? describeEarlierBootFailure(earlier) : null;
  }

  /** The browser went offline: runs waiting for WebContainer go to the browser now. */
  wentOffline(): void {
    if (this.#state.preference === "browser" || (this.#waiting.size === 0 && this.#ready)) return;
    this.#update({ notice: describeBootFailure({ reason: "offline" }) });
    for (const release of [...this.#waiting]) release();
  }

  /** The learner's choice; takes effect for the next run. */
  setPreference(preference: RunnerPreference): void {
    if (preference === this.#state.preference) return;
    // Choosing WebContainer again is how a learner retries it after a failure.
    if (preference === "webcontainer") this.#deps.bootMemory?.remember(null);
    this.#runner = undefined;
    this.#ready = undefined;
    this.#update({ preference, status: "idle", notice: null });
  }

  /**
   * The runner for a run starting now. While WebContainer is still booting (it can take seconds,
   * or never finish offline), an automatic choice does not keep the learner waiting: the run goes
   * to the browser, which behaves the same, and later runs use WebContainer once it is up.
   */
  async #runnerForNow(onWaiting?: (wait: RunnerWait) => void): Promise<Runner> {
    const choosing = this.prepare();
    if (this.#ready || this.#state.preference === "browser") return choosing;
    if (this.#state.preference === "webcontainer")
      return this.#waitForWebContainer(choosing, onWaiting);
    const booting = Symbol("booting");
    const settled = await Promise.race([
      choosing,
      new Promise<typeof booting>((resolve) => setTimeout(() => resolve(booting), 0)),
    ]);
    if (settled !== booting) return settled;
    const browser = await this.#browserRunner();
    this.#update({
      notice:
        "Node.js (WebContainer) is still starting, so this run used your browser (same results). Later runs use Node.js once it is ready.",
    });
    return browser;
  }

  /**
   * The learner chose WebContainer: wait for it, saying so, unless it cannot come (offline, failed
   * earlier on this visit) or the learner sends the run to the browser.
   */
  async #waitForWebContainer(
    choosing: Promise<Runner>,
    onWaiting?: (wait: RunnerWait) => void,
  ): Promise<Runner> {
    const skip = this.#noWebContainer();
    if (skip) {
      this.#update({ notice: skip });
      return this.#browserRunner();
    }
    const pending = Symbol("pending");
    const settled = await Promise.race([
      choosing,
      new Promise<typeof pending>((resolve) => setTimeout(() => resolve(pending), 0)),
    ]);
    if (settled !== pending) return settled;
    let release: () => void = () => undefined;
    const released = new Promise<"browser">((resolve) => (release = () => resolve("browser")));
    this.#waiting.add(release);
    let endWait: () => void = () => undefined;
    const over = new Promise<void>((resolve) => (endWait = resolve));
    onWaiting?.({ waitingFor: WEBCONTAINER, since: Date.now(), over, runInBrowserNow: release });
    try {
      const winner = await Promise.race([choosing, released]);
      return winner === "browser" ? await this.#browserRunner() : winner;
    } finally {
      this.#waiting.delete(release);
      endWait();
    }
  }

  run(program: CompiledProgram, options: ManagedRunOptions): RunHandle {
    let current: RunHandle | undefined;
    let stopped = false;
    const done = (async (): Promise<RunEnd> => {
      const runner = await this.#runnerForNow(options.onWaiting);
      if (stopped) return { kind: "stopped" };
      options.onStart?.({ kind: runner.kind, label: runner.label });
      current = runner.run(program, options);
      const end = await current.done;
      if (end.kind !== "runner-failed" || runner.kind !== "webcontainer") return end;
      // The runner broke, not the program: continue in the browser, and stay there.
      const browser = await this.#browserRunner();
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
