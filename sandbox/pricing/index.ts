/**
 * Prices one OpenAI call from its token counts, using a dated snapshot of
 * @pydantic/genai-prices (snapshot.json, refreshed by update-snapshot.ts).
 *
 * Arithmetic is exact: rates become integer picodollars (1e-12 USD) per token
 * and costs are BigInt sums, converted to a number of USD once at the end, so
 * no float noise creeps in (0.1 + 0.2 style). Each reported figure is the
 * double nearest the exact cost; `total` is the nearest double to the exact
 * sum, which can differ from adding the three rounded parts in the last bit.
 */
import type { ModelPrices } from "./snapshot-types.ts";
import snapshot from "./snapshot.json" with { type: "json" };

/** Token counts of one call. `input` INCLUDES cached input, as OpenAI's prompt_tokens does. */
export interface Units {
  input: number;
  cachedInput: number;
  output: number;
}

/** Where the prices come from: the package, its version and the snapshot date. */
export interface PriceSource {
  name: string;
  version: string;
  date: string;
}

/** Cost in USD of one call (input = non-cached input tokens), or why it has no price. Never $0 for "unknown". */
export type CostResult =
  | {
      status: "priced";
      currency: "USD";
      input: number;
      cachedInput: number;
      output: number;
      total: number;
      source: PriceSource;
    }
  | { status: "unpriced"; reason: string; source: PriceSource };

/** The price table's source and date, to show next to every cost. */
export const PRICE_SOURCE: PriceSource = Object.freeze({
  name: snapshot.source,
  version: snapshot.version,
  date: snapshot.snapshotDate,
});

const models: Readonly<Record<string, ModelPrices>> = snapshot.models;
const aliases: Readonly<Record<string, string>> = snapshot.aliases;
const PICO_PER_USD = 1e12;
const DATE_SUFFIX = /-\d{4}-?\d{2}-?\d{2}$/;

/**
 * The cost of one call to `model` with these token counts. Dated snapshot
 * names resolve to their model's price; unknown models and fine-tuned (`ft:`)
 * models are "unpriced", with the reason.
 */
export function priceCall(model: string, units: Units): CostResult {
  const source = PRICE_SOURCE;
  const invalid = checkUnits(units);
  if (invalid) return { status: "unpriced", reason: invalid, source };
  if (model.startsWith("ft:")) {
    return {
      status: "unpriced",
      reason: `"${model}" is a fine-tuned model: the price table does not list fine-tuned models, so its cost is unknown.`,
      source,
    };
  }
  const prices = findPrices(model);
  if (!prices) {
    return {
      status: "unpriced",
      reason: `No price for model "${model}" in ${source.name} ${source.version} (snapshot of ${source.date}).`,
      source,
    };
  }
  // Long-context tiers apply to the whole call once its input passes the threshold.
  const rates =
    prices.tiers?.filter((tier) => units.input > tier.aboveInputTokens).at(-1) ?? prices;
  const input = picodollars(units.input - units.cachedInput, rates.input);
  const cachedInput = picodollars(units.cachedInput, rates.cachedInput);
  const output = picodollars(units.output, rates.output);
  return {
    status: "priced",
    currency: "USD",
    input: toUsd(input),
    cachedInput: toUsd(cachedInput),
    output: toUsd(output),
    total: toUsd(input + cachedInput + output),
    source,
  };
}

function findPrices(model: string): ModelPrices | undefined {
  const name = model.trim().toLowerCase();
  for (const candidate of [name, name.replace(DATE_SUFFIX, "")]) {
    const prices = models[aliases[candidate] ?? candidate];
    if (prices) return prices;
  }
  return undefined;
}

function checkUnits(units: Units): string | undefined {
  for (const [name, value] of Object.entries(units)) {
    if (!Number.isSafeInteger(value) || value < 0)
      return `Invalid units: ${name} must be a whole number >= 0, got ${value}.`;
  }
  if (units.cachedInput > units.input) {
    return `Invalid units: cachedInput (${units.cachedInput}) cannot exceed input (${units.input}), which includes it.`;
  }
  return undefined;
}

/** Cost of `tokens` at `usdPerMillion`, in integer picodollars (USD per 1M tokens = picodollars per token x 1e-6). */
function picodollars(tokens: number, usdPerMillion: number): bigint {
  return BigInt(tokens) * BigInt(Math.round(usdPerMillion * 1e6));
}

function toUsd(pico: bigint): number {
  return Number(pico) / PICO_PER_USD;
}
