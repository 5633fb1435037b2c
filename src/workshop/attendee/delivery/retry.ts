/**
 * The retry rule: what a failed post means, and how long to wait before the next.
 *
 * - No answer or a 5xx: try again later (1 s doubling to 30 s, with jitter, so a room of laptops
 *   reconnecting after the Wi-Fi drops does not retry in step). 429: wait as long as Retry-After.
 * - Refusals that retrying cannot fix (400, 413, 409 room full, 423 frozen) drop that batch.
 * - 401, 403, 404: the membership is over (room deleted, or the server forgot the token).
 */
import { plural } from "../../../../shared/calls/format.ts";
import type { Clock } from "./schedule.ts";
import { FROZEN_MESSAGE, TIMING } from "./timing.ts";

/** What the transport rejects with (RoomApiError has these fields). */
export interface TransportError {
  /** HTTP status; 0 when no answer came. */
  status: number;
  code: string;
  message: string;
  retryAfterMs: number | null;
}

/** Delay before retry number `attempt` (0-based): 1 s doubling to 30 s, then between half and all of it. */
export function backoffDelay(attempt: number, random: () => number): number {
  const full = Math.min(TIMING.backoffMaxMs, TIMING.backoffBaseMs * 2 ** Math.min(attempt, 30));
  return Math.round(full / 2 + (full / 2) * Math.min(1, Math.max(0, random())));
}

export function seconds(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return plural(s, "second");
}

export function asTransportError(error: unknown): TransportError {
  const value = error as Partial<TransportError> | null;
  if (value && typeof value.status === "number" && typeof value.code === "string") {
    return {
      status: value.status,
      code: value.code,
      message: typeof value.message === "string" ? value.message : "",
      retryAfterMs: typeof value.retryAfterMs === "number" ? value.retryAfterMs : null,
    };
  }
  // A bug or an unexpected rejection: retrying is safe (ids make resends harmless).
  return {
    status: 500,
    code: "internal",
    message: error instanceof Error ? error.message : String(error),
    retryAfterMs: null,
  };
}

/** Failures in a row since the last success, and when the next attempt is due. */
export class Backoff {
  readonly #clock: Clock;
  readonly #random: () => number;
  #attempt = 0;
  #retryAt: number | null = null;

  constructor(clock: Clock, random: () => number) {
    this.#clock = clock;
    this.#random = random;
  }

  /** When the next attempt is due (epoch ms); null when it need not wait. */
  get retryAt(): number | null {
    return this.#retryAt;
  }

  /** Our own wait before the next attempt, each one longer. */
  next(): number {
    return backoffDelay(this.#attempt++, this.#random);
  }

  /** The server's Retry-After when it gave one (within sane bounds), else our own backoff. */
  after(error: TransportError): number {
    return error.retryAfterMs !== null
      ? Math.min(TIMING.maxRetryAfterMs, Math.max(TIMING.minIntervalMs, error.retryAfterMs))
      : this.next();
  }

  waitFor(delayMs: number): void {
    this.#retryAt = this.#clock.now() + delayMs;
  }

  /** A success, a refusal retrying cannot fix, or the network back: start afresh. */
  clear(): void {
    this.#attempt = 0;
    this.#retryAt = null;
  }
}

export type Verdict =
  | { kind: "retry"; delayMs: number; message: string }
  /** The membership is over. */
  | { kind: "end"; message: string }
  /** The batch is dropped; `frozen`: because the instructor froze the room. */
  | { kind: "drop"; message: string; frozen?: true };

/** What a post of `count` calls that failed with `error` means; delays are taken from `backoff`. */
export function failureVerdict(error: TransportError, count: number, backoff: Backoff): Verdict {
  const notSent = `${plural(count, "call")} ${count === 1 ? "was" : "were"} not sent`;
  const reason = error.message ? ` ${error.message}` : "";
  if (error.status === 0 || error.code === "offline") {
    const delayMs = backoff.next();
    return {
      kind: "retry",
      delayMs,
      message: `Could not reach the room service; trying again in ${seconds(delayMs)}.`,
    };
  }
  if (error.status === 429) {
    const delayMs = backoff.after(error);
    return {
      kind: "retry",
      delayMs,
      message: `The room service asked this browser to slow down; sending again in ${seconds(delayMs)}.`,
    };
  }
  if (error.status >= 500 || error.code === "bad_response" || error.status < 400) {
    const delayMs = backoff.after(error);
    return {
      kind: "retry",
      delayMs,
      message: `The room service had a problem (HTTP ${error.status}); trying again in ${seconds(delayMs)}.`,
    };
  }
  if (error.status === 401 || error.status === 403 || error.status === 404) {
    return {
      kind: "end",
      message:
        error.status === 404
          ? "The room no longer exists: the instructor deleted it. Join a room again to keep sending calls."
          : "The room service no longer knows this browser's place in the room. Join the room again to keep sending calls.",
    };
  }
  if (error.status === 423) return { kind: "drop", message: FROZEN_MESSAGE, frozen: true };
  if (error.status === 409)
    return { kind: "drop", message: `The room is full: ${notSent}.${reason} Ask the instructor.` };
  if (error.status === 413)
    return { kind: "drop", message: `${notSent}: the room service found them too large.${reason}` };
  return {
    kind: "drop",
    message: `${notSent}: the room service refused them (HTTP ${error.status}).${reason}`,
  };
}
