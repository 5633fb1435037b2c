import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import type { RoomSnapshot, Totals } from "../../../../shared/workshop/protocol.ts";
import {
  activeAttendees,
  emptyRoomState,
  FEED_SIZE,
  reduceRoom,
  sortedAttendees,
  sortedUseCases,
  type RoomAction,
  type RoomState,
} from "../../../../src/workshop/instructor/room-state.ts";
import {
  attendee,
  call,
  failed,
  referenceSnapshot,
  resetSeq,
  ROOM,
  unpriced,
} from "./instructor-fixtures.ts";

beforeEach(resetSeq);

function run(...actions: RoomAction[]): RoomState {
  return actions.reduce(reduceRoom, emptyRoomState());
}

/** Every figure equal; spend to a picodollar (the pricing's unit), as float sums may differ below. */
function assertTotals(actual: Totals, expected: Totals, where: string): void {
  const { spendUsd: a, ...restA } = actual;
  const { spendUsd: b, ...restB } = expected;
  assert.deepEqual(restA, restB, where);
  assert.ok(Math.abs(a - b) < 1e-12, `${where}: spend ${a} != ${b}`);
}

function assertSameAsSnapshot(state: RoomState, snapshot: RoomSnapshot): void {
  assertTotals(state.totals, snapshot.totals, "totals");
  assert.deepEqual(
    [...state.attendees.keys()].sort(),
    snapshot.attendees.map((row) => row.userId).sort(),
  );
  for (const row of snapshot.attendees) {
    const mine = state.attendees.get(row.userId);
    assert.ok(mine, `no row for ${row.userId}`);
    assertTotals(mine, row, row.userId);
    assert.equal(mine.lastCallAt, row.lastCallAt, `${row.userId} last call`);
    assert.equal(mine.lastResource, row.lastResource, `${row.userId} last model`);
    assert.equal(mine.displayName, row.displayName);
  }
  assert.deepEqual(
    [...state.useCases.keys()].sort(),
    snapshot.useCases.map((row) => row.name).sort(),
  );
  for (const row of snapshot.useCases)
    assertTotals(state.useCases.get(row.name)!, row, `${row.name}`);
  assert.deepEqual(
    state.feed.map((c) => c.seq),
    [...snapshot.recent].reverse().map((c) => c.seq),
  );
  assert.equal(state.lastSeq, snapshot.lastSeq);
}

test("snapshot, then call batches: the same figures the service's snapshot has for all the calls", () => {
  const joined = [attendee("ana", "Ana"), attendee("bo", "Bo"), attendee("cy", "Cy")];
  const calls = [
    call({ attendee: "ana" }),
    call({ attendee: "bo", useCase: null, taggedUserId: null }),
    unpriced({ attendee: "bo" }),
    call({ attendee: "ana", inputTokens: 1200, cachedInputTokens: 1024, outputTokens: 300 }),
    failed(429, { attendee: "cy" }),
    failed(null, { attendee: "ana" }),
    call({ attendee: "cy", resource: "gpt-4o", costUsd: 0.0001375 }),
  ];
  // The stream's first snapshot covers the first two calls; the rest arrive in two batches.
  const state = run(
    { type: "snapshot", snapshot: referenceSnapshot(joined, calls.slice(0, 2)) },
    { type: "calls", calls: calls.slice(2, 5) },
    { type: "calls", calls: calls.slice(5) },
  );
  assertSameAsSnapshot(state, referenceSnapshot(joined, calls));
  // And the numbers themselves, so a reference that drifted with the reducer cannot pass.
  assert.equal(state.totals.requests, 7);
  assert.equal(state.totals.unpricedCalls, 1);
  assert.equal(state.totals.failedCalls, 2);
  assert.equal(state.totals.inputTokens, 23 * 4 + 1200);
  assert.equal(state.totals.cachedInputTokens, 1024);
  assert.ok(Math.abs(state.totals.spendUsd - (2 * 8.85e-6 + 3.6e-4 + 0.0001375)) < 1e-12);
  assert.equal(state.attendees.get("cy")!.lastResource, "gpt-4o");
});

test("thousands of tiny prices add up exactly (picodollars), as the service's sum does", () => {
  const calls = Array.from({ length: 3000 }, () => call({ costUsd: 0.0000001 }));
  const state = run(
    { type: "snapshot", snapshot: referenceSnapshot([attendee("ana")], []) },
    ...calls.map((c): RoomAction => ({ type: "calls", calls: [c] })),
  );
  assert.equal(state.totals.spendUsd, 0.0003);
  assert.equal(state.attendees.get("ana")!.spendUsd, 0.0003);
});

test("unpriced calls are counted, never added as $0", () => {
  const state = run(
    { type: "snapshot", snapshot: referenceSnapshot([attendee("ana"), attendee("bo")], []) },
    {
      type: "calls",
      calls: [
        call({ attendee: "ana" }),
        unpriced({ attendee: "bo" }),
        unpriced({ attendee: "bo" }),
      ],
    },
  );
  const bo = state.attendees.get("bo")!;
  assert.equal(bo.requests, 2);
  assert.equal(bo.unpricedCalls, 2);
  assert.equal(bo.spendUsd, 0);
  assert.equal(state.totals.unpricedCalls, 2);
  assert.ok(Math.abs(state.totals.spendUsd - 8.85e-6) < 1e-15);
  // The tokens of an unpriced call are still real tokens.
  assert.equal(bo.inputTokens, 46);
});

test("the feed is newest first and keeps at most 50 calls", () => {
  const calls = Array.from({ length: 120 }, () => call());
  const state = run(
    { type: "snapshot", snapshot: referenceSnapshot([attendee("ana")], calls.slice(0, 30)) },
    { type: "calls", calls: calls.slice(30, 100) },
    { type: "calls", calls: calls.slice(100) },
  );
  assert.equal(FEED_SIZE, 50);
  assert.equal(state.feed.length, 50);
  assert.deepEqual(
    state.feed.map((c) => c.seq),
    Array.from({ length: 50 }, (_, i) => 120 - i),
  );
  assert.equal(state.totals.requests, 120);
});

test("a snapshot's recent calls (oldest first) become the feed, newest first", () => {
  const calls = [call(), call(), call()];
  const state = run({ type: "snapshot", snapshot: referenceSnapshot([attendee("ana")], calls) });
  assert.deepEqual(
    state.feed.map((c) => c.seq),
    [3, 2, 1],
  );
});

test("calls already in the snapshot are not counted twice; a batch out of order is put in order", () => {
  const calls = [call(), call(), call(), call()];
  const state = run(
    { type: "snapshot", snapshot: referenceSnapshot([attendee("ana")], calls.slice(0, 3)) },
    // A reconnect can replay what the snapshot already has.
    { type: "calls", calls: [calls[3]!, calls[1]!, calls[2]!] },
    { type: "calls", calls: [calls[3]!] },
  );
  assert.equal(state.totals.requests, 4);
  assert.equal(state.lastSeq, 4);
  assert.deepEqual(
    state.feed.map((c) => c.seq),
    [4, 3, 2, 1],
  );
  const mixed = run(
    { type: "snapshot", snapshot: referenceSnapshot([attendee("ana")], []) },
    { type: "calls", calls: [call({ seq: 7, resource: "b" }), call({ seq: 6, resource: "a" })] },
  );
  assert.deepEqual(
    mixed.feed.map((c) => c.seq),
    [7, 6],
  );
  assert.equal(mixed.attendees.get("ana")!.lastResource, "b");
});

test("reset: calls cleared, attendees kept, and the next calls count from zero", () => {
  const joined = [attendee("ana"), attendee("bo")];
  const before = [call({ attendee: "ana" }), call({ attendee: "bo" })];
  const afterReset = { ...referenceSnapshot(joined, []), lastSeq: 2 };
  const state = run(
    { type: "snapshot", snapshot: referenceSnapshot(joined, before) },
    { type: "reset", snapshot: afterReset },
    { type: "calls", calls: [call({ attendee: "bo" })] },
  );
  assert.equal(state.attendees.size, 2);
  assert.equal(state.totals.requests, 1);
  assert.equal(state.attendees.get("ana")!.requests, 0);
  assert.equal(state.attendees.get("ana")!.lastCallAt, null);
  assert.equal(state.attendees.get("bo")!.requests, 1);
  assert.deepEqual(
    state.feed.map((c) => c.seq),
    [3],
  );
});

test("joins, calls from an attendee not seen yet, freeze and delete", () => {
  let state = run({ type: "snapshot", snapshot: referenceSnapshot([], []) });
  state = reduceRoom(state, { type: "attendee", attendee: attendee("zoe-oneil", "Zoë O'Neil") });
  assert.equal(state.attendees.get("zoe-oneil")!.requests, 0);
  assert.equal(state.attendees.get("zoe-oneil")!.displayName, "Zoë O'Neil");
  // A join seen twice (a reconnect) changes nothing.
  assert.equal(
    reduceRoom(state, { type: "attendee", attendee: attendee("zoe-oneil", "Zoë O'Neil") }),
    state,
  );
  state = reduceRoom(state, { type: "calls", calls: [call({ attendee: "late" })] });
  assert.equal(state.attendees.get("late")!.displayName, "late");
  assert.equal(state.attendees.get("late")!.requests, 1);
  assert.equal(activeAttendees(state), 1);
  state = reduceRoom(state, { type: "room", room: { ...ROOM, frozen: true } });
  assert.equal(state.room!.frozen, true);
  state = reduceRoom(state, { type: "deleted" });
  assert.equal(state.deleted, true);
  assert.equal(reduceRoom(state, { type: "calls", calls: [call()] }), state);
});

test("a batch replaces only the rows it touches (the view redraws by row identity)", () => {
  const joined = [attendee("ana"), attendee("bo")];
  const first = run({
    type: "snapshot",
    snapshot: referenceSnapshot(joined, [call({ attendee: "ana" })]),
  });
  const next = reduceRoom(first, { type: "calls", calls: [call({ attendee: "bo" })] });
  assert.equal(next.attendees.get("ana"), first.attendees.get("ana"));
  assert.notEqual(next.attendees.get("bo"), first.attendees.get("bo"));
  assert.equal(reduceRoom(next, { type: "calls", calls: [] }), next);
});

test("attendees are listed by name (stable as calls arrive); use cases by spend, none last on ties", () => {
  const joined = [
    attendee("cy", "cy"),
    attendee("ana", "Ana"),
    attendee("attendee-10", "Attendee 10"),
    attendee("attendee-9", "Attendee 9"),
    attendee("bo-2", "bo"),
    attendee("bo", "Bo"),
  ];
  const state = run(
    { type: "snapshot", snapshot: referenceSnapshot(joined, []) },
    {
      type: "calls",
      calls: [
        call({ attendee: "bo", costUsd: 0.002 }),
        call({ attendee: "cy", costUsd: 0.002 }),
        call({ attendee: "ana", costUsd: 0.001 }),
        call({ attendee: "ana", costUsd: 0.001, useCase: null }),
      ],
    },
  );
  assert.deepEqual(
    sortedAttendees(state).map((row) => row.userId),
    ["ana", "attendee-9", "attendee-10", "bo", "bo-2", "cy"],
  );
  const more = reduceRoom(state, { type: "calls", calls: [call({ attendee: "cy", costUsd: 1 })] });
  assert.deepEqual(
    sortedAttendees(more).map((row) => row.userId),
    sortedAttendees(state).map((row) => row.userId),
  );
  assert.deepEqual(
    sortedUseCases(state).map((row) => row.name),
    ["support_answer", null],
  );
  const tie = run(
    { type: "snapshot", snapshot: referenceSnapshot([attendee("ana")], []) },
    { type: "calls", calls: [call({ useCase: null }), call({ useCase: "zeta" })] },
  );
  assert.deepEqual(
    sortedUseCases(tie).map((row) => row.name),
    ["zeta", null],
  );
});

test("failed calls: no response (status 0 or null) and HTTP errors, a blocked call (429) too", () => {
  const state = run(
    { type: "snapshot", snapshot: referenceSnapshot([attendee("ana")], []) },
    {
      type: "calls",
      calls: [failed(0), failed(null), failed(429), failed(500), call({ status: 200 })],
    },
  );
  assert.equal(state.totals.failedCalls, 4);
  assert.equal(state.attendees.get("ana")!.failedCalls, 4);
  assert.equal(state.totals.spendUsd, 8.85e-6);
});
