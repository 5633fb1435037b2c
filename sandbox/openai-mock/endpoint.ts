/** What every endpoint handler gets and gives back. */
import type { SseEvent } from "./http.ts";
import type { PromptCache } from "./prompt-cache.ts";
import type { PromptMessage } from "./prompt.ts";

/** State and settings of one mock instance, plus facts about the current request. */
export interface MockContext {
  readonly cache: PromptCache;
  /** Stored Responses API conversations, by response id, for `previous_response_id`. */
  readonly conversations: Map<string, readonly PromptMessage[]>;
  readonly latencyScale: number;
  /** Counts requests to this instance: keeps ids distinct when the same request repeats, yet reproducible. */
  readonly requestNumber: number;
  /** Unix time in seconds, for `created` fields. */
  readonly nowSeconds: number;
}

/** A successful answer: JSON, or server-sent events, after `waitMs` of simulated latency. */
export type PlannedResponse =
  | { readonly waitMs: number; readonly json: unknown }
  | { readonly waitMs: number; readonly events: readonly SseEvent[] };
