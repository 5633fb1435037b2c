import assert from "node:assert/strict";
import { test } from "node:test";
import type { UncapturedCall } from "../../../shared/calls/event.ts";
import { newRunId, RunCalls } from "../../../src/sandbox-ui/run-calls.ts";
import { callEvent } from "./live-panel/call-event.ts";

function uncaptured(index: number, afterSeq: number): UncapturedCall {
  return {
    v: 1,
    type: "uncaptured",
    afterSeq,
    index,
    time: "2026-12-01T10:00:00.000Z",
    resource: "gpt-4o-mini",
    api: "chat.completions",
    reason: "not-instrumented",
    why: "made before payiInstrument(), so Pay-i never hears of it",
    callSite: null,
  };
}

test("a run's calls: instrumented ones returned for the sinks, uncaptured ones kept apart, in order", () => {
  const calls = new RunCalls();
  const first = callEvent({ seq: 1 });
  const second = callEvent({ seq: 2 });
  const missing = uncaptured(1, 1);
  const added = calls.add({ text: "hi\n", events: [first, missing, second], ignored: 0 });
  assert.deepEqual(added, [first, second]);
  assert.deepEqual(calls.events, [first, second]);
  assert.deepEqual(calls.uncaptured, [missing]);
  assert.deepEqual(calls.counts, { calls: 2, uncaptured: 1, ignored: 0 });
});

test("counts add up over batches, fake events counted even in a batch with no real one", () => {
  const calls = new RunCalls();
  assert.deepEqual(calls.add({ text: "fake\n", events: [], ignored: 2 }), []);
  calls.add({ text: "", events: [callEvent({ seq: 1 }), uncaptured(1, 1)], ignored: 1 });
  calls.add({ text: "", events: [uncaptured(2, 1), callEvent({ seq: 2 })], ignored: 0 });
  assert.deepEqual(calls.counts, { calls: 2, uncaptured: 2, ignored: 3 });
  assert.deepEqual(
    calls.events.map((event) => event.seq),
    [1, 2],
  );
});

test("a run id: base-36 time, then six random characters", () => {
  assert.equal(newRunId(36 * 36, 0.5), "100-i");
  assert.equal(newRunId(35, 0.123456789), `z-${(0.123456789).toString(36).slice(2, 8)}`);
  assert.match(newRunId(), /^[0-9a-z]+-[0-9a-z]{1,6}$/);
  assert.notEqual(newRunId(1, 0.1), newRunId(1, 0.2));
});
