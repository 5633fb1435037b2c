import assert from "node:assert/strict";
import { test } from "node:test";
import type { SandboxEvent } from "../../../../shared/calls/event.ts";
import { summarizeTally } from "../../../../shared/calls/summarize.ts";
import { CallIntake } from "../../../../src/sandbox-ui/live-panel/call-intake.ts";
import { callEvent, priced, uncapturedCall, unpriced, userFromIngest } from "./call-event.ts";

test("events are queued by add and taken in batches of at most `limit`", () => {
  const intake = new CallIntake(100);
  intake.add([callEvent({ seq: 1 }), callEvent({ seq: 2 }), callEvent({ seq: 3 })]);
  assert.equal(intake.pending, 3);
  const first = intake.take(2);
  assert.deepEqual(
    first.rows.map((row) => row.key),
    ["c1", "c2"],
  );
  assert.equal(first.newCalls, 2);
  assert.equal(first.lastCall?.seq, 2);
  assert.equal(intake.pending, 1);
  const second = intake.take(2);
  assert.deepEqual(
    second.rows.map((row) => row.key),
    ["c3"],
  );
  assert.equal(intake.pending, 0);
  assert.deepEqual(intake.take(2), { rows: [], newCalls: 0, lastCall: undefined });
});

test("a call is taken in once by seq, an uncaptured one once by index; other events are skipped", () => {
  const intake = new CallIntake(100);
  intake.add([
    callEvent({ seq: 1 }),
    uncapturedCall(1, 1, "not-instrumented"),
    callEvent({ seq: 1, resource: "again" }),
    uncapturedCall(1, 1, "not-instrumented"),
    { v: 2, type: "call", seq: 5 } as unknown as SandboxEvent,
    { v: 1, type: "call", seq: 1.5 } as unknown as SandboxEvent,
    uncapturedCall(1, 2, "not-instrumented"),
  ]);
  const batch = intake.take(100);
  assert.deepEqual(
    batch.rows.map((row) => `${row.kind}:${row.key}`),
    ["call:c1", "uncaptured:u1", "uncaptured:u2"],
  );
  assert.equal(batch.newCalls, 1, "uncaptured calls are not calls of the tally");
  assert.deepEqual(intake.counts, { calls: 1, uncaptured: 2 });
  assert.equal(summarizeTally(intake.tally).totals.requests, 1);
});

test("past maxRows calls are counted in the spend and cut from the list", () => {
  const intake = new CallIntake(2);
  intake.add([
    callEvent({ seq: 1, cost: priced(0.5) }),
    callEvent({ seq: 2, cost: priced(0.25) }),
    callEvent({ seq: 3, cost: priced(0.125), userId: userFromIngest("user_456") }),
    callEvent({ seq: 4, cost: unpriced("mystery-model") }),
    uncapturedCall(4, 1, "not-instrumented"),
  ]);
  const batch = intake.take(100);
  assert.deepEqual(
    batch.rows.map((row) => row.key),
    ["c1", "c2", "u1"],
    "uncaptured calls are still listed",
  );
  assert.equal(batch.newCalls, 4);
  assert.equal(batch.lastCall?.seq, 4);
  assert.equal(intake.cut, 2);
  const { totals, users } = summarizeTally(intake.tally);
  assert.equal(totals.requests, 4);
  assert.equal(totals.spendUsd, 0.875);
  assert.equal(totals.unpricedCalls, 1);
  assert.deepEqual(
    users.map((user) => user.userId),
    ["user_123", "user_456"],
  );
});
