/** Reading token usage out of provider responses, per API. */
import type { CallApi, Units } from "../../shared/calls/event.ts";

interface UsageLike {
  prompt_tokens?: number;
  completion_tokens?: number;
  input_tokens?: number;
  output_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  input_tokens_details?: { cached_tokens?: number } | null;
}

export function unitsFromUsage(api: CallApi, usage: UsageLike | null | undefined): Units | null {
  if (!usage || typeof usage !== "object") return null;
  if (api === "responses") {
    return {
      input: usage.input_tokens ?? 0,
      cachedInput: usage.input_tokens_details?.cached_tokens ?? 0,
      output: usage.output_tokens ?? 0,
    };
  }
  return {
    input: usage.prompt_tokens ?? 0,
    cachedInput: usage.prompt_tokens_details?.cached_tokens ?? 0,
    output: api === "embeddings" ? 0 : (usage.completion_tokens ?? 0),
  };
}

const API_BY_PATH: [RegExp, CallApi][] = [
  [/\/chat\/completions$/, "chat.completions"],
  [/\/responses$/, "responses"],
  [/\/embeddings$/, "embeddings"],
];

/** The instrumented API a request URL is for, or null for requests that are not inference calls. */
export function apiOf(url: string): CallApi | null {
  const path = new URL(url).pathname;
  return API_BY_PATH.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}
