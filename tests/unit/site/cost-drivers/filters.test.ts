import assert from "node:assert/strict";
import { test } from "node:test";
import {
  callFilterOptions,
  filterCallList,
  filterCalls,
  filtersFromUrl,
  lessonLabel,
  lessonsIn,
  NO_FILTERS,
} from "../../../../src/cost-drivers/filters.ts";
import { at, fixture, stored } from "./calls.ts";

const keys = (calls: { key: number }[]) => calls.map((call) => call.key);

test("page filters: lesson, one run, time range", () => {
  const calls = fixture();
  const now = Date.parse(at(5));
  assert.deepEqual(keys(filterCalls(calls, NO_FILTERS, now)), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(keys(filterCalls(calls, { ...NO_FILTERS, lesson: "day-3" }, now)), [3, 4, 5]);
  assert.deepEqual(keys(filterCalls(calls, { ...NO_FILTERS, run: "run-a" }, now)), [1, 2, 6]);
  assert.deepEqual(keys(filterCalls(calls, { ...NO_FILTERS, run: "nope" }, now)), []);
  // 15 minutes before 07:20 is 07:05: only the call at 07:05 is in range.
  assert.deepEqual(
    keys(filterCalls(calls, { ...NO_FILTERS, range: "15m" }, Date.parse(at(20)))),
    [6],
  );
  assert.deepEqual(
    keys(filterCalls(calls, { lesson: "day-2", range: "1h", run: "run-a" }, now)),
    [1, 2, 6],
  );
});

test("calls tab filters: user (null = unattributed), use case, runner", () => {
  const calls = fixture();
  assert.deepEqual(keys(filterCallList(calls, { user: "user_456" })), [3, 5]);
  assert.deepEqual(keys(filterCallList(calls, { user: null })), [4]);
  assert.deepEqual(keys(filterCallList(calls, { useCase: null })), [4]);
  assert.deepEqual(keys(filterCallList(calls, { useCase: "answer" })), [1, 2, 6]);
  assert.deepEqual(keys(filterCallList(calls, { runner: "webcontainer" })), [3, 4, 5]);
  assert.deepEqual(keys(filterCallList(calls, { user: "user_456", runner: "browser" })), []);
  assert.deepEqual(keys(filterCallList(calls, {})), [1, 2, 3, 4, 5, 6]);
});

test("menus: lessons in course order, users and use cases with the none bucket last", () => {
  const calls = [...fixture(), stored({}, { lesson: "day-10" }), stored({}, { lesson: "extra" })];
  assert.deepEqual(lessonsIn(calls), ["day-2", "day-3", "day-10", "extra"]);
  assert.equal(lessonLabel("day-3"), "Day 3");
  assert.equal(lessonLabel("extra"), "extra");
  const options = callFilterOptions(fixture());
  assert.deepEqual(options.users, ["user_123", "user_456", null]);
  assert.deepEqual(options.useCases, ["answer", "summarize", null]);
  assert.deepEqual(options.runners, ["browser", "webcontainer"]);
});

test("?run= selects one run; nothing else is read from the URL", () => {
  assert.deepEqual(filtersFromUrl("?run=abc-123"), { ...NO_FILTERS, run: "abc-123" });
  assert.deepEqual(filtersFromUrl("?run="), NO_FILTERS);
  assert.deepEqual(filtersFromUrl("?lesson=day-2"), NO_FILTERS);
});
