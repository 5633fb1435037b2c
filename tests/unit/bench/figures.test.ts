import assert from "node:assert/strict";
import { test } from "node:test";
import { compareFigures } from "../../bench/compare.ts";
import { verdict, type Figure } from "../../bench/figures.ts";
import { formatStats, stats } from "../../bench/stats.ts";

test("stats: min, median and max of the finite samples; the median of an even count is the mean of the middle two", () => {
  const s = stats([40, 10, NaN, 20, 30]);
  assert.deepEqual([s.n, s.min, s.median, s.max], [4, 10, 25, 40]);
  assert.equal(formatStats(s, "ms"), "10 / 25 / 40 ms");
  assert.equal(formatStats(stats([])), "no samples");
});

test("verdict: judged on the median, against each kind of target", () => {
  const figure = (samples: number[], op: "<" | "<=" | ">=", value: number): Figure => ({
    id: "x",
    label: "x",
    stats: stats(samples),
    target: { op, value },
  });
  // One slow sample does not decide: the median does.
  assert.equal(verdict(figure([90, 95, 5000], "<", 100)), "meets");
  assert.equal(verdict(figure([100, 100, 100], "<", 100)), "MISSES");
  assert.equal(verdict(figure([100], "<=", 100)), "meets");
  assert.equal(verdict(figure([99, 100, 100], ">=", 100)), "meets");
  assert.equal(verdict(figure([90, 99, 100], ">=", 100)), "MISSES");
  assert.equal(verdict(figure([], "<", 100)), "");
  assert.equal(verdict({ id: "t", label: "t", text: "skipped" }), "");
});

test("compareFigures pairs figures by id, gives after / before of the medians, and lists figures only one side has", () => {
  const before: Figure[] = [
    { id: "run.warm", label: "warm", stats: stats([40, 50, 60]), unit: "ms" },
    { id: "gone", label: "old figure", stats: stats([1]) },
  ];
  const after: Figure[] = [
    { id: "new", label: "new figure", text: "skipped: not installed" },
    { id: "run.warm", label: "warm (renamed)", stats: stats([20, 25, 90]), unit: "ms" },
  ];
  assert.deepEqual(compareFigures(before, after), [
    ["new figure", "-", "skipped: not installed", ""],
    ["warm (renamed)", "50 ms", "25 ms", "0.50x"],
    ["old figure", "1", "-", ""],
  ]);
});
