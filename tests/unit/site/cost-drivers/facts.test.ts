import assert from "node:assert/strict";
import { test } from "node:test";
import { aggregate, spendOverTime } from "../../../../src/cost-drivers/aggregate.ts";
import { computeView } from "../../../../src/cost-drivers/data/view.ts";
import {
  CHUNK_SIZE,
  chunkOf,
  decodeChunk,
  encodeChunk,
  factsOf,
  FACTS_VERSION,
} from "../../../../src/cost-drivers/facts.ts";
import {
  callFilterOptions,
  filterCallList,
  filterCalls,
} from "../../../../src/cost-drivers/filters.ts";
import { callTime, type StoredCall } from "../../../../src/cost-drivers/record.ts";
import { CALLS, sortTable } from "../../../../src/cost-drivers/tables.ts";
import { at, fixture, NOT_CHARGED, stored, user } from "./calls.ts";

/** The fixture plus the awkward cases: an empty user id, no units, an error, an unparseable time. */
function calls(): StoredCall[] {
  return [
    ...fixture(),
    stored({ userId: user(""), units: null, time: at(9) }, { key: 20, runner: "webcontainer" }),
    stored(
      { cost: NOT_CHARGED, status: 429, error: { type: "limit_reached", message: "over budget" } },
      { key: 21 },
    ),
    stored({ time: "not a time" }, { key: 22, recordedAt: at(11) }),
  ];
}

function roundTrip(list: StoredCall[]) {
  const chunk = encodeChunk(0, { from: 1, to: 30 }, list, [23, 24]);
  const decoded = decodeChunk(structuredClone(chunk));
  assert.ok(decoded, "a chunk of this version decodes");
  return { chunk, decoded };
}

test("decoded facts add up, filter and sort exactly as the stored calls they come from", () => {
  const list = calls();
  const { decoded } = roundTrip(list);
  assert.deepEqual(
    decoded.map((call) => call.key),
    list.map((call) => call.key),
  );
  assert.deepEqual(aggregate(decoded), aggregate(list));
  assert.deepEqual(spendOverTime(decoded), spendOverTime(list));
  assert.deepEqual(callFilterOptions(decoded), callFilterOptions(list));
  assert.deepEqual(
    decoded.map(callTime),
    list.map(callTime),
    "the time the dashboard uses, even when the event's own is unreadable",
  );
  const now = Date.parse(at(30));
  for (const range of ["all", "15m", "1h"] as const) {
    const filters = { lesson: null, range, run: null };
    assert.deepEqual(
      filterCalls(decoded, filters, now).map((call) => call.key),
      filterCalls(list, filters, now).map((call) => call.key),
    );
  }
  const byUser = { user: "user_456" };
  assert.deepEqual(
    filterCallList(decoded, byUser).map((call) => call.key),
    filterCallList(list, byUser).map((call) => call.key),
  );
  for (const column of CALLS.columns) {
    for (const direction of ["ascending", "descending"] as const) {
      const sort = { key: column.key, direction };
      assert.deepEqual(
        sortTable(CALLS, decoded, sort).rows.map((call) => call.key),
        sortTable(CALLS, list, sort).rows.map((call) => call.key),
        `Calls sorted by ${column.key}, ${direction}`,
      );
      assert.deepEqual(
        decoded.map((call) => column.value(call)),
        list.map((call) => column.value(call)),
        `${column.key} values`,
      );
    }
  }
});

test("the dashboard view of decoded facts is the view of the stored calls", () => {
  const list = calls();
  const { decoded } = roundTrip(list);
  const choices = {
    filters: { lesson: "day-2", range: "all" as const, run: null },
    callFilters: {},
    sorts: {},
  };
  const now = Date.parse(at(30));
  assert.deepEqual(computeView(decoded, choices, now).view, computeView(list, choices, now).view);
});

test("a chunk keeps its range and unreadable keys; one of another version is not decoded", () => {
  const { chunk } = roundTrip(calls());
  assert.equal(chunk.v, FACTS_VERSION);
  assert.deepEqual([chunk.from, chunk.to, chunk.skipped], [1, 30, [23, 24]]);
  assert.equal(decodeChunk({ ...chunk, v: FACTS_VERSION + 1 }), undefined);
  assert.equal(decodeChunk({ ...chunk, text: new Uint32Array(3) }), undefined, "damaged columns");
  assert.equal(chunkOf(CHUNK_SIZE - 1), 0);
  assert.equal(chunkOf(CHUNK_SIZE), 1);
});

test("facts drop what the dashboard does not read, and keep its shared parts", () => {
  const [call] = fixture();
  const facts = factsOf(call!);
  assert.equal("callSite" in facts.event, false);
  assert.equal("origin" in facts.event.userId, false);
  assert.equal(facts.at, Date.parse(call!.event.time));
  assert.deepEqual(aggregate([facts]), aggregate([call!]));
});
