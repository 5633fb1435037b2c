/** The forwarder's times and limits, in one place: batching, pacing and retrying all read them. */

export const TIMING = {
  /** Quiet time after the first call of a burst, so the burst goes in one post. */
  firstDelayMs: 200,
  minIntervalMs: 500,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  /** Calls are written to the outbox in groups: one transaction per burst, not per call. */
  persistDelayMs: 50,
  /** A Retry-After longer than this is not believed. */
  maxRetryAfterMs: 10 * 60_000,
} as const;

/** Calls waiting before new ones are dropped: a learner offline for a day must not fill the disk. */
export const MAX_QUEUED = 20_000;

export const FROZEN_MESSAGE = "The instructor froze the room; calls made now are not sent.";
