/**
 * When posts go out. A burst is sent together: the first post ~200 ms after its first call (so the
 * burst fits in one), later ones at least 500 ms apart, and none before a retry time. One timer
 * serves all of it, and it only ever moves earlier.
 */
import { TIMING } from "./timing.ts";

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The earliest time (epoch ms) for a post wanted `delayMs` from `now`: never sooner than the
 * interval after the last post allows, nor before the retry time.
 */
export function sendTime(
  now: number,
  delayMs: number,
  lastPostAt: number,
  retryAt: number | null,
): number {
  return Math.max(now + delayMs, lastPostAt + TIMING.minIntervalMs, retryAt ?? 0);
}

/** One pending wake-up: asked again for a later time, it keeps the sooner one. */
export class Alarm {
  readonly #clock: Clock;
  readonly #ring: () => void;
  #timer: unknown = null;
  #at = 0;

  constructor(clock: Clock, ring: () => void) {
    this.#clock = clock;
    this.#ring = ring;
  }

  /** Rings at `at` (epoch ms), unless it is already set to ring by then. */
  setAt(at: number): void {
    if (this.#timer !== null && this.#at <= at) return;
    this.cancel();
    this.#at = at;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#ring();
    }, at - this.#clock.now());
  }

  cancel(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
