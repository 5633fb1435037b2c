/**
 * The call event: one per instrumented OpenAI call, emitted by the sandbox runtime and read by the
 * CLI, the live panel and the cost store. Versioned: a reader must check `v` and ignore versions it
 * does not know. Times are the only fields that differ between two runs of the same program with
 * mock latency at zero (`time`, `endTime`, `latencyMs`).
 */
export const EVENT_SCHEMA_VERSION = 1;

/** Where an effective value came from. */
export type Origin =
  | { kind: "global"; label: string }
  | { kind: "default"; label: string }
  | { kind: "ingest"; label: string; depth: number }
  | { kind: "trackContext"; label: string; depth: number }
  | { kind: "header"; label: string; header: string }
  | { kind: "none"; label: string };

/** One effective value with its origin and the value it replaced, if any. */
export interface Tagged<T> {
  /** `null`: no value (never set, or cleared; see `cleared`). */
  value: T | null;
  origin: Origin;
  /** True when an empty value (`""`, `[]`) removed what the parent or context had. */
  cleared: boolean;
  /** What this value replaced: the value the enclosing context or parent scope would have given. */
  overrode: { value: T | null; origin: Origin } | null;
  /** One sentence for people, e.g. "header xProxy-User-ID overrode ingest() value user_123". */
  why: string;
}

export interface UseCaseTag {
  name: string;
  id: string | null;
  version: number | null;
  step: string | null;
}

export interface Units {
  /** Input tokens, cached ones included (as OpenAI's `prompt_tokens`). */
  input: number;
  cachedInput: number;
  output: number;
}

export interface PriceSourceInfo {
  name: string;
  version: string;
  date: string;
}

export type CallCost =
  | {
      status: "priced";
      currency: "USD";
      input: number;
      cachedInput: number;
      output: number;
      total: number;
      /** The model the price was looked up for (differs from `resource` with xProxy-PriceAs-Resource). */
      pricedAs: string;
      source: PriceSourceInfo;
    }
  | { status: "unpriced"; reason: string; pricedAs: string; source: PriceSourceInfo }
  | { status: "not-charged"; reason: string };

export type LimitState = "ok" | "exceeded" | "overrun" | "blocked" | "unknown";

export interface LimitReport {
  id: string;
  name: string | null;
  type: "allow" | "block" | null;
  max: number | null;
  threshold: number | null;
  /** Spend counted against the limit after this call, USD. */
  spent: number;
  state: LimitState;
  why: string;
}

export type CallApi = "chat.completions" | "responses" | "embeddings";

export interface CallEvent {
  v: typeof EVENT_SCHEMA_VERSION;
  type: "call";
  /** 1-based, in order of call start within one run. */
  seq: number;
  /** ISO time the call started and ended. */
  time: string;
  endTime: string;
  category: "system.openai";
  /** The model requested. */
  resource: string;
  api: CallApi;
  streaming: boolean;
  mode: "ingest" | "proxy";
  userId: Tagged<string>;
  useCase: Tagged<UseCaseTag>;
  limitIds: Tagged<string[]>;
  requestTags: Tagged<string[]>;
  /** xProxy-PriceAs-* and xProxy-Resource-Scope headers, when sent. */
  priceAs: { category: string | null; resource: string | null; resourceScope: string | null };
  units: Units | null;
  cost: CallCost;
  limits: LimitReport[];
  latencyMs: number;
  /** HTTP status the SDK saw; 0 when no response arrived. */
  status: number;
  error: { type: string; message: string } | null;
  /** Where in the learner's program the call was made (after source mapping). */
  callSite: { file: string; line: number; column: number } | null;
  warnings: string[];
}

export type SandboxEvent = CallEvent;
