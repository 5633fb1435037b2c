/**
 * The send loop: one post at a time, of the oldest calls in the outbox that fit one request, then
 * the outcome recorded in the room's stats and the next post scheduled while calls are waiting.
 * What a failure means comes from the retry rule (retry.ts); when posts may go, from schedule.ts.
 */
import {
  LIMITS,
  type ForwardedCall,
  type PostCallsResponse,
} from "../../../../shared/workshop/protocol.ts";
import type { Outbox, OutboxRecord, Settlement } from "../outbox.ts";
import type { OutboxWriter } from "./outbox-writer.ts";
import { asTransportError, failureVerdict, seconds, type Backoff } from "./retry.ts";
import { Alarm, sendTime, type Clock } from "./schedule.ts";
import type { StatusBoard } from "./status.ts";
import { TIMING } from "./timing.ts";

/** Room under LIMITS.maxRequestBytes for the request's own overhead and rounding. */
const BODY_MARGIN_BYTES = 2_048;
const MAX_BYTES = LIMITS.maxRequestBytes - BODY_MARGIN_BYTES;
/** Ids of sent calls whose removal from the outbox failed, remembered so they are not sent again. */
const MAX_REMEMBERED_IDS = 5_000;

export interface SendLoopDeps {
  roomCode: string;
  outbox: Outbox;
  post(calls: ForwardedCall[]): Promise<PostCallsResponse>;
  clock: Clock;
  status: StatusBoard;
  backoff: Backoff;
  writer: OutboxWriter;
  isOnline(): boolean;
  isStopped(): boolean;
  /** The membership is over; `message` says why. */
  end(message: string): Promise<void>;
}

export class SendLoop {
  readonly #deps: SendLoopDeps;
  readonly #alarm: Alarm;
  #sending: Promise<void> | null = null;
  #lastPostAt = -Infinity;
  readonly #remembered = new Set<string>();

  constructor(deps: SendLoopDeps) {
    this.#deps = deps;
    this.#alarm = new Alarm(deps.clock, () => void this.run());
  }

  /** A post is under way. */
  get busy(): boolean {
    return this.#sending !== null;
  }

  /** Runs the loop after `delayMs`, but never before the interval or a retry time allows. */
  schedule(delayMs: number): void {
    if (this.#deps.isStopped() || this.#sending) return;
    const { clock, backoff } = this.#deps;
    this.#alarm.setAt(sendTime(clock.now(), delayMs, this.#lastPostAt, backoff.retryAt));
  }

  cancel(): void {
    this.#alarm.cancel();
  }

  /** One round: a post (or none), then the count read again; a round under way is joined. */
  run(): Promise<void> {
    const { status, outbox, roomCode, writer, backoff } = this.#deps;
    const stopped = () => this.#deps.isStopped();
    if (stopped()) return Promise.resolve();
    if (this.#sending) return this.#sending;
    this.cancel();
    this.#sending = (async () => {
      try {
        await this.#sendOnce();
      } catch (error) {
        // The outbox failed: treat it like any other failure worth retrying later.
        if (!stopped()) {
          const delay = backoff.next();
          this.#retryLater(
            delay,
            `Calls for the room could not be read from this browser's storage (${error instanceof Error ? error.message : String(error)}); trying again in ${seconds(delay)}.`,
          );
        }
      }
      if (stopped()) return;
      try {
        status.queued = (await outbox.count(roomCode)) + writer.waiting;
      } catch {
        // Keep the last count.
      }
    })().finally(() => {
      this.#sending = null;
      if (stopped()) return;
      if (status.queued > 0) this.schedule(0);
      else if (status.state === "sending") status.state = "idle";
      status.emit();
    });
    return this.#sending;
  }

  #retryLater(delayMs: number, message: string): void {
    const { backoff, status } = this.#deps;
    backoff.waitFor(delayMs);
    status.lastError = message;
    status.transient = true;
    status.setState(this.#deps.isOnline() ? "retrying" : "offline");
  }

  async #sendOnce(): Promise<void> {
    const { outbox, roomCode, status, backoff, writer, clock } = this.#deps;
    await writer.flush();
    if (this.#deps.isStopped()) return;
    if (!this.#deps.isOnline()) {
      // The `online` event normally wakes us; the retry time is for browsers that never send it.
      backoff.waitFor(TIMING.backoffMaxMs);
      status.setState("offline");
      return;
    }
    const records = await this.#take();
    if (!records.length) {
      if (status.state === "sending") status.setState("idle");
      return;
    }
    if (status.state !== "frozen") status.setState("sending");
    this.#lastPostAt = clock.now();
    let settlement: Settlement | null;
    try {
      const result = await this.#deps.post(records.map((record) => record.call));
      settlement = this.#succeeded(result, records.length);
    } catch (error) {
      settlement = await this.#failed(error, records.length);
    }
    if (settlement === null) return;
    for (const record of records) this.#remembered.add(record.call.id);
    if (this.#remembered.size > MAX_REMEMBERED_IDS) {
      for (const id of [...this.#remembered].slice(0, this.#remembered.size - MAX_REMEMBERED_IDS))
        this.#remembered.delete(id);
    }
    await outbox.remove(
      records.map((record) => record.key),
      roomCode,
      settlement,
    );
    for (const record of records) this.#remembered.delete(record.call.id);
  }

  /** The oldest calls that fit one post, leaving out those sent already. */
  async #take(): Promise<OutboxRecord[]> {
    const { outbox, roomCode } = this.#deps;
    const records = await outbox.take(roomCode, LIMITS.maxBatch, MAX_BYTES);
    const stale = records.filter((record) => this.#remembered.has(record.call.id));
    if (!stale.length) return records;
    // Sent already; only their removal failed. Try the removal again, never the send.
    await outbox.remove(
      stale.map((record) => record.key),
      roomCode,
    );
    for (const record of stale) this.#remembered.delete(record.call.id);
    const again = await outbox.take(roomCode, LIMITS.maxBatch, MAX_BYTES);
    return again.filter((record) => !this.#remembered.has(record.call.id));
  }

  #succeeded(result: PostCallsResponse, count: number): Settlement {
    const { status, backoff } = this.#deps;
    backoff.clear();
    const stored = Number.isFinite(result?.stored) ? result.stored : count;
    status.sent += stored;
    const wasFrozen = status.state === "frozen";
    const settled: Settlement = { sent: stored };
    if (wasFrozen) settled.frozen = false;
    if (status.transient || wasFrozen) {
      status.lastError = null;
      status.transient = false;
      settled.notice = null;
    }
    status.state = "sending";
    return settled;
  }

  /** Handles a failed post; returns what to record in the room's stats (null: keep the batch). */
  async #failed(error: unknown, count: number): Promise<Settlement | null> {
    const { status, backoff } = this.#deps;
    const verdict = failureVerdict(asTransportError(error), count, backoff);
    if (verdict.kind === "retry") {
      this.#retryLater(verdict.delayMs, verdict.message);
      return null;
    }
    if (verdict.kind === "end") {
      await this.#deps.end(verdict.message);
      return null;
    }
    backoff.clear();
    if (!verdict.frozen) return status.drop(count, verdict.message);
    const settlement = status.drop(count, verdict.message, true);
    status.setState("frozen");
    return settlement;
  }
}
