import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { priceCall } from "../../../../sandbox/pricing/index.ts";
import {
  BLOCKING_LIMIT_NOT_ALLOWED,
  CallCharge,
  costOf,
  type ChargedCall,
} from "../../../../sandbox/runtime/call-charge.ts";
import {
  createLimit,
  limitStatus,
  resetLimitsForTests,
} from "../../../../sandbox/runtime/limits.ts";

beforeEach(() => resetLimitsForTests());

const units = { input: 1000, cachedInput: 0, output: 500 };

function call(overrides: Partial<ChargedCall> = {}): ChargedCall {
  return {
    mode: "ingest",
    model: "gpt-4o-mini",
    priceAs: null,
    limitIds: [],
    warnings: [],
    ...overrides,
  };
}

test("cost: priced as the model, or as the price-as model; no usage is not charged", () => {
  const priced = costOf("gpt-4o-mini", null, units);
  assert.equal(priced.status, "priced");
  assert.equal(priced.status === "priced" && priced.pricedAs, "gpt-4o-mini");
  assert.deepEqual(priced, { ...priceCall("gpt-4o-mini", units), pricedAs: "gpt-4o-mini" });
  const as = costOf("my-finetune", "gpt-4o", units);
  assert.equal(as.status === "priced" && as.pricedAs, "gpt-4o");
  assert.deepEqual(costOf("gpt-4o-mini", null, null), {
    status: "not-charged",
    reason: "no usage was reported",
  });
});

test("settle prices the usage, charges every limit, and warns about a model without a price", () => {
  const limit = createLimit({ name: "budget", max: 1 });
  const warnings: string[] = [];
  const charge = new CallCharge(call({ limitIds: [limit.id], warnings }));
  const { cost, limits } = charge.settle(units);
  assert.equal(cost.status, "priced");
  assert.equal(limits[0]?.state, "ok");
  assert.equal(limitStatus(limit.id)?.spent, cost.status === "priced" ? cost.total : NaN);
  assert.deepEqual(warnings, []);

  const unpriced = new CallCharge(call({ model: "no-such-model", warnings }));
  assert.equal(unpriced.settle(units).cost.status, "unpriced");
  assert.match(
    warnings[0] ?? "",
    /^no-such-model has no price in .*: its cost is unknown, not \$0$/,
  );
});

test("ingest mode with a block limit: the ingest is refused, said once, and no limit counts the call", () => {
  const block = createLimit({ name: "hard-cap", max: 1, type: "block" });
  const allow = createLimit({ name: "soft", max: 1 });
  const warnings: string[] = [];
  const charge = new CallCharge(call({ limitIds: [block.id, allow.id], warnings }));
  assert.equal(charge.ingestRefused, true);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? "", /blocking_limit_not_allowed: Block limits cannot be used/);
  assert.match(warnings[0] ?? "", /hard-cap is a block limit, which need proxy mode/);
  assert.equal(charge.refusal(), null, "ingest mode never refuses before the provider");
  const { limits } = charge.settle(units);
  assert.deepEqual(
    limits.map((limit) => limit.state),
    ["not-recorded", "not-recorded"],
  );
  assert.equal(limitStatus(block.id)?.spent, 0);
  assert.equal(limitStatus(allow.id)?.spent, 0);
  assert.equal(BLOCKING_LIMIT_NOT_ALLOWED.code, "blocking_limit_not_allowed");
});

test("proxy mode: a block limit over its max refuses the call; at or under it, nothing is refused", () => {
  const block = createLimit({ name: "hard-cap", max: 0.000001, type: "block" });
  const charge = new CallCharge(call({ mode: "proxy", limitIds: [block.id] }));
  assert.equal(charge.ingestRefused, false);
  assert.equal(charge.refusal(), null, "no spend yet");
  charge.settle(units); // now over its max
  const refusal = charge.refusal();
  assert.ok(refusal);
  assert.match(
    refusal.message,
    /^Insufficient limit for the requested operation: hard-cap is over its max\. The Pay-i proxy refused the call/,
  );
  assert.deepEqual(
    refusal.limits.map((limit) => [limit.id, limit.state]),
    [[block.id, "blocked"]],
  );
});

test("a failed call charges nothing but still reports its limits", () => {
  const limit = createLimit({ name: "budget", max: 1 });
  const charge = new CallCharge(call({ limitIds: [limit.id, "lim_unknown"] }));
  const limits = charge.limitsAfter(0);
  assert.deepEqual(
    limits.map((report) => report.state),
    ["ok", "unknown"],
  );
  assert.equal(limitStatus(limit.id)?.spent, 0);
});
