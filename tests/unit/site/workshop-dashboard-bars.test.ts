import assert from "node:assert/strict";
import { test } from "node:test";
import type { AttendeeRow } from "../../../workshop/protocol.ts";
import {
  attendeeBars,
  describeAttendeeBars,
} from "../../../src/workshop/dashboard/attendee-bars.ts";
import { userBars } from "../../../src/cost-drivers/chart-data.ts";
import { aggregateUsers } from "../../../src/cost-drivers/aggregate.ts";
import { fixture } from "./cost-drivers/calls.ts";

function row(
  userId: string,
  displayName: string,
  spendUsd: number,
  extra: Partial<AttendeeRow> = {},
): AttendeeRow {
  return {
    userId,
    displayName,
    joinedAt: "2026-11-27T09:01:00.000Z",
    requests: spendUsd > 0 ? 1 : 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    spendUsd,
    unpricedCalls: 0,
    failedCalls: 0,
    lastCallAt: null,
    lastResource: null,
    ...extra,
  };
}

test("one bar per attendee with a known spend, highest first, labelled by display name", () => {
  const bars = attendeeBars([
    row("ana", "Ana", 0.0001),
    row("bo", "Bo", 0.0003),
    row("cy", "Cy", 0),
    row("dee", "Dee", 0, { requests: 2, unpricedCalls: 2 }),
  ]);
  assert.deepEqual(bars, [
    { label: "Bo", spendUsd: 0.0003, kind: "user" },
    { label: "Ana", spendUsd: 0.0001, kind: "user" },
  ]);
});

test("two attendees with the same name get distinct bars (the room user id is unique)", () => {
  const bars = attendeeBars([row("alex", "Alex", 0.0002), row("alex-2", "Alex", 0.0001)]);
  assert.deepEqual(
    bars.map((bar) => bar.label),
    ["Alex (alex)", "Alex (alex-2)"],
  );
});

test("past the limit the rest share one 'others' bar with their summed spend", () => {
  const rows = Array.from({ length: 6 }, (_, i) => row(`u${i}`, `User ${i}`, (i + 1) / 1e5));
  const bars = attendeeBars(rows, 3);
  assert.deepEqual(
    bars.map((bar) => [bar.label, bar.kind]),
    [
      ["User 5", "user"],
      ["User 4", "user"],
      ["User 3", "user"],
      ["3 others", "others"],
    ],
  );
  assert.ok(Math.abs(bars[3]!.spendUsd - 6e-5) < 1e-15);
  // A single one left over keeps its own bar rather than becoming "1 others".
  assert.equal(attendeeBars(rows, 5).at(-1)!.label, "User 0");
});

test("the text alternative says the same as the bars, and who is left out", () => {
  const rows = [
    row("ana", "Ana", 0.0003),
    row("bo", "Bo", 0.0001),
    row("dee", "Dee", 0, { requests: 2, unpricedCalls: 2 }),
    row("eve", "Eve", 0),
  ];
  assert.equal(
    describeAttendeeBars(attendeeBars(rows), rows),
    "Spend per attendee, highest first: Ana $0.0003 (75%), Bo $0.0001 (25%). " +
      "Not shown: 1 attendee with only unpriced calls; 1 attendee with no calls yet.",
  );
  assert.equal(describeAttendeeBars([], []), "No priced calls yet.");
});

test("the Cost Drivers users chart keeps its bars (shared 'others' rule)", () => {
  assert.deepEqual(
    userBars(aggregateUsers(fixture())).map((bar) => [bar.label, bar.kind]),
    [
      ["user_456", "user"],
      ["user_123", "user"],
      ["unattributed", "unattributed"],
    ],
  );
});
