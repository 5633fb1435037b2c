import assert from "node:assert/strict";
import { test } from "node:test";
import {
  addToTally,
  createSpendTally,
  summarizeByUser,
  summarizeTally,
} from "../../../../shared/calls/summarize.ts";
import {
  blockedCall,
  callEvent,
  failedCall,
  NO_USER,
  priced,
  unpriced,
  userFromHeader,
  userFromIngest,
} from "../../site/live-panel/call-event.ts";

const events = [
  callEvent({ seq: 1, cost: priced(0.00001), units: { input: 10, cachedInput: 4, output: 5 } }),
  callEvent({
    seq: 2,
    userId: userFromHeader("user_456", "user_123"),
    cost: priced(0.00003),
    units: { input: 20, cachedInput: 0, output: 7 },
  }),
  callEvent({ seq: 3, cost: priced(0.00002), units: { input: 1, cachedInput: 1, output: 1 } }),
  callEvent({
    seq: 4,
    userId: NO_USER,
    cost: priced(0.000005),
    units: { input: 3, cachedInput: 0, output: 2 },
  }),
  callEvent({
    seq: 5,
    userId: NO_USER,
    resource: "ft:gpt-4o-mini:acme::x",
    cost: unpriced("ft:gpt-4o-mini:acme::x"),
  }),
  failedCall(404, "model_not_found", "The model `gpt-9` does not exist", { seq: 6 }),
  blockedCall("hard-cap", { seq: 7, userId: userFromIngest("user_789") }),
];

test("sums requests, tokens and spend per user", () => {
  const { users } = summarizeByUser(events);
  const user123 = users.find((u) => u.userId === "user_123");
  assert.ok(user123);
  assert.equal(user123.requests, 3); // calls 1, 3 and the failed call 6
  assert.equal(user123.inputTokens, 11);
  assert.equal(user123.cachedInputTokens, 5);
  assert.equal(user123.outputTokens, 6);
  assert.equal(user123.spendUsd, 0.00003);
  assert.equal(user123.errors, 1);
  assert.equal(user123.unattributed, false);
});

test("a header override counts the call for the header's user, not the one it replaced", () => {
  const { users } = summarizeByUser(events);
  assert.equal(users.find((u) => u.userId === "user_456")?.requests, 1);
  assert.equal(users.find((u) => u.userId === "user_456")?.spendUsd, 0.00003);
});

test("calls with no user are one flagged unattributed bucket", () => {
  const { users } = summarizeByUser(events);
  const unattributed = users.filter((u) => u.unattributed);
  assert.equal(unattributed.length, 1);
  assert.equal(unattributed[0]?.userId, null);
  assert.equal(unattributed[0]?.requests, 2);
});

test("an empty user id is unattributed too", () => {
  const empty = callEvent({ userId: { ...NO_USER, value: "", why: "cleared" } });
  const { users } = summarizeByUser([empty, callEvent({ userId: NO_USER })]);
  assert.equal(users.length, 1);
  assert.equal(users[0]?.unattributed, true);
  assert.equal(users[0]?.requests, 2);
});

test("unpriced calls are counted as unpriced, never added as $0", () => {
  const { users } = summarizeByUser(events);
  const unattributed = users.find((u) => u.unattributed);
  assert.equal(unattributed?.unpricedCalls, 1);
  assert.equal(unattributed?.pricedCalls, 1);
  assert.equal(unattributed?.spendUsd, 0.000005);
  const onlyUnpriced = summarizeByUser([callEvent({ cost: unpriced("ft:x:y::z") })]);
  assert.equal(onlyUnpriced.totals.pricedCalls, 0);
  assert.equal(onlyUnpriced.totals.unpricedCalls, 1);
});

test("sorted by spend, highest first; ties by requests, then the unattributed bucket last", () => {
  const { users } = summarizeByUser(events);
  assert.deepEqual(
    users.map((u) => u.userId),
    ["user_123", "user_456", null, "user_789"],
  );
  const tie = summarizeByUser([
    callEvent({ userId: NO_USER, cost: priced(0.001) }),
    callEvent({ userId: userFromIngest("user_b"), cost: priced(0.001) }),
    callEvent({ userId: userFromIngest("user_a"), cost: priced(0.001) }),
  ]);
  assert.deepEqual(
    tie.users.map((u) => u.userId),
    ["user_a", "user_b", null],
  );
});

test("totals cover every call, errors and blocked calls included", () => {
  const { totals } = summarizeByUser(events);
  assert.equal(totals.requests, 7);
  assert.equal(totals.inputTokens, 10 + 20 + 1 + 3 + 11);
  assert.equal(totals.outputTokens, 5 + 7 + 1 + 2 + 12);
  assert.equal(totals.cachedInputTokens, 5);
  assert.equal(totals.spendUsd, 0.000065);
  assert.equal(totals.errors, 2);
  assert.equal(totals.unpricedCalls, 1);
});

test("spend sums exactly: many tiny prices do not drift as float sums do", () => {
  const many = Array.from({ length: 10 }, (_, i) => callEvent({ seq: i + 1, cost: priced(0.1) }));
  assert.notEqual(
    many.reduce((sum) => sum + 0.1, 0),
    1,
  );
  assert.equal(summarizeByUser(many).totals.spendUsd, 1);
});

test("the incremental tally gives the same summary as the whole list", () => {
  const tally = createSpendTally();
  for (const event of events) addToTally(tally, event);
  assert.deepEqual(summarizeTally(tally), summarizeByUser(events));
});

test("no calls: no users and zero totals", () => {
  const summary = summarizeByUser([]);
  assert.deepEqual(summary.users, []);
  assert.equal(summary.totals.requests, 0);
  assert.equal(summary.totals.spendUsd, 0);
});
