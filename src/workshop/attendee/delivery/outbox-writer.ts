/**
 * Writes queued calls to the outbox in groups, one transaction per burst rather than per call, and
 * records calls dropped on arrival (too large, queue full) with the next write. Writes run one
 * after another, so a later one never overtakes an earlier one.
 */
import type { Outbox, QueuedCall, Settlement } from "../outbox.ts";
import type { Clock } from "./schedule.ts";
import { TIMING } from "./timing.ts";

export class OutboxWriter {
  readonly #outbox: Outbox;
  readonly #roomCode: string;
  readonly #clock: Clock;
  /** The outbox refused `count` calls: they are lost. */
  readonly #onLost: (count: number, error: unknown) => void;
  #incoming: QueuedCall[] = [];
  /** Calls dropped on arrival, not yet in the room's stats. */
  #unrecorded: { dropped: number; notice: string } | null = null;
  #writing: Promise<void> = Promise.resolve();
  #timer: unknown = null;

  constructor(
    outbox: Outbox,
    roomCode: string,
    clock: Clock,
    onLost: (count: number, error: unknown) => void,
  ) {
    this.#outbox = outbox;
    this.#roomCode = roomCode;
    this.#clock = clock;
    this.#onLost = onLost;
  }

  /** Calls in memory, not yet written. */
  get waiting(): number {
    return this.#incoming.length;
  }

  /** Settles when every write asked for so far is done (it never rejects). */
  get written(): Promise<void> {
    return this.#writing;
  }

  add(call: QueuedCall): void {
    this.#incoming.push(call);
    this.#schedule();
  }

  /** One call was dropped on arrival, for `notice`. */
  noteDropped(notice: string): void {
    this.#unrecorded = { dropped: (this.#unrecorded?.dropped ?? 0) + 1, notice };
    this.#schedule();
  }

  /** Writes what is in memory now. */
  flush(): Promise<void> {
    this.cancel();
    if (this.#unrecorded) {
      const note: Settlement = this.#unrecorded;
      this.#unrecorded = null;
      this.#writing = this.#writing
        .then(() => this.#outbox.note(this.#roomCode, note))
        .catch(() => undefined);
    }
    const batch = this.#incoming;
    this.#incoming = [];
    if (!batch.length) return this.#writing;
    this.#writing = this.#writing
      .then(() => this.#outbox.add(batch))
      .catch((error: unknown) => this.#onLost(batch.length, error));
    return this.#writing;
  }

  cancel(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Forgets the calls in memory (the membership is over). */
  discard(): void {
    this.cancel();
    this.#incoming = [];
  }

  #schedule(): void {
    if (this.#timer !== null) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, TIMING.persistDelayMs);
  }
}
