/**
 * Simulated latency: a few hundred ms before the first token, then a steady
 * per-token pace that depends on the model's size. Reasoning tokens are
 * generated (and waited for) before the first visible token; cached prompt
 * tokens cost no prefill time, which is half of why caching matters.
 */

/** When the first token arrives and how far apart the next ones are, in ms. */
export interface Timing {
  readonly firstTokenMs: number;
  readonly perTokenMs: number;
}

/** The timing of one generation, drawn from `random` and scaled by `scale` (0 = no waiting at all). */
export function planTiming(
  random: () => number,
  model: string,
  uncachedPromptTokens: number,
  reasoningTokens: number,
  scale: number,
): Timing {
  const msPerToken =
    (/nano/.test(model) ? 5 : /mini/.test(model) ? 9 : 16) * (0.85 + 0.3 * random());
  const queueMs = 180 + 320 * random();
  const prefillMs = uncachedPromptTokens * 0.02;
  return {
    firstTokenMs: (queueMs + prefillMs + reasoningTokens * msPerToken) * scale,
    perTokenMs: msPerToken * scale,
  };
}

/** How long an embeddings request takes, in ms. */
export function embeddingDelay(random: () => number, tokens: number, scale: number): number {
  return (60 + 140 * random() + tokens * 0.005) * scale;
}

/** What a fetch aborted through `signal` rejects with: the signal's reason, by default an AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** Waits `ms`, or rejects as soon as `signal` aborts. Zero or less resolves without touching a timer. */
export function delay(ms: number, signal?: AbortSignal | null): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
