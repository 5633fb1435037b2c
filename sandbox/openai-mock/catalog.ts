/** The models the mock serves, and how a requested model name maps onto them. */

/** What the mock knows about one model. */
export interface CatalogModel {
  readonly kind: "chat" | "embedding";
  /** Maximum prompt + output tokens (chat) or input tokens per item (embeddings). */
  readonly contextWindow: number;
  /** Dated snapshots the API also accepts; the first is what the alias points to and what responses echo. */
  readonly snapshots: readonly string[];
  /**
   * Reasoning models bill hidden reasoning tokens as output, reject `max_tokens`
   * and non-default `temperature`. The value is the default reasoning effort.
   */
  readonly reasoning?: "medium" | "none";
  /** Embedding vector length before any `dimensions` shortening. */
  readonly dimensions?: number;
  /** Whether `dimensions` may shorten the vectors (text-embedding-3 only). */
  readonly shortenable?: boolean;
}

const chat = (
  contextWindow: number,
  dates: string[],
  reasoning?: "medium" | "none",
): CatalogModel => ({
  kind: "chat",
  contextWindow,
  snapshots: dates,
  ...(reasoning ? { reasoning } : {}),
});

const embedding = (dimensions: number, shortenable: boolean): CatalogModel => ({
  kind: "embedding",
  contextWindow: 8192,
  snapshots: [],
  dimensions,
  shortenable,
});

/** Models the mock serves: OpenAI chat models (with the dates of their snapshots) and embedding models. */
export const MODEL_CATALOG: Readonly<Record<string, CatalogModel>> = {
  "gpt-4o": chat(128_000, ["2024-08-06", "2024-11-20", "2024-05-13"]),
  "gpt-4o-mini": chat(128_000, ["2024-07-18"]),
  "gpt-4.1": chat(1_047_576, ["2025-04-14"]),
  "gpt-4.1-mini": chat(1_047_576, ["2025-04-14"]),
  "gpt-4.1-nano": chat(1_047_576, ["2025-04-14"]),
  o1: chat(200_000, ["2024-12-17"], "medium"),
  o3: chat(200_000, ["2025-04-16"], "medium"),
  "o3-mini": chat(200_000, ["2025-01-31"], "medium"),
  "o4-mini": chat(200_000, ["2025-04-16"], "medium"),
  "gpt-5": chat(400_000, ["2025-08-07"], "medium"),
  "gpt-5-mini": chat(400_000, ["2025-08-07"], "medium"),
  "gpt-5-nano": chat(400_000, ["2025-08-07"], "medium"),
  // From GPT-5.1 on, reasoning is off unless the request asks for it.
  "gpt-5.1": chat(400_000, ["2025-11-13"], "none"),
  "gpt-5.2": chat(400_000, ["2025-12-11"], "none"),
  "gpt-5.4": chat(1_050_000, ["2026-03-05"], "none"),
  "gpt-5.4-mini": chat(400_000, ["2026-03-17"], "none"),
  "gpt-5.4-nano": chat(400_000, ["2026-03-17"], "none"),
  "gpt-5.5": chat(1_000_000, ["2026-04-23"], "none"),
  "text-embedding-3-small": embedding(1536, true),
  "text-embedding-3-large": embedding(3072, true),
  "text-embedding-ada-002": embedding(1536, false),
};

/** A requested model name resolved against the catalog. */
export interface ResolvedModel {
  /** The catalog entry the name belongs to (for `ft:` models, the base model's). */
  readonly base: string;
  readonly info: CatalogModel;
  /** The name responses report: the dated snapshot for an alias, else the name as requested. */
  readonly reportedName: string;
}

// Fine-tuned models exist per account: ft:<base model>:<org>:<optional suffix>:<id>.
const FINE_TUNED = /^ft:([^:]+):[^:]+:[^:]*:[^:]+$/;

/** Resolves an alias, a dated snapshot or an `ft:` name; undefined when the API would say "model not found". */
export function resolveModel(name: string): ResolvedModel | undefined {
  const fineTunedBase = FINE_TUNED.exec(name)?.[1];
  if (fineTunedBase !== undefined) {
    const base = resolveModel(fineTunedBase);
    return base?.info.kind === "chat" ? { ...base, reportedName: name } : undefined;
  }
  const alias = Object.hasOwn(MODEL_CATALOG, name) ? MODEL_CATALOG[name] : undefined;
  if (alias) {
    const date = alias.snapshots[0];
    return { base: name, info: alias, reportedName: date ? `${name}-${date}` : name };
  }
  for (const [base, info] of Object.entries(MODEL_CATALOG)) {
    if (info.snapshots.some((date) => name === `${base}-${date}`))
      return { base, info, reportedName: name };
  }
  return undefined;
}
