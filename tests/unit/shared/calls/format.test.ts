import assert from "node:assert/strict";
import { test } from "node:test";
import {
  formatCost,
  formatPercent,
  formatSpend,
  formatTokens,
  formatUsd,
  usdAxis,
} from "../../../../shared/calls/format.ts";

test("formatUsd keeps two significant digits for the tiny cost of one call", () => {
  assert.equal(formatUsd(0.00000885), "$0.0000089"); // the real answer-with-user.ts call
  assert.equal(formatUsd(0.0000078), "$0.0000078");
  assert.equal(formatUsd(0.00011), "$0.00011");
  assert.equal(formatUsd(0.0000234), "$0.000023");
});

test("formatUsd shows cents from a cent up, with at least two decimals", () => {
  assert.equal(formatUsd(0.42), "$0.42");
  assert.equal(formatUsd(0.5), "$0.50");
  assert.equal(formatUsd(0.1), "$0.10");
  assert.equal(formatUsd(1), "$1.00");
  assert.equal(formatUsd(1234.565), "$1,234.57");
});

test("formatUsd rounds half up although floats store prices a hair low", () => {
  // 0.00000885 * 1e7 is 88.49999999999999 in binary floating point.
  assert.equal(formatUsd(0.00000885), "$0.0000089");
  assert.equal(formatUsd(0.125), "$0.13");
});

test("formatUsd keeps the second significant digit, zero included, so neighbours read alike", () => {
  // The rule: the more precise of two decimals and two significant digits.
  assert.equal(formatUsd(0.00002), "$0.000020");
  assert.equal(formatUsd(0.000021), "$0.000021");
  assert.equal(formatUsd(0.0000089), "$0.0000089");
  assert.equal(formatUsd(0.0001), "$0.00010");
});

test("formatUsd rounding up into the next decade keeps two significant digits", () => {
  assert.equal(formatUsd(0.0099999), "$0.010");
  assert.equal(formatUsd(0.999), "$1.00");
  assert.equal(formatUsd(9.999), "$10.00");
});

test("formatUsd edge cases: zero, below a picodollar, negative, not a number", () => {
  assert.equal(formatUsd(0), "$0.00");
  assert.equal(formatUsd(1e-12), "$0.0000000000010");
  assert.equal(formatUsd(-0), "$0.00");
  assert.equal(formatUsd(1e-15), "< $0.000000000001");
  assert.equal(formatUsd(-0.25), "-$0.25");
  assert.equal(formatUsd(Number.NaN), "$?");
  assert.equal(formatUsd(Number.POSITIVE_INFINITY), "$?");
});

test("formatTokens is exact, grouped, and never shows a nonsense count", () => {
  assert.equal(formatTokens(0), "0");
  assert.equal(formatTokens(999), "999");
  assert.equal(formatTokens(1234567), "1,234,567");
  assert.equal(formatTokens(12.6), "13");
  assert.equal(formatTokens(-1), "?");
  assert.equal(formatTokens(Number.NaN), "?");
});

test("formatPercent says <1% instead of a misleading 0%", () => {
  assert.equal(formatPercent(0), "0%");
  assert.equal(formatPercent(0.001), "<1%");
  assert.equal(formatPercent(0.8), "80%");
  assert.equal(formatPercent(110), "11,000%");
});

test("formatCost and formatSpend never show $0 for what could not be priced", () => {
  assert.equal(formatCost({ status: "priced", total: 0.0000089 }), "$0.0000089");
  assert.equal(formatCost({ status: "unpriced" }), "unpriced");
  assert.equal(formatCost({ status: "not-charged" }), "not charged");
  assert.equal(formatSpend({ spendUsd: 0, pricedCalls: 0, unpricedCalls: 2 }), "unpriced");
  assert.equal(formatSpend({ spendUsd: 0.00012, pricedCalls: 1, unpricedCalls: 2 }), "$0.00012");
  assert.equal(formatSpend({ spendUsd: 0, pricedCalls: 0, unpricedCalls: 0 }), "$0.00");
});

test("usdAxis gives round ticks whose labels share the step's decimals", () => {
  const tiny = usdAxis(0.00012, 4);
  assert.deepEqual(tiny.ticks, [0, 0.00005, 0.0001, 0.00015]);
  assert.equal(tiny.top, 0.00015);
  assert.deepEqual(tiny.ticks.map(tiny.format), ["$0", "$0.00005", "$0.00010", "$0.00015"]);

  const micro = usdAxis(0.0000089, 2);
  assert.deepEqual(micro.ticks.map(micro.format), ["$0", "$0.000005", "$0.000010"]);

  const dollars = usdAxis(3.2, 4);
  assert.deepEqual(dollars.ticks.map(dollars.format), ["$0", "$1.00", "$2.00", "$3.00", "$4.00"]);
});

test("usdAxis on an empty chart still has a scale", () => {
  const empty = usdAxis(0, 4);
  assert.equal(empty.top, 1);
  assert.equal(empty.format(0), "$0");
});
