import assert from "node:assert/strict";
import { test } from "node:test";
import {
  markSolutionShown,
  markSolved,
  progressByDay,
  readProgress,
  solutionWasShown,
} from "../../../../src/exercises/progress.ts";

function memoryStore() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

test("solved on one's own versus solved with the solution shown", () => {
  const store = memoryStore();
  assert.equal(markSolved(store, "day-2-a"), null);
  assert.equal(markSolutionShown(store, "day-2-b"), null);
  assert.equal(solutionWasShown(store, "day-2-b"), true);
  assert.equal(solutionWasShown(store, "day-2-a"), false);
  assert.equal(markSolved(store, "day-2-b"), null);
  const progress = readProgress(store);
  assert.equal(progress["day-2-a"]?.withSolution, undefined);
  assert.equal(progress["day-2-b"]?.withSolution, true);
  assert.deepEqual(progressByDay(progress, ["day-2-a", "day-2-b", "day-3-c"]).get(2), {
    solved: 2,
    total: 2,
    withSolution: 1,
  });
});

test("a solve on one's own is not downgraded by showing the solution later", () => {
  const store = memoryStore();
  markSolved(store, "day-4-a");
  markSolutionShown(store, "day-4-a");
  markSolved(store, "day-4-a");
  assert.equal(readProgress(store)["day-4-a"]?.withSolution, undefined);
});

test("storage failures are reported, not thrown", () => {
  const broken = {
    getItem: () => null,
    setItem: () => {
      throw new Error("QuotaExceededError");
    },
  };
  assert.match(markSolutionShown(broken, "day-1-a") ?? "", /Could not note/);
  assert.match(markSolved(broken, "day-1-a") ?? "", /could not be saved/);
});
