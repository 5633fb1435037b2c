import assert from "node:assert/strict";
import { test } from "node:test";
import {
  initialState,
  withCallFilter,
  withPageFilter,
  withSort,
} from "../../../../src/cost-drivers/page/state.ts";

test("the run filter comes from the URL; everything else starts at its default", () => {
  assert.deepEqual(initialState("?run=run-7"), {
    filters: { lesson: null, range: "all", run: "run-7" },
    callFilters: {},
    tab: "users",
    sorts: {},
  });
  assert.equal(initialState("").filters.run, null);
});

test("page filters: a lesson, all lessons again, a known time range; unknown ranges are ignored", () => {
  let state = withPageFilter(initialState(""), "lesson", "day-2");
  assert.equal(state.filters.lesson, "day-2");
  state = withPageFilter(state, "range", "1h");
  assert.equal(state.filters.range, "1h");
  assert.equal(withPageFilter(state, "range", "1y").filters.range, "1h");
  assert.equal(withPageFilter(state, "lesson", "").filters.lesson, null);
});

test("Calls filters: '*' is any, '' is none, '=x' is x; an unknown runner means any", () => {
  let state = withCallFilter(initialState(""), "user", "=alice");
  assert.equal(state.callFilters.user, "alice");
  state = withCallFilter(state, "useCase", "");
  assert.equal(state.callFilters.useCase, null);
  assert.equal(withCallFilter(state, "user", "*").callFilters.user, undefined);
  assert.equal(withCallFilter(state, "runner", "=browser").callFilters.runner, "browser");
  assert.equal(withCallFilter(state, "runner", "=teleport").callFilters.runner, undefined);
});

test("a sort is kept per tab", () => {
  const state = withSort(initialState(""), "calls", { key: "cost_usd", direction: "ascending" });
  assert.deepEqual(state.sorts, { calls: { key: "cost_usd", direction: "ascending" } });
});
