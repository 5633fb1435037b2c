import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import {
  RunnerManager,
  type BootMemory,
  type RunnerState,
  type RunnerWait,
} from "../../../../src/runners/runner-manager.ts";
import {
  readRunnerPreference,
  writeRunnerPreference,
} from "../../../../src/runners/preferences.ts";
import type { CompiledProgram, RunEnd, RunOptions, Runner } from "../../../../src/runners/types.ts";
import {
  forgetSharedContainer,
  type BootEnvironment,
  type BootFailure,
} from "../../../../src/runners/webcontainer/boot.ts";
import type { Container } from "../../../../src/runners/webcontainer/container.ts";

class ScriptedRunner implements Runner {
  readonly runs: string[] = [];
  readonly kind: Runner["kind"];
  readonly label: string;
  readonly #end: RunEnd;
  constructor(kind: Runner["kind"], end: RunEnd = { kind: "exited", code: 0, crashed: false }) {
    this.kind = kind;
    this.label = kind === "browser" ? "In your browser" : "Node.js 20 in WebContainer";
    this.#end = end;
  }
  run(program: CompiledProgram, _options: RunOptions) {
    this.runs.push(program.fileName);
    return { done: Promise.resolve(this.#end), stop: () => undefined };
  }
  dispose() {}
}

const program: CompiledProgram = { fileName: "a.ts", outputFile: "a.mjs", code: "", map: "" };
const runOptions: RunOptions = {
  latencyScale: 0,
  idleTimeoutMs: 1000,
  maxRunMs: 5000,
  onOutput: () => undefined,
};
const fakeContainer = {} as Container;

/** sessionStorage in the page: what failed earlier on this visit. */
function memory(initial: BootFailure | null = null): BootMemory & { value: BootFailure | null } {
  return {
    value: initial,
    failedEarlier() {
      return this.value;
    },
    remember(failure) {
      this.value = failure;
    },
  };
}

function setup(
  env: Partial<BootEnvironment>,
  options: {
    webcontainerEnd?: RunEnd;
    preference?: "auto" | "browser" | "webcontainer";
    bootMemory?: BootMemory;
  } = {},
) {
  let boots = 0;
  const browser = new ScriptedRunner("browser");
  const webcontainer = new ScriptedRunner("webcontainer", options.webcontainerEnd);
  const states: RunnerState[] = [];
  const manager = new RunnerManager({
    bootEnvironment: {
      crossOriginIsolated: true,
      hasSharedArrayBuffer: true,
      online: true,
      apiKey: undefined,
      timeoutMs: 200,
      boot: async () => {
        boots++;
        return fakeContainer;
      },
      ...env,
    },
    ...(options.bootMemory ? { bootMemory: options.bootMemory } : {}),
    loadRuntime: async () => [],
    createBrowserRunner: () => browser,
    createWebContainerRunner: () => webcontainer,
    preference: options.preference ?? "auto",
    onChange: (state) => void states.push(state),
  });
  return { manager, browser, webcontainer, states, boots: () => boots };
}

beforeEach(() => forgetSharedContainer());

describe("choosing a runner", () => {
  test("cross-origin isolated and booting: WebContainer, no notice", async () => {
    const { manager } = setup({});
    const runner = await manager.prepare();
    assert.equal(runner.kind, "webcontainer");
    assert.equal(manager.state.label, "Node.js 20 in WebContainer");
    assert.equal(manager.state.notice, null);
  });
  test("not isolated: the browser at once, without trying to boot, and a notice that says why", async () => {
    const { manager, boots } = setup({ crossOriginIsolated: false });
    const runner = await manager.prepare();
    assert.equal(runner.kind, "browser");
    assert.equal(boots(), 0);
    assert.match(manager.state.notice ?? "", /cross-origin isolated/);
  });
  test("a boot that never settles falls back within the time limit, with a notice", async () => {
    const { manager } = setup({
      boot: () => new Promise<Container>(() => undefined),
      timeoutMs: 300,
    });
    const started = Date.now();
    const runner = await manager.prepare();
    const elapsed = Date.now() - started;
    assert.equal(runner.kind, "browser");
    assert.ok(elapsed >= 290 && elapsed < 2000, `fell back after ${elapsed} ms`);
    assert.match(
      manager.state.notice ?? "",
      /did not start within 0 s|did not start within 1 s|offline/,
    );
  });
  test("boot errors are classified: blocked cookies, out of memory", async () => {
    const cookies = setup({
      boot: async () => Promise.reject(new Error("Unable to access third-party cookies")),
    });
    await cookies.manager.prepare();
    assert.match(cookies.manager.state.notice ?? "", /third-party cookies or storage are blocked/);
    forgetSharedContainer();
    const memory = setup({
      boot: async () => Promise.reject(new Error("RangeError: Out of memory")),
    });
    await memory.manager.prepare();
    assert.match(memory.manager.state.notice ?? "", /ran out of memory/);
  });
  test("the learner's choice of the browser is respected and needs no boot", async () => {
    const { manager, boots } = setup({}, { preference: "browser" });
    assert.equal((await manager.prepare()).kind, "browser");
    assert.equal(boots(), 0);
    assert.equal(manager.state.notice, null);
  });
  test("one WebContainer per page: several sandboxes preparing at once boot once", async () => {
    const { manager, boots } = setup({});
    await Promise.all([manager.prepare(), manager.prepare(), manager.prepare()]);
    assert.equal(boots(), 1);
  });
});

describe("running before WebContainer is ready", () => {
  test("offline: no boot attempt, the browser, and a notice that says so", async () => {
    const { manager, boots } = setup({ online: false });
    assert.equal((await manager.prepare()).kind, "browser");
    assert.equal(boots(), 0);
    assert.match(manager.state.notice ?? "", /offline/);
  });
  test("a run while WebContainer is still booting goes to the browser at once; later runs use WebContainer", async () => {
    let finishBoot: (container: Container) => void = () => undefined;
    const { manager, browser, webcontainer } = setup({
      boot: () => new Promise<Container>((resolve) => (finishBoot = resolve)),
      timeoutMs: 10_000,
    });
    manager.prepare();
    assert.deepEqual(await manager.run(program, runOptions).done, {
      kind: "exited",
      code: 0,
      crashed: false,
    });
    assert.deepEqual([browser.runs.length, webcontainer.runs.length], [1, 0]);
    assert.match(manager.state.notice ?? "", /still starting/);
    finishBoot(fakeContainer);
    await manager.prepare();
    await manager.run(program, runOptions).done;
    assert.deepEqual([browser.runs.length, webcontainer.runs.length], [1, 1]);
    assert.equal(manager.state.notice, null);
  });
  test("a learner who chose Node.js waits for it rather than silently using the browser", async () => {
    let finishBoot: (container: Container) => void = () => undefined;
    const { manager, browser, webcontainer } = setup(
      {
        boot: () => new Promise<Container>((resolve) => (finishBoot = resolve)),
        timeoutMs: 10_000,
      },
      { preference: "webcontainer" },
    );
    const run = manager.run(program, runOptions).done;
    setTimeout(() => finishBoot(fakeContainer), 50);
    await run;
    assert.deepEqual([browser.runs.length, webcontainer.runs.length], [0, 1]);
  });
});

describe("a learner who chose Node.js (WebContainer) is never left waiting in silence", () => {
  const neverBoots = () => new Promise<Container>(() => undefined);

  test("the waiting run says what it waits for, from when, and can run in the browser now", async () => {
    const { manager, browser, webcontainer } = setup(
      { boot: neverBoots, timeoutMs: 1_500 },
      { preference: "webcontainer" },
    );
    const waits: RunnerWait[] = [];
    const started = Date.now();
    const run = manager.run(program, { ...runOptions, onWaiting: (wait) => void waits.push(wait) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(waits.length, 1);
    assert.equal(waits[0]!.waitingFor, "Node.js (WebContainer)");
    assert.ok(waits[0]!.since >= started && waits[0]!.since <= Date.now());
    waits[0]!.runInBrowserNow();
    assert.deepEqual(await run.done, { kind: "exited", code: 0, crashed: false });
    await waits[0]!.over;
    assert.deepEqual([browser.runs.length, webcontainer.runs.length], [1, 0]);
  });

  test("offline (navigator.onLine false): no wait at all, the browser at once, and the notice says offline", async () => {
    const { manager, browser, boots } = setup(
      { boot: neverBoots, online: false },
      { preference: "webcontainer" },
    );
    let waited = false;
    const started = Date.now();
    await manager.run(program, { ...runOptions, onWaiting: () => (waited = true) }).done;
    assert.ok(Date.now() - started < 100, `took ${Date.now() - started} ms`);
    assert.equal(waited, false);
    assert.equal(browser.runs.length, 1);
    assert.equal(boots(), 0);
    assert.match(manager.state.notice ?? "", /You are offline/);
  });

  test("going offline while a run waits sends it to the browser at once, and the notice says offline", async () => {
    const env = { online: true };
    const { manager, browser } = setup(
      {
        boot: neverBoots,
        timeoutMs: 1_500,
        get online() {
          return env.online;
        },
      },
      { preference: "webcontainer" },
    );
    const waits: RunnerWait[] = [];
    const run = manager.run(program, { ...runOptions, onWaiting: (wait) => void waits.push(wait) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(waits.length, 1);
    env.online = false;
    manager.wentOffline();
    assert.deepEqual(await run.done, { kind: "exited", code: 0, crashed: false });
    assert.equal(browser.runs.length, 1);
    assert.match(manager.state.notice ?? "", /You are offline/);
  });

  test("a boot that failed earlier on this visit is not waited for again, and is remembered", async () => {
    const earlierPage = memory();
    const first = setup(
      { boot: neverBoots, timeoutMs: 100 },
      { preference: "webcontainer", bootMemory: earlierPage },
    );
    await first.manager.prepare();
    assert.match(first.manager.state.notice ?? "", /did not start within/);
    assert.deepEqual(earlierPage.value, { reason: "timeout", afterMs: 100 });
    forgetSharedContainer();
    const visit = memory({ reason: "timeout", afterMs: 20_000 });
    const next = setup(
      { boot: neverBoots, timeoutMs: 1_500 },
      { preference: "webcontainer", bootMemory: visit },
    );
    let waited = false;
    const started = Date.now();
    await next.manager.run(program, { ...runOptions, onWaiting: () => (waited = true) }).done;
    assert.ok(Date.now() - started < 100, `took ${Date.now() - started} ms`);
    assert.equal(waited, false);
    assert.equal(next.boots(), 0);
    assert.equal(next.browser.runs.length, 1);
    assert.match(
      next.manager.state.notice ?? "",
      /could not start earlier in this visit \(it did not start within 20 s\)/,
    );
  });

  test("a boot failure is remembered for the visit; choosing Node.js again forgets it", async () => {
    const visit = memory();
    const { manager } = setup(
      { boot: async () => Promise.reject(new Error("Unable to access third-party cookies")) },
      { preference: "auto", bootMemory: visit },
    );
    await manager.prepare();
    assert.equal(visit.value?.reason, "boot-error");
    manager.setPreference("webcontainer");
    assert.equal(visit.value, null);
  });

  test("not being cross-origin isolated is not remembered as a failure (it is known at once anyway)", async () => {
    const visit = memory();
    const { manager } = setup({ crossOriginIsolated: false }, { bootMemory: visit });
    await manager.prepare();
    assert.equal(visit.value, null);
  });
});

describe("when WebContainer breaks during a run", () => {
  test("the run is retried in the browser, the page stays there, and the learner is told", async () => {
    const { manager, browser, webcontainer } = setup(
      {},
      { webcontainerEnd: { kind: "runner-failed", message: "process crashed" } },
    );
    const end = await manager.run(program, runOptions).done;
    assert.deepEqual(end, { kind: "exited", code: 0, crashed: false });
    assert.deepEqual([webcontainer.runs.length, browser.runs.length], [1, 1]);
    assert.equal(manager.state.kind, "browser");
    assert.match(manager.state.notice ?? "", /stopped working \(process crashed\)/);
    await manager.run(program, runOptions).done;
    assert.deepEqual([webcontainer.runs.length, browser.runs.length], [1, 2]);
  });
  test("a program's own failure is not a runner failure", async () => {
    const { manager, browser } = setup(
      {},
      { webcontainerEnd: { kind: "exited", code: 1, crashed: false } },
    );
    assert.deepEqual(await manager.run(program, runOptions).done, {
      kind: "exited",
      code: 1,
      crashed: false,
    });
    assert.equal(browser.runs.length, 0);
  });
});

describe("the remembered choice", () => {
  test("round-trips, defaults to auto, and storage failures are reported, not thrown", () => {
    const values = new Map<string, string>();
    const store = {
      getItem: (key: string) => values.get(key) ?? null,
      setItem: (key: string, value: string) => void values.set(key, value),
    };
    assert.equal(readRunnerPreference(store), "auto");
    assert.equal(writeRunnerPreference(store, "browser"), null);
    assert.equal(readRunnerPreference(store), "browser");
    const broken = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    assert.equal(readRunnerPreference(broken), "auto");
    assert.match(
      writeRunnerPreference(broken, "browser") ?? "",
      /could not be saved.*QuotaExceededError/,
    );
  });
});

describe("the in-browser runner starts while the runtime's files load", () => {
  /** A manager on the browser runner whose runtime files arrive when the test says. */
  function pending() {
    let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
    const created: { files: Promise<unknown>; runner: ScriptedRunner; disposed: boolean }[] = [];
    const manager = new RunnerManager({
      bootEnvironment: {
        crossOriginIsolated: false,
        hasSharedArrayBuffer: false,
        online: true,
        apiKey: undefined,
        timeoutMs: 200,
        boot: async () => fakeContainer,
      },
      loadRuntime: () =>
        new Promise((resolve, reject) => {
          settle = { resolve: () => resolve([]), reject };
        }),
      createBrowserRunner: (files) => {
        const entry = { files, runner: new ScriptedRunner("browser"), disposed: false };
        entry.runner.dispose = () => void (entry.disposed = true);
        created.push(entry);
        return entry.runner;
      },
      createWebContainerRunner: () => new ScriptedRunner("webcontainer"),
      preference: "browser",
    });
    return { manager, created, settle: () => settle! };
  }

  test("it is created before the files arrive (its frame boots meanwhile); ready once they have", async () => {
    const { manager, created, settle } = pending();
    const preparing = manager.prepare();
    await Promise.resolve();
    assert.equal(created.length, 1, "created at once, with the files still loading");
    assert.equal(manager.state.status, "preparing");
    settle().resolve();
    assert.equal((await preparing).kind, "browser");
    assert.equal(manager.state.status, "ready");
  });

  test("files that fail to load discard it: the next attempt makes a new runner", async () => {
    const { manager, created, settle } = pending();
    const preparing = manager.prepare();
    await Promise.resolve();
    settle().reject(new Error("offline"));
    await assert.rejects(preparing, /offline/);
    assert.equal(created[0]?.disposed, true);
    const retry = manager.prepare();
    await Promise.resolve();
    assert.equal(created.length, 2);
    settle().resolve();
    assert.equal(await retry, created[1]?.runner);
  });
});
