/**
 * Writes sandbox/pricing/snapshot.json: the OpenAI prices of the mock's model
 * catalog, taken from the installed @pydantic/genai-prices package.
 *
 *   ./node_modules/.bin/node sandbox/pricing/update-snapshot.ts
 *
 * A development script (it reads and writes files), never bundled: the runtime
 * reads only the small snapshot, not the package's ~800 KB dataset.
 *
 * How the dataset's special cases are frozen:
 * - Date-conditional prices: the price in force on the snapshot date.
 * - Tiered prices (e.g. long-context rates above 272K input tokens): kept as
 *   `tiers`; like the package, a call whose input tokens exceed a tier's
 *   `aboveInputTokens` pays that tier's rates for all its tokens.
 * - Models without a cached-input price: cached tokens cost the input price
 *   (the package charges them as plain input too).
 * - Other price keys (web searches, audio, images, cache writes) are left out:
 *   the mock produces text tokens only.
 */
import { readFileSync, writeFileSync } from "node:fs";
import {
  type MatchLogic,
  type ModelPrice,
  type TieredPrices,
  calcPrice,
} from "@pydantic/genai-prices";
import { MODEL_CATALOG } from "../openai-mock/catalog.ts";
import type { ModelPrices, PriceSnapshot, PriceTier } from "./snapshot-types.ts";

const PACKAGE = "@pydantic/genai-prices";
const snapshotDate = new Date().toISOString().slice(0, 10);
const packageJson = JSON.parse(
  readFileSync(new URL(`../../node_modules/${PACKAGE}/package.json`, import.meta.url), "utf8"),
) as { version: string };

const DATED = /-\d{4}-\d{2}-\d{2}$/;
const KEYS = {
  input: "input_mtok",
  cachedInput: "cache_read_mtok",
  output: "output_mtok",
} as const;
const USED_KEYS = new Set<string>(Object.values(KEYS));

const models: Record<string, ModelPrices> = {};
const aliases: Record<string, string> = {};
const warnings: string[] = [];

/** Prices `name` with the package's own model matching, as of the snapshot date; records model and alias. */
function addModel(name: string): void {
  const result = calcPrice({ input_tokens: 1 }, name, {
    providerId: "openai",
    timestamp: new Date(snapshotDate),
  });
  if (!result) {
    warnings.push(`no price for ${name}`);
    return;
  }
  const id = result.model.id;
  models[id] ??= convert(id, result.model_price);
  if (name !== id) aliases[name] = id;
  if (Array.isArray(result.model.prices)) {
    for (const { constraint } of result.model.prices) {
      if (constraint?.type === "start_date" && constraint.start_date > snapshotDate) {
        warnings.push(`${id}: prices change on ${constraint.start_date}, after this snapshot`);
      }
    }
  }
  // Other dated snapshots of the same model name, so that they resolve without guessing.
  const base = name.replace(DATED, "");
  for (const variant of equalsValues(result.model.match)) {
    if (variant.replace(DATED, "") === base && !(variant in aliases) && !(variant in models))
      addModel(variant);
  }
}

/** The runtime computes in picodollars per token, exact for rates with up to 6 decimals per 1M tokens. */
function checkedRate(id: string, usdPerMillion: number): number {
  if (Math.abs(usdPerMillion * 1e6 - Math.round(usdPerMillion * 1e6)) > 1e-6) {
    throw new Error(
      `${id}: rate ${usdPerMillion} has more than 6 decimals; sandbox/pricing/index.ts would round it`,
    );
  }
  return usdPerMillion;
}

function equalsValues(match: MatchLogic): string[] {
  if ("equals" in match) return [match.equals];
  if ("or" in match) return match.or.flatMap(equalsValues);
  if ("and" in match) return match.and.flatMap(equalsValues);
  return [];
}

function convert(id: string, price: ModelPrice): ModelPrices {
  // Per-request fees (web searches...) don't apply to plain text calls; other token prices would be lost.
  const ignored = Object.keys(price).filter((key) => key.endsWith("_mtok") && !USED_KEYS.has(key));
  if (ignored.length) warnings.push(`${id}: ignored token prices ${ignored.join(", ")}`);
  const at = (key: string, inputTokens: number): number => {
    const value = price[key];
    if (value === undefined) return key === KEYS.output ? 0 : at(KEYS.input, inputTokens);
    if (typeof value === "number") return checkedRate(id, value);
    // The package picks the last tier whose start the call's input tokens exceed.
    const tiered = value as TieredPrices;
    return checkedRate(
      id,
      tiered.tiers.filter((tier) => inputTokens > tier.start).at(-1)?.price ?? tiered.base,
    );
  };
  const ratesAt = (inputTokens: number): Omit<PriceTier, "aboveInputTokens"> => ({
    input: at(KEYS.input, inputTokens),
    cachedInput: at(KEYS.cachedInput, inputTokens),
    output: at(KEYS.output, inputTokens),
  });
  const starts = [
    ...new Set(
      Object.values(KEYS).flatMap((key) => {
        const value = price[key];
        return typeof value === "object" ? value.tiers.map((tier) => tier.start) : [];
      }),
    ),
  ].sort((a, b) => a - b);
  const tiers = starts.map((start) => ({ aboveInputTokens: start, ...ratesAt(start + 1) }));
  return { ...ratesAt(0), ...(tiers.length ? { tiers } : {}) };
}

for (const [name, info] of Object.entries(MODEL_CATALOG)) {
  addModel(name);
  for (const date of info.snapshots) addModel(`${name}-${date}`);
}

const snapshot: PriceSnapshot = {
  source: PACKAGE,
  version: packageJson.version,
  snapshotDate,
  datasetUpdated: null,
  currency: "USD",
  unit: "USD per 1M tokens",
  notes: [
    "Extracted by sandbox/pricing/update-snapshot.ts for the models of sandbox/openai-mock/catalog.ts.",
    "The package's dataset carries no update date of its own, so datasetUpdated is null: the package version identifies the data.",
    "Date-conditional prices are those in force on snapshotDate.",
    "tiers: a call whose input tokens exceed aboveInputTokens pays that tier's rates for all its tokens.",
    "cachedInput equals input for models without a cached-input price.",
    "Fine-tuned (ft:) models are deliberately not included: their rates are account-specific.",
  ],
  models: Object.fromEntries(Object.entries(models).sort(([a], [b]) => a.localeCompare(b))),
  aliases: Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b))),
};
writeFileSync(
  new URL("./snapshot.json", import.meta.url),
  `${JSON.stringify(snapshot, null, 2)}\n`,
);
for (const warning of warnings) console.warn(`note: ${warning}`);
console.log(
  `snapshot.json: ${Object.keys(models).length} models, ${Object.keys(aliases).length} aliases, ${PACKAGE} ${packageJson.version}, ${snapshotDate}`,
);
