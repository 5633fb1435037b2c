/** The shape of snapshot.json (written by update-snapshot.ts, read by index.ts). Prices in USD per 1M tokens. */

/** Rates that apply above a number of input tokens (long-context pricing). */
export interface PriceTier {
  readonly aboveInputTokens: number;
  readonly input: number;
  readonly cachedInput: number;
  readonly output: number;
}

/** One model's text-token rates. */
export interface ModelPrices {
  readonly input: number;
  readonly cachedInput: number;
  readonly output: number;
  /** Ascending by aboveInputTokens. */
  readonly tiers?: readonly PriceTier[];
}

export interface PriceSnapshot {
  readonly source: string;
  readonly version: string;
  /** The day the snapshot was taken (YYYY-MM-DD). */
  readonly snapshotDate: string;
  /** The dataset's own last-update date, when it states one. */
  readonly datasetUpdated: string | null;
  readonly currency: "USD";
  readonly unit: string;
  readonly notes: readonly string[];
  readonly models: Readonly<Record<string, ModelPrices>>;
  /** Other names of a model (dated snapshots, variants) -> its key in `models`. */
  readonly aliases: Readonly<Record<string, string>>;
}
