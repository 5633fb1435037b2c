import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { calcPrice } from "@pydantic/genai-prices";
import { MODEL_CATALOG } from "../../../../sandbox/openai-mock/catalog.ts";
import {
  type CostResult,
  PRICE_SOURCE,
  type Units,
  priceCall,
} from "../../../../sandbox/pricing/index.ts";

/** The package's own calculation, as of the snapshot date (its input_price includes cached input). */
function oracle(model: string, units: Units) {
  const result = calcPrice(
    {
      input_tokens: units.input,
      cache_read_tokens: units.cachedInput,
      output_tokens: units.output,
    },
    model,
    { providerId: "openai", timestamp: new Date(PRICE_SOURCE.date) },
  );
  assert.ok(result, `the package prices ${model}`);
  return result;
}

function priced(result: CostResult) {
  assert.equal(result.status, "priced", result.status === "unpriced" ? result.reason : "");
  if (result.status !== "priced") throw new Error("unreachable");
  return result;
}

const closeTo = (actual: number, expected: number, what: string): void =>
  assert.ok(
    Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  );

describe("priceCall agrees with @pydantic/genai-prices", () => {
  const cases: Array<[string, Units]> = [
    ["gpt-4o-mini", { input: 1_000, cachedInput: 0, output: 250 }],
    ["gpt-4o", { input: 5_000, cachedInput: 2_048, output: 800 }],
    ["gpt-4.1-nano", { input: 12_345, cachedInput: 10_112, output: 6_789 }],
    ["o3", { input: 3_000, cachedInput: 1_024, output: 4_096 }],
    ["o4-mini-2025-04-16", { input: 700, cachedInput: 0, output: 1_900 }],
    ["gpt-5", { input: 2_200, cachedInput: 1_152, output: 960 }],
    ["gpt-5-nano", { input: 17, cachedInput: 0, output: 3 }],
    ["gpt-5.4", { input: 300_000, cachedInput: 150_016, output: 2_000 }], // above the long-context tier
    ["gpt-5.4", { input: 271_999, cachedInput: 0, output: 2_000 }], // exactly at the threshold: base rates
    ["gpt-4o-2024-05-13", { input: 1_500, cachedInput: 0, output: 500 }],
    ["text-embedding-3-small", { input: 8_000, cachedInput: 0, output: 0 }],
  ];
  for (const [model, units] of cases) {
    test(`${model} ${JSON.stringify(units)}`, () => {
      const ours = priced(priceCall(model, units));
      const theirs = oracle(model, units);
      assert.ok(theirs.total_price > 0);
      closeTo(ours.input + ours.cachedInput, theirs.input_price, "input incl. cached");
      closeTo(ours.output, theirs.output_price, "output");
      closeTo(ours.total, theirs.total_price, "total");
    });
  }
});

describe("priceCall arithmetic", () => {
  test("gpt-4o-mini by hand: $0.15 input, $0.075 cached, $0.60 output per 1M", () => {
    const cost = priced(
      priceCall("gpt-4o-mini", { input: 1_000_000, cachedInput: 200_000, output: 500_000 }),
    );
    assert.equal(cost.input, 0.12); // 800,000 non-cached x 0.15 / 1M
    assert.equal(cost.cachedInput, 0.015); // 200,000 x 0.075 / 1M
    assert.equal(cost.output, 0.3); // 500,000 x 0.60 / 1M
    assert.equal(cost.total, 0.435);
    assert.equal(cost.currency, "USD");
  });

  test("gpt-4.1 by hand, with no float noise in the total", () => {
    const cost = priced(priceCall("gpt-4.1", { input: 50_000, cachedInput: 0, output: 25_000 }));
    assert.equal(cost.input, 0.1); // 50,000 x $2 / 1M
    assert.equal(cost.output, 0.2); // 25,000 x $8 / 1M
    assert.equal(cost.total, 0.3);
    assert.notEqual(0.1 + 0.2, 0.3, "plain float addition would have given 0.30000000000000004");
    const odd = priced(priceCall("gpt-4.1", { input: 1234, cachedInput: 0, output: 567 }));
    assert.equal(odd.total, 0.007004); // 1234 x 2 + 567 x 8 = 7004 millionths
  });

  test("cached tokens are billed at the cached rate, the rest of input at the full rate", () => {
    const none = priced(priceCall("gpt-5", { input: 10_000, cachedInput: 0, output: 0 }));
    const most = priced(priceCall("gpt-5", { input: 10_000, cachedInput: 8_192, output: 0 }));
    assert.equal(most.cachedInput, (8_192 * 0.125) / 1e6);
    assert.equal(most.input, (1_808 * 1.25) / 1e6);
    assert.ok(most.total < none.total);
  });

  test("a conditional price is the one in force on the snapshot date (o3 after its 2025-06-10 cut)", () => {
    const cost = priced(priceCall("o3", { input: 1_000_000, cachedInput: 0, output: 1_000_000 }));
    assert.equal(cost.input, 2);
    assert.equal(cost.output, 8);
  });
});

describe("model names", () => {
  const units: Units = { input: 1000, cachedInput: 0, output: 100 };

  test("dated snapshot names resolve to their base model's price", () => {
    assert.deepEqual(priceCall("gpt-4o-mini-2024-07-18", units), priceCall("gpt-4o-mini", units));
    assert.deepEqual(priceCall("gpt-5-2025-08-07", units), priceCall("gpt-5", units));
    // A date the table has never heard of falls back to the base model.
    assert.deepEqual(priceCall("gpt-4.1-2099-01-01", units), priceCall("gpt-4.1", units));
  });

  test("a snapshot the dataset prices differently keeps its own price", () => {
    const old = priced(priceCall("gpt-4o-2024-05-13", units));
    const current = priced(priceCall("gpt-4o", units));
    assert.ok(old.total > current.total);
  });

  test("every model and snapshot name the mock serves is priced", () => {
    for (const [name, info] of Object.entries(MODEL_CATALOG)) {
      for (const model of [name, ...info.snapshots.map((date) => `${name}-${date}`)]) {
        assert.equal(priceCall(model, units).status, "priced", model);
      }
    }
  });

  test("unknown models are unpriced with a reason, never $0", () => {
    for (const model of ["gpt-9000", "claude-sonnet-4", "", "text-embedding-4"]) {
      const result = priceCall(model, units);
      assert.equal(result.status, "unpriced", model);
      assert.ok(result.status === "unpriced" && result.reason.includes("No price"), model);
      assert.ok(!("total" in result));
    }
  });

  test("fine-tuned models are deliberately unpriced, although the package would price some", () => {
    const model = "ft:gpt-4o-mini-2024-07-18:acme::B1x2y3z4";
    assert.ok(
      calcPrice({ input_tokens: 1000, output_tokens: 100 }, model, { providerId: "openai" }),
    );
    const result = priceCall(model, units);
    assert.equal(result.status, "unpriced");
    assert.match(result.status === "unpriced" ? result.reason : "", /fine-tuned/);
  });

  test("impossible units are unpriced rather than priced wrongly", () => {
    for (const bad of [
      { input: 10, cachedInput: 20, output: 0 },
      { input: -1, cachedInput: 0, output: 0 },
      { input: 1.5, cachedInput: 0, output: 0 },
      { input: 1, cachedInput: 0, output: Number.NaN },
    ]) {
      const result = priceCall("gpt-4o", bad);
      assert.equal(result.status, "unpriced", JSON.stringify(bad));
      assert.match(result.status === "unpriced" ? result.reason : "", /Invalid units/);
    }
  });
});

describe("price source", () => {
  test("names the package, its installed version and the snapshot date", () => {
    const installed = JSON.parse(
      readFileSync(
        new URL("../../../../node_modules/@pydantic/genai-prices/package.json", import.meta.url),
        "utf8",
      ),
    ) as { name: string; version: string };
    assert.equal(PRICE_SOURCE.name, installed.name);
    assert.equal(PRICE_SOURCE.version, installed.version);
    assert.match(PRICE_SOURCE.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(!Number.isNaN(Date.parse(PRICE_SOURCE.date)));
    const result = priceCall("gpt-4o", { input: 1, cachedInput: 0, output: 1 });
    assert.deepEqual(result.source, PRICE_SOURCE);
  });
});
