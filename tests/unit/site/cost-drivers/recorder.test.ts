import assert from "node:assert/strict";
import { test } from "node:test";
import { createBatchWriter } from "../../../../src/cost-drivers/batch-writer.ts";
import { isStoredCall, type NewCall } from "../../../../src/cost-drivers/record.ts";
import { recordCall, runLink } from "../../../../src/cost-drivers/recorder.ts";
import { stored } from "./calls.ts";

function newCall(seq: number): NewCall {
  const { key: _key, ...call } = stored({ seq });
  return call;
}

/** A writer whose timer the test fires by hand. */
function harness(write: (batch: NewCall[]) => Promise<{ lastKey: number; pruned: number }>) {
  const timers: (() => void)[] = [];
  const written: { count: number; lastKey: number }[] = [];
  const failures: { error: unknown; dropped: number }[] = [];
  const writer = createBatchWriter(
    {
      write,
      written: (result) => written.push(result),
      failed: (error, dropped) => failures.push({ error, dropped }),
      schedule: (flush) => timers.push(flush),
    },
    { maxBatch: 3, maxQueued: 5 },
  );
  return { writer, timers, written, failures };
}

test("calls are written in batches: one per quiet period, or when a batch is full", async () => {
  const batches: number[][] = [];
  let key = 0;
  const { writer, timers, written } = harness(async (batch) => {
    batches.push(batch.map((call) => call.event.seq));
    key += batch.length;
    return { lastKey: key, pruned: 0 };
  });
  writer.add(newCall(1));
  writer.add(newCall(2));
  assert.equal(batches.length, 0, "nothing is written synchronously");
  assert.equal(timers.length, 1, "one timer for the burst");
  writer.add(newCall(3)); // reaches maxBatch
  await writer.flush();
  assert.deepEqual(batches, [[1, 2, 3]]);
  writer.add(newCall(4));
  timers.at(-1)!();
  await writer.flush();
  assert.deepEqual(batches, [[1, 2, 3], [4]]);
  assert.deepEqual(written, [
    { count: 3, lastKey: 3, pruned: 0 },
    { count: 1, lastKey: 4, pruned: 0 },
  ]);
});

test("a failed write is reported with the number of calls dropped, and writing goes on", async () => {
  let fail = true;
  const { writer, failures, written } = harness(async () => {
    if (fail) throw new Error("quota");
    return { lastKey: 1, pruned: 0 };
  });
  writer.add(newCall(1));
  writer.add(newCall(2));
  await writer.flush();
  assert.equal(failures.length, 1);
  assert.equal(failures[0]!.dropped, 2);
  assert.equal((failures[0]!.error as Error).message, "quota");
  assert.equal(writer.dropped, 2);
  fail = false;
  writer.add(newCall(3));
  await writer.flush();
  assert.equal(written.length, 1);
});

test("while storage does not answer, calls waiting are capped instead of piling up", async () => {
  const waiting: (() => void)[] = [];
  const batches: number[][] = [];
  const { writer, failures } = harness(
    (batch) =>
      new Promise((resolve) => {
        batches.push(batch.map((call) => call.event.seq));
        waiting.push(() => resolve({ lastKey: 0, pruned: 0 }));
      }),
  );
  for (let seq = 1; seq <= 20; seq += 1) writer.add(newCall(seq));
  // maxQueued is 5: the first five calls wait (in batches of 3 and 2), the other 15 are dropped.
  assert.equal(writer.dropped, 15);
  const done = writer.flush();
  // Writes start asynchronously, one after the other: answer each as it arrives.
  for (let turn = 0; turn < 10; turn += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    waiting.shift()?.();
  }
  await done;
  assert.deepEqual(batches, [
    [1, 2, 3],
    [4, 5],
  ]);
  assert.equal(failures.length, 0);
  writer.add(newCall(21));
  assert.equal(writer.dropped, 15, "room again once the writes finished");
});

test("recordCall never throws, even for garbage, and ignores other schema versions", () => {
  const meta = {
    runId: "r1",
    sandboxId: "day-2/x",
    lesson: "day-2",
    runner: "browser" as const,
    recordedAt: "2026-11-27T07:00:00.000Z",
  };
  assert.doesNotThrow(() => recordCall(null as never, meta));
  assert.doesNotThrow(() => recordCall({ v: 2, type: "call" } as never, meta));
  assert.doesNotThrow(() => recordCall(newCall(1).event, null as never));
});

test("runLink points at the Cost Drivers page filtered to the run", () => {
  assert.equal(runLink("m1x2-ab c"), "/cost-drivers/?run=m1x2-ab%20c");
});

test("stored records from another program or version are recognised as foreign", () => {
  const good = stored();
  assert.equal(isStoredCall(good), true);
  assert.equal(isStoredCall({ ...good, event: { ...good.event, v: 2 } }), false);
  assert.equal(isStoredCall({ ...good, runner: "node" }), false);
  assert.equal(isStoredCall({ ...good, key: "1" }), false);
  assert.equal(
    isStoredCall({ ...good, event: { ...good.event, cost: { status: "free" } } }),
    false,
  );
  assert.equal(isStoredCall({ ...good, event: { ...good.event, units: { input: "3" } } }), false);
  assert.equal(isStoredCall("a string"), false);
  assert.equal(isStoredCall(null), false);
});
