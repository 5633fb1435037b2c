import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { RunnerManager, type RunnerState } from "../../../../src/runners/runner-manager.ts";
import {
  readRunnerPreference,
  writeRunnerPreference,
} from "../../../../src/runners/preferences.ts";
import type { CompiledProgram, RunEnd, RunOptions, Runner } from "../../../../src/runners/types.ts";
import {
  forgetSharedContainer,
  type BootEnvironment,
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

function setup(
  env: Partial<BootEnvironment>,
  options: { webcontainerEnd?: RunEnd; preference?: "auto" | "browser" | "webcontainer" } = {},
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
