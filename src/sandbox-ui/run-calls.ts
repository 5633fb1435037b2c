/**
 * The calls of one run, collected as its output batches arrive: the instrumented calls (for Check
 * and the page's call sinks), the calls made without instrumentation, and the counts the end of
 * the run speaks of. No DOM: the run session hands on what this sorts.
 */
import type { CallEvent, UncapturedCall } from "../../shared/calls/event.ts";
import type { RunBatch } from "../runners/types.ts";
import type { RunCounts } from "./run-messages.ts";

export class RunCalls {
  readonly events: CallEvent[] = [];
  readonly uncaptured: UncapturedCall[] = [];
  readonly counts: RunCounts = { calls: 0, uncaptured: 0, ignored: 0 };

  /** Takes one batch; returns its instrumented calls, in order (the ones the call sinks get). */
  add(batch: RunBatch): CallEvent[] {
    this.counts.ignored += batch.ignored;
    const calls: CallEvent[] = [];
    for (const event of batch.events) {
      if (event.type === "call") calls.push(event);
      else this.uncaptured.push(event);
    }
    this.counts.uncaptured = this.uncaptured.length;
    this.counts.calls += calls.length;
    this.events.push(...calls);
    return calls;
  }
}

/** A run's id for the call sinks: unique enough within a browser, and sortable by time. */
export function newRunId(now = Date.now(), random = Math.random()): string {
  return `${now.toString(36)}-${random.toString(36).slice(2, 8)}`;
}
