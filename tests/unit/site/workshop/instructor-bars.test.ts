import assert from "node:assert/strict";
import { test } from "node:test";
import type { AttendeeRow } from "../../../../shared/workshop/protocol.ts";
import {
  attendeeChart,
  describeAttendeeChart,
  describeRest,
} from "../../../../src/workshop/instructor/attendee-bars.ts";

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
  const chart = attendeeChart([
    row("ana", "Ana", 0.0001),
    row("bo", "Bo", 0.0003),
    row("cy", "Cy", 0),
    row("dee", "Dee", 0, { requests: 2, unpricedCalls: 2 }),
  ]);
  assert.deepEqual(chart, {
    bars: [
      { label: "Bo", spendUsd: 0.0003, kind: "user" },
      { label: "Ana", spendUsd: 0.0001, kind: "user" },
    ],
    rest: null,
  });
});

test("two attendees with the same name get distinct bars (the room user id is unique)", () => {
  const { bars } = attendeeChart([row("alex", "Alex", 0.0002), row("alex-2", "Alex", 0.0001)]);
  assert.deepEqual(
    bars.map((bar) => bar.label),
    ["Alex (alex)", "Alex (alex-2)"],
  );
});

test("past the limit, the rest are summed in words, never one bar that dwarfs everyone's", () => {
  const rows = Array.from({ length: 6 }, (_, i) => row(`u${i}`, `User ${i}`, (i + 1) / 1e5));
  const chart = attendeeChart(rows, 3);
  assert.deepEqual(
    chart.bars.map((bar) => bar.label),
    ["User 5", "User 4", "User 3"],
  );
  assert.ok(chart.bars.every((bar) => bar.kind === "user"));
  assert.deepEqual(chart.rest, { attendees: 3, spendUsd: 0.00006 });
  assert.equal(
    describeRest(chart.rest),
    "+ 3 more attendees: $0.000060 in total, in the Attendees table.",
  );
  assert.equal(describeRest(null), "");
});

test("the text alternative says the same as the bars, and who is left out", () => {
  const rows = [
    row("ana", "Ana", 0.0003),
    row("bo", "Bo", 0.0001),
    row("dee", "Dee", 0, { requests: 2, unpricedCalls: 2 }),
    row("eve", "Eve", 0),
  ];
  assert.equal(
    describeAttendeeChart(attendeeChart(rows), rows),
    "Spend per attendee, highest first: Ana $0.00030 (75%), Bo $0.00010 (25%). " +
      "Not shown: 1 attendee with only unpriced calls; 1 attendee with no calls yet.",
  );
  const many = [row("a", "A", 0.0003), row("b", "B", 0.0001)];
  assert.equal(
    describeAttendeeChart(attendeeChart(many, 1), many),
    "Spend per attendee, highest first: A $0.00030 (75%). Not shown: 1 more attendee with $0.00010 in total.",
  );
  assert.equal(describeAttendeeChart(attendeeChart([]), []), "No priced calls yet.");
});
