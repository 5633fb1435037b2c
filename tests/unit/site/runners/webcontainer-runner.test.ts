import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { compileLesson } from "../../../../sandbox/compiler/compile.ts";
import type { CallEvent } from "../../../../shared/calls/event.ts";
import { WebContainerRunner } from "../../../../src/runners/webcontainer/webcontainer-runner.ts";
import type { RuntimeFile } from "../../../../src/runners/runtime-files.ts";
import type { CompiledProgram, RunBatch } from "../../../../src/runners/types.ts";
import { createFakeWebContainer, type FakeWebContainer } from "./fake-webcontainer.ts";
import { runtimeFiles } from "./bundle-files.ts";

let files: RuntimeFile[];
let container: FakeWebContainer;
let runner: WebContainerRunner;

before(async () => {
  files = await runtimeFiles();
  container = createFakeWebContainer();
  runner = new WebContainerRunner(container, files);
});
after(() => container.destroy());

function compile(source: string, fileName = "lesson.ts"): CompiledProgram {
  const compiled = compileLesson(source, fileName);
  assert.equal(compiled.ok, true);
  return { fileName, outputFile: compiled.outputFile, code: compiled.code, map: compiled.map };
}

function collect() {
  const batches: RunBatch[] = [];
  return {
    batches,
    onOutput: (batch: RunBatch) => void batches.push(batch),
    text: () => batches.map((batch) => batch.text).join(""),
    events: () => batches.flatMap((batch) => batch.events) as CallEvent[],
    ignored: () => batches.reduce((sum, batch) => sum + batch.ignored, 0),
  };
}

describe("WebContainer runner (against a fake backed by real Node processes)", () => {
  test("mounts the runtime as real packages and runs a lesson program with node", async () => {
    const sink = collect();
    const source = readFileSync(
      new URL("../../../../content/examples/day-2/answer-with-user.ts", import.meta.url),
      "utf8",
    );
    const end = await runner.run(compile(source, "answer-with-user.ts"), {
      latencyScale: 0,
      idleTimeoutMs: 30_000,
      maxRunMs: 60_000,
      onOutput: sink.onOutput,
    }).done;
    assert.deepEqual(end, { kind: "exited", code: 0, crashed: false }, sink.text());
    assert.equal(sink.events()[0]?.userId.value, "user_123");
    assert.match(sink.text(), /\S/);
    assert.doesNotMatch(sink.text(), /\r/, "terminal CRLF must be normalised");
    const last = container.spawned.at(-1)!;
    assert.equal(last.command, "node");
    assert.deepEqual(last.args, [
      "node_modules/payi-lab/host-node.js",
      "program/answer-with-user.mjs",
      "answer-with-user.ts",
    ]);
    assert.equal(last.env["PAYI_SANDBOX_LATENCY"], "0");
  });
  test("the program's exit code comes through", async () => {
    const sink = collect();
    const end = await runner.run(compile('console.log("bye");\nprocess.exit(3);\n'), {
      latencyScale: 0,
      idleTimeoutMs: 30_000,
      maxRunMs: 60_000,
      onOutput: sink.onOutput,
    }).done;
    assert.deepEqual(end, { kind: "exited", code: 3, crashed: false });
    assert.equal(sink.text(), "bye\n");
  });
  test("Stop kills an endless loop", async () => {
    const sink = collect();
    const handle = runner.run(compile('console.log("looping");\nfor (;;) {}\n'), {
      latencyScale: 0,
      idleTimeoutMs: 30_000,
      maxRunMs: 60_000,
      onOutput: sink.onOutput,
    });
    await waitFor(() => sink.text().includes("looping"));
    const stoppedAt = Date.now();
    handle.stop();
    assert.deepEqual(await handle.done, { kind: "stopped" });
    assert.ok(Date.now() - stoppedAt < 1000, "Stop took longer than 1 s");
  });
  test("the per-run time limit ends a program that never finishes", async () => {
    const sink = collect();
    const end = await runner.run(compile("setInterval(() => {}, 1000);\n"), {
      latencyScale: 0,
      idleTimeoutMs: 1500,
      maxRunMs: 60_000,
      onOutput: sink.onOutput,
    }).done;
    assert.deepEqual(end, {
      kind: "timed-out",
      afterMs: 1500,
      reason: "no-progress",
      busy: "quiet",
    });
  });
  test("a call event the program prints itself is dropped and counted, never an event", async () => {
    const sink = collect();
    const source = readFileSync(
      new URL("../../../../tests/unit/sandbox/fixtures/hostile/forged-event.ts", import.meta.url),
      "utf8",
    );
    const end = await runner.run(compile(source), {
      latencyScale: 0,
      idleTimeoutMs: 30_000,
      maxRunMs: 60_000,
      onOutput: sink.onOutput,
    }).done;
    assert.deepEqual(end, { kind: "exited", code: 0, crashed: false });
    assert.deepEqual(sink.events(), []);
    assert.equal(sink.ignored(), 2);
    assert.equal(sink.text(), "no calls were made\n");
  });
  test("the key file is gone before the program runs, and its variable too", async () => {
    const sink = collect();
    const end = await runner.run(
      compile(
        [
          'import { readdirSync } from "node:fs";',
          'console.log(readdirSync("program").filter((name) => name.includes("key")).length);',
          'console.log(process.env["PAYI_EVENT_KEY_FILE"] ?? "unset");',
        ].join("\n"),
      ),
      { latencyScale: 0, idleTimeoutMs: 30_000, maxRunMs: 60_000, onOutput: sink.onOutput },
    ).done;
    assert.deepEqual(end, { kind: "exited", code: 0, crashed: false });
    assert.equal(sink.text(), "0\nunset\n");
  });
  test("an uncaught error is a crash, told apart from process.exit(1)", async () => {
    const crash = collect();
    const crashed = await runner.run(compile('throw new Error("boom");\n'), {
      latencyScale: 0,
      idleTimeoutMs: 30_000,
      maxRunMs: 60_000,
      onOutput: crash.onOutput,
    }).done;
    assert.deepEqual(crashed, { kind: "exited", code: 1, crashed: true });
    const exit = await runner.run(compile("process.exit(1);\n"), {
      latencyScale: 0,
      idleTimeoutMs: 30_000,
      maxRunMs: 60_000,
      onOutput: () => undefined,
    }).done;
    assert.deepEqual(exit, { kind: "exited", code: 1, crashed: false });
  });
  test("a run that keeps printing is not stopped for lack of progress; the ceiling still ends it", async () => {
    const sink = collect();
    const end = await runner.run(compile("setInterval(() => console.log(Date.now()), 100);\n"), {
      latencyScale: 0,
      idleTimeoutMs: 600,
      maxRunMs: 2500,
      onOutput: sink.onOutput,
    }).done;
    assert.deepEqual(end, {
      kind: "timed-out",
      afterMs: 2500,
      reason: "ceiling",
      busy: "printing",
    });
    assert.ok(sink.text().split("\n").length > 5, "it kept printing until the ceiling");
  });
  test("a WebContainer error event makes later runs report a runner failure", async () => {
    const broken = createFakeWebContainer();
    try {
      const brokenRunner = new WebContainerRunner(broken, files);
      broken.emitError("Out of memory");
      const end = await brokenRunner.run(compile("console.log(1);\n"), {
        latencyScale: 0,
        idleTimeoutMs: 5000,
        maxRunMs: 60_000,
        onOutput: () => undefined,
      }).done;
      assert.deepEqual(end, { kind: "runner-failed", message: "Out of memory" });
    } finally {
      broken.destroy();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
