/**
 * Prompt caching as OpenAI reports it: prompts of 1024 tokens or more that
 * start with the same tokens as an earlier prompt to the same model get their
 * shared prefix billed as `cached_tokens`, counted in steps of 128 tokens.
 */
import { hashString } from "./hash.ts";

const MIN_CACHEABLE_TOKENS = 1024;
const CACHE_STEP_TOKENS = 128;

/** Remembers the prompts one mock instance has seen. */
export interface PromptCache {
  /** Tokens of `pieces` already cached for `model` (0, or a multiple of 128 from 1024), then caches `pieces` too. */
  lookupAndStore(model: string, pieces: readonly string[]): number;
}

/**
 * Stores, per model, a chained hash at every 128-token boundary of each prompt:
 * a hash at boundary k matches only if all k blocks before it match, so the
 * longest matching boundary is the longest shared prefix, rounded down to 128,
 * without keeping the prompts themselves.
 */
export function createPromptCache(): PromptCache {
  const seen = new Set<string>();
  return {
    lookupAndStore(model, pieces) {
      let cached = 0;
      let chain = hashString(model);
      for (let end = CACHE_STEP_TOKENS; end <= pieces.length; end += CACHE_STEP_TOKENS) {
        chain = hashString(
          `${chain}\u0000${pieces.slice(end - CACHE_STEP_TOKENS, end).join("\u0000")}`,
        );
        const key = `${end}:${chain}`;
        if (seen.has(key) && cached === end - CACHE_STEP_TOKENS) cached = end;
        seen.add(key);
      }
      return cached >= MIN_CACHEABLE_TOKENS ? cached : 0;
    },
  };
}
