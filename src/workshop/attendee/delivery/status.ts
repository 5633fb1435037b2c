/**
 * What the forwarder tells the page: its state, the counts of calls waiting, sent and dropped, and
 * the last problem as a sentence for people. Kept here, in one record, and reported on every change.
 */
import type { Settlement } from "../outbox.ts";

export type ForwarderState = "idle" | "sending" | "retrying" | "offline" | "frozen" | "ended";

export interface ForwarderStatus {
  state: ForwarderState;
  /** Calls waiting to be sent (from every tab of this browser, for this room). */
  queued: number;
  /** Calls the room stored (from every tab of this browser). */
  sent: number;
  /** Calls that will never be sent (refused, too large, queue full). */
  dropped: number;
  /** The last problem, a sentence for people; null when there is none. */
  lastError: string | null;
  /** When the next attempt is due (epoch ms), while waiting after a failure. */
  nextRetryAt: number | null;
}

/** `local`: this forwarder queued, sent or dropped something (false: it re-read the counts). */
export type StatusListener = (status: ForwarderStatus, local: boolean) => void;

/** The forwarder's own record of its status; its fields are written by the forwarder's parts. */
export class StatusBoard {
  state: ForwarderState = "idle";
  queued = 0;
  sent = 0;
  dropped = 0;
  lastError: string | null = null;
  /** lastError is about a failure retrying may fix: a success clears it. */
  transient = false;
  readonly #listener: StatusListener | undefined;
  readonly #retryAt: () => number | null;

  /** `retryAt`: when the next attempt is due, as the retry rule knows it. */
  constructor(listener: StatusListener | undefined, retryAt: () => number | null) {
    this.#listener = listener;
    this.#retryAt = retryAt;
  }

  snapshot(): ForwarderStatus {
    const { state, queued, sent, dropped, lastError } = this;
    return { state, queued, sent, dropped, lastError, nextRetryAt: this.#retryAt() };
  }

  emit(local = true): void {
    if (!this.#listener) return;
    try {
      this.#listener(this.snapshot(), local);
    } catch {
      // A listener's failure must not stop sending.
    }
  }

  setState(next: ForwarderState): void {
    this.state = next;
    this.emit();
  }

  /** A problem that retrying does not fix (the calls are dropped, the room has ended). */
  lasting(message: string): void {
    this.lastError = message;
    this.transient = false;
  }

  /** Counts `count` calls as never to be sent; returns what the room's stats record of it. */
  drop(count: number, message: string, frozen?: boolean): Settlement {
    this.dropped += count;
    this.lasting(message);
    return { dropped: count, notice: message, ...(frozen === undefined ? {} : { frozen }) };
  }
}
