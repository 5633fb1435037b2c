import assert from "node:assert/strict";
import { test } from "node:test";
import { formatPercent, formatTokens, formatUsd } from "../../../../shared/calls/format.ts";

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

test("formatUsd rounding up into the next decade drops the extra zero", () => {
  assert.equal(formatUsd(0.0099999), "$0.01");
  assert.equal(formatUsd(0.999), "$1.00");
});

test("formatUsd edge cases: zero, below a picodollar, negative, not a number", () => {
  assert.equal(formatUsd(0), "$0.00");
  assert.equal(formatUsd(1e-12), "$0.000000000001");
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
