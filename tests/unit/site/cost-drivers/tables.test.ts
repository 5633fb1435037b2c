import assert from "node:assert/strict";
import { test } from "node:test";
import { nextSort, sortRows } from "../../../../src/cost-drivers/sort.ts";
import {
  formatShortTime,
  formatTime,
  spendText,
  unpricedNote,
} from "../../../../src/cost-drivers/columns.ts";
import {
  buildTable,
  CALLS,
  LIMITS,
  USE_CASES,
  USERS,
} from "../../../../src/cost-drivers/tables.ts";
import { fixture, stored, UNPRICED } from "./calls.ts";

test("sortRows: numbers, text, empty values last in both directions, stable", () => {
  const rows = [
    { id: "a", v: 3 as number | null },
    { id: "b", v: null },
    { id: "c", v: 10 },
    { id: "d", v: 3 },
  ];
  const ids = (sorted: typeof rows) => sorted.map((row) => row.id).join("");
  assert.equal(ids(sortRows(rows, (row) => row.v, "ascending")), "adcb");
  assert.equal(ids(sortRows(rows, (row) => row.v, "descending")), "cadb");
  const names = ["user_10", "User_9", "user_2"].map((id) => ({ id }));
  assert.deepEqual(
    sortRows(names, (row) => row.id, "ascending").map((row) => row.id),
    ["user_2", "User_9", "user_10"],
    "numeric and case-insensitive",
  );
});

test("nextSort: the same column flips; a new one starts largest-first for numbers", () => {
  assert.deepEqual(nextSort({ key: "user", direction: "ascending" }, "user", false), {
    key: "user",
    direction: "descending",
  });
  assert.deepEqual(nextSort({ key: "user", direction: "ascending" }, "requests", true), {
    key: "requests",
    direction: "descending",
  });
  assert.deepEqual(nextSort({ key: "requests", direction: "descending" }, "user", false), {
    key: "user",
    direction: "ascending",
  });
});

test("users table: default by spend, sortable by any column, unattributed flagged", () => {
  const byDefault = buildTable(USERS, fixture());
  assert.deepEqual(
    byDefault.rows.map((row) => row.userId),
    ["user_456", "user_123", null],
  );
  const byRequests = buildTable(USERS, fixture(), { key: "requests", direction: "ascending" });
  assert.deepEqual(
    byRequests.rows.map((row) => row.requests),
    [1, 2, 3],
  );
  const byUser = buildTable(USERS, fixture(), { key: "user", direction: "descending" });
  assert.deepEqual(
    byUser.rows.map((row) => row.userId),
    ["user_456", "user_123", null],
    "the unattributed bucket stays last",
  );
  const unattributed = byDefault.rows.find((row) => row.unattributed)!;
  assert.equal(USERS.flagged?.(unattributed), true);
  const user = USERS.columns.find((c) => c.key === "user")!;
  assert.equal(user.text(unattributed), "unattributed");
  assert.equal(user.note?.(unattributed), "not attributable");
  const unknown = buildTable(USERS, fixture(), { key: "nope", direction: "ascending" });
  assert.deepEqual(unknown.sort, USERS.defaultSort, "an unknown column falls back to the default");
});

test("spend cells never show $0 for unpriced calls", () => {
  const [onlyUnpriced] = buildTable(USERS, [stored({ cost: UNPRICED })]).rows;
  assert.equal(spendText(onlyUnpriced!), "unknown");
  assert.equal(unpricedNote(onlyUnpriced!), "+ 1 unpriced call");
  const spend = USERS.columns.find((c) => c.key === "spend_usd")!;
  assert.equal(spend.value(onlyUnpriced!), null, "exported as empty, not 0");
  const mixed = buildTable(USERS, fixture()).rows.find((row) => row.userId === "user_456")!;
  assert.equal(spendText(mixed), "$0.00020");
  assert.equal(unpricedNote(mixed), "+ 1 unpriced call");
});

test("time cells: the time alone for today, the date and minute otherwise; full on hover", () => {
  const now = new Date(2026, 10, 27, 18, 0, 0).getTime();
  assert.equal(formatShortTime(new Date(2026, 10, 27, 7, 5, 9).getTime(), now), "07:05:09");
  assert.equal(formatShortTime(new Date(2026, 10, 26, 7, 5, 9).getTime(), now), "2026-11-26 07:05");
  assert.equal(formatShortTime(Number.NaN, now), "—");
  assert.equal(formatTime(new Date(2026, 10, 26, 7, 5, 9).getTime()), "2026-11-26 07:05:09");
});

test("use cases, limits and calls tables", () => {
  const useCases = buildTable(USE_CASES, fixture());
  assert.deepEqual(
    useCases.rows.map((row) => [row.name, row.instances, row.requests]),
    [
      ["summarize", 1, 2],
      ["answer", 3, 3],
      [null, 0, 1],
    ],
  );
  const limits = buildTable(LIMITS, fixture());
  const state = LIMITS.columns.find((c) => c.key === "state")!;
  assert.equal(state.text(limits.rows[0]!), "exceeded");
  assert.equal(LIMITS.flagged?.(limits.rows[0]!), true);

  const calls = buildTable(CALLS, fixture());
  assert.deepEqual(
    calls.rows.map((call) => call.key),
    [6, 5, 4, 3, 2, 1],
    "newest first",
  );
  const cost = CALLS.columns.find((c) => c.key === "cost_usd")!;
  const unpriced = calls.rows.find((call) => call.key === 5)!;
  assert.equal(cost.text(unpriced), "unpriced");
  assert.equal(cost.value(unpriced), null);
  const status = CALLS.columns.find((c) => c.key === "status")!;
  assert.equal(status.text(calls.rows[0]!), "500 server_error");
  const byCost = buildTable(CALLS, fixture(), { key: "cost_usd", direction: "descending" });
  assert.deepEqual(
    byCost.rows.map((call) => call.key),
    [3, 1, 2, 4, 5, 6],
    "calls without a price last",
  );
});
