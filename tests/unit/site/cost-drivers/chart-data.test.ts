import assert from "node:assert/strict";
import { test } from "node:test";
import { aggregateUsers, spendOverTime } from "../../../../src/cost-drivers/aggregate.ts";
import {
  describeTimeline,
  describeUserBars,
  userBars,
} from "../../../../src/cost-drivers/chart-data.ts";
import { formatTime } from "../../../../src/cost-drivers/columns.ts";
import { at, fixture, priced, stored, UNPRICED, user } from "./calls.ts";

test("bars: users with a known spend, highest first, unattributed marked", () => {
  const bars = userBars(aggregateUsers(fixture()));
  assert.deepEqual(
    bars.map((bar) => [bar.label, bar.kind]),
    [
      ["user_456", "user"],
      ["user_123", "user"],
      ["unattributed", "unattributed"],
    ],
  );
});

test("bars: past the limit, the rest share one 'others' bar with their summed spend", () => {
  const calls = Array.from({ length: 5 }, (_, i) =>
    stored({ userId: user(`u${i}`), cost: priced((i + 1) / 1e5) }),
  );
  const bars = userBars(aggregateUsers(calls), 2);
  assert.deepEqual(
    bars.map((bar) => bar.label),
    ["u4", "u3", "3 others"],
  );
  assert.ok(Math.abs(bars[2]!.spendUsd - 6e-5) < 1e-15);
});

test("the text alternative says the same as the bars, and what is left out", () => {
  const calls = [...fixture(), stored({ userId: user("ghost"), cost: UNPRICED })];
  const users = aggregateUsers(calls);
  const text = describeUserBars(userBars(users), users);
  assert.equal(
    text,
    "Spend per user, highest first: user_456 $0.00020 (59%), user_123 $0.00013 (38%), " +
      "unattributed $0.000010 (3%). Not shown: 1 user with only unpriced calls.",
  );
  assert.equal(describeUserBars([], []), "No priced calls to chart.");
});

test("the timeline's text alternative gives the start, the end and the count", () => {
  const points = spendOverTime(fixture());
  assert.equal(
    describeTimeline(points, 4),
    `Cumulative spend grew from $0.00010 at ${formatTime(Date.parse(at(0)))} to $0.00034 at ` +
      `${formatTime(Date.parse(at(3)))}, over 4 priced calls.`,
  );
  assert.equal(describeTimeline([], 0), "No priced calls to chart.");
});
