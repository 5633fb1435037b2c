/**
 * The live panel's intake of events: queued as they come, taken in a bounded batch at a time
 * (once a frame), each call once (by `seq`) and each uncaptured call once (by `index`). A call
 * grows the spend tally by itself only (never re-read from all calls); past `maxRows` calls are
 * counted in the spend but no longer listed. No DOM: the panel (live-panel.ts) shows each batch.
 */
import type { CallEvent, SandboxEvent, UncapturedCall } from "../../../shared/calls/event.ts";
import { addToTally, createSpendTally, type SpendTally } from "../../../shared/calls/summarize.ts";
import { callKey, uncapturedKey, type PanelRow } from "./call-columns.ts";
import type { RunCounts } from "./run-status.ts";

/** What one `take` brought in. */
export interface Batch {
  /** New rows of the calls table, in the order they came. */
  rows: PanelRow[];
  /** Calls new to the tally (listed or not). */
  newCalls: number;
  /** The last of them. */
  lastCall: CallEvent | undefined;
}

function isCall(event: SandboxEvent): event is CallEvent {
  return event?.v === 1 && event.type === "call" && Number.isInteger(event.seq);
}

function isUncaptured(event: SandboxEvent): event is UncapturedCall {
  return event?.v === 1 && event.type === "uncaptured" && Number.isInteger(event.index);
}

export class CallIntake {
  /** Calls listed before the rest are only counted. */
  readonly #maxRows: number;
  /** Spend per user of every call taken in, listed or not. */
  readonly tally: SpendTally = createSpendTally();
  #queue: SandboxEvent[] = [];
  #queueAt = 0;
  #seenCalls = new Set<number>();
  #seenUncaptured = new Set<number>();
  #listedCalls = 0;
  #cut = 0;

  constructor(maxRows: number) {
    this.#maxRows = maxRows;
  }

  /** Queues events (of any kind and schema version: `take` skips those it cannot read). */
  add(events: readonly SandboxEvent[]): void {
    for (const event of events) this.#queue.push(event);
  }

  /** Events queued and not taken in yet. */
  get pending(): number {
    return this.#queue.length - this.#queueAt;
  }

  /** Calls taken in so far, instrumented and uncaptured. */
  get counts(): RunCounts {
    return { calls: this.#seenCalls.size, uncaptured: this.#seenUncaptured.size };
  }

  /** Calls counted in the spend but not listed (past `maxRows`). */
  get cut(): number {
    return this.#cut;
  }

  /** Takes in up to `limit` queued events. */
  take(limit: number): Batch {
    const end = Math.min(this.#queue.length, this.#queueAt + limit);
    const rows: PanelRow[] = [];
    let newCalls = 0;
    let lastCall: CallEvent | undefined;
    for (let i = this.#queueAt; i < end; i += 1) {
      const event = this.#queue[i] as SandboxEvent;
      if (isCall(event)) {
        if (this.#seenCalls.has(event.seq)) continue;
        this.#seenCalls.add(event.seq);
        addToTally(this.tally, event);
        newCalls += 1;
        lastCall = event;
        if (this.#listedCalls >= this.#maxRows) this.#cut += 1;
        else {
          this.#listedCalls += 1;
          rows.push({ kind: "call", key: callKey(event.seq), event });
        }
      } else if (isUncaptured(event)) {
        if (this.#seenUncaptured.has(event.index)) continue;
        this.#seenUncaptured.add(event.index);
        rows.push({ kind: "uncaptured", key: uncapturedKey(event.index), event });
      }
    }
    this.#queueAt = end;
    if (this.#queueAt === this.#queue.length) {
      this.#queue = [];
      this.#queueAt = 0;
    }
    return { rows, newCalls, lastCall };
  }
}
