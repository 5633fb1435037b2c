import assert from "node:assert/strict";
import { test } from "node:test";
import {
  aggregate,
  Aggregator,
  aggregateLimits,
  aggregateUseCases,
  aggregateUsers,
  spendOverTime,
} from "../../../../src/cost-drivers/aggregate.ts";
import { at, fixture, limit, priced, stored, UNPRICED, user } from "./calls.ts";

const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-15, `${actual} ≈ ${expected}`);

test("per user: requests, tokens, spend, average and first/last seen", () => {
  const users = aggregateUsers(fixture());
  assert.deepEqual(
    users.map((u) => u.userId),
    ["user_456", "user_123", null],
    "highest spend first, unattributed last",
  );
  const [u456, u123, nobody] = users;
  assert.equal(u123!.requests, 3);
  assert.equal(u123!.inputTokens, 110);
  assert.equal(u123!.cachedInputTokens, 20);
  assert.equal(u123!.outputTokens, 55);
  close(u123!.spendUsd, 0.00013);
  assert.equal(u123!.errors, 1);
  // The failed call's cost is known ($0, not charged), so it counts in the average.
  close(u123!.avgCostUsd, 0.00013 / 3);
  assert.equal(u123!.firstSeen, Date.parse(at(0)));
  assert.equal(u123!.lastSeen, Date.parse(at(5)));

  assert.equal(u456!.requests, 2);
  close(u456!.spendUsd, 0.0002);
  assert.equal(u456!.unpricedCalls, 1);
  // The unpriced call is left out of the average, never counted as $0.
  close(u456!.avgCostUsd, 0.0002);
  assert.equal(u456!.firstSeen, Date.parse(at(2)));
  assert.equal(u456!.lastSeen, Date.parse(at(4)));

  assert.equal(nobody!.unattributed, true);
  assert.equal(nobody!.requests, 1);
  close(nobody!.spendUsd, 0.00001);
});

test("an empty user id is unattributed, like a missing one", () => {
  const users = aggregateUsers([
    stored({ userId: { ...user("x"), value: "" } }),
    stored({ userId: user(null) }),
  ]);
  assert.equal(users.length, 1);
  assert.equal(users[0]!.unattributed, true);
  assert.equal(users[0]!.requests, 2);
});

test("a user with only unpriced calls has no average and $0 spend counted as unknown", () => {
  const [only] = aggregateUsers([stored({ cost: UNPRICED }), stored({ cost: UNPRICED })]);
  assert.equal(only!.unpricedCalls, 2);
  assert.equal(only!.pricedCalls, 0);
  assert.equal(only!.avgCostUsd, null);
});

test("use cases: distinct instance ids, requests, spend; calls without one are grouped", () => {
  const rows = aggregateUseCases(fixture());
  const byName = new Map(rows.map((row) => [row.name, row]));
  assert.equal(rows.length, 3);
  assert.equal(byName.get("answer")!.instances, 3);
  assert.equal(byName.get("answer")!.requests, 3);
  close(byName.get("answer")!.spendUsd, 0.00013);
  assert.equal(byName.get("summarize")!.instances, 1);
  assert.equal(byName.get("summarize")!.requests, 2);
  assert.equal(byName.get("summarize")!.unpricedCalls, 1);
  close(byName.get("summarize")!.spendUsd, 0.0002);
  assert.equal(byName.get(null)!.instances, 0);
  assert.equal(byName.get(null)!.requests, 1);
});

test("limits: the latest state and spend seen, in record order", () => {
  const [budget] = aggregateLimits(fixture());
  assert.equal(budget!.id, "lim_budget");
  assert.equal(budget!.name, "budget");
  assert.equal(budget!.state, "exceeded");
  close(budget!.spentUsd, 0.00023);
  assert.equal(budget!.calls, 2);
  assert.equal(budget!.lastSeen, Date.parse(at(2)));

  // A later "ok" (a new run starts the budget again) wins over an earlier "blocked".
  const later = aggregateLimits([
    stored({ limits: [limit("lim_x", 0.0001, "blocked", { type: "block" })] }),
    stored({ limits: [limit("lim_x", 0.00001, "ok", { name: null, type: null })] }),
  ]);
  assert.equal(later[0]!.state, "ok");
  assert.equal(later[0]!.name, "x", "a report without a name keeps the one seen before");
  assert.equal(later[0]!.type, "block");
});

test("totals: unpriced calls are counted apart and not in spend", () => {
  const { totals } = aggregate(fixture());
  assert.equal(totals.requests, 6);
  close(totals.spendUsd, 0.00034);
  assert.equal(totals.pricedCalls, 4);
  assert.equal(totals.unpricedCalls, 1);
  assert.equal(totals.users, 2, "the unattributed bucket is not a user");
  assert.equal(totals.runs, 2);
});

test("spend over time is cumulative, in call time order, priced calls only", () => {
  const calls = fixture().reverse();
  const points = spendOverTime(calls);
  assert.deepEqual(
    points.map((p) => p.time),
    [at(0), at(1), at(2), at(3)].map((t) => Date.parse(t)),
  );
  close(points.at(-1)!.cumulativeUsd, 0.00034);
  close(points[1]!.cumulativeUsd, 0.00013);
});

test("spend over time is sampled down to maxPoints, keeping the final total", () => {
  const calls = Array.from({ length: 1000 }, (_, i) =>
    stored({ time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), cost: priced(0.000001) }),
  );
  const points = spendOverTime(calls, 100);
  assert.equal(points.length, 100);
  close(points.at(-1)!.cumulativeUsd, 0.001);
  assert.ok(points.every((p, i) => i === 0 || p.time > points[i - 1]!.time));
});

test("running totals: calls folded in two goes add up as all of them at once", () => {
  const calls = fixture();
  const half = Math.floor(calls.length / 2);
  const running = new Aggregator();
  for (const call of calls.slice(0, half)) running.add(call);
  const earlier = running.result();
  const earlierCopy = structuredClone(earlier);
  for (const call of calls.slice(half)) running.add(call);
  assert.deepEqual(running.result(), aggregate(calls));
  assert.deepEqual(earlier, earlierCopy, "a result is not changed by calls added after it");
  assert.deepEqual(earlier, aggregate(calls.slice(0, half)));
});
