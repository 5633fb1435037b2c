/**
 * Turns a runner's output into batches for the page: text and events, at most one batch per
 * animation frame (~16 ms), so a program printing a million lines or making 10,000 calls costs
 * the page a few dozen deliveries a second, not one per line. Output after a quiet frame (a
 * run's first line, say) is delivered at once; only what follows it within the frame waits. Text goes through the event
 * decoder: with the run's key (Node runs) it takes out the genuine events; without one (the
 * worker runner, whose events come on a private port) every event-like sequence in the text is
 * the program's own, and is dropped and counted.
 */
import { EventStreamDecoder } from "../../shared/calls/channel-decoder.ts";
import type { SandboxEvent } from "../../shared/calls/event.ts";
import type { RunBatch } from "./types.ts";

const FRAME_MS = 16;

export interface OutputSink {
  /** Raw program output (possibly holding signed events, for Node runs). */
  pushText(text: string): void;
  /** Events that arrived apart from the text (the worker runner's private port). */
  pushEvents(events: readonly SandboxEvent[]): void;
  /** Messages of the program's that pretended to be the runner's. */
  pushIgnored(count: number): void;
  /** End of the run: delivers what is left at once. */
  end(): void;
  /** The host said (on the signed channel) that the program crashed. */
  readonly crashed: boolean;
}

export function createOutputSink(
  onOutput: (batch: RunBatch) => void,
  options: { key?: Uint8Array | null } = {},
): OutputSink {
  const decoder = new EventStreamDecoder({ key: options.key ?? null });
  let text = "";
  let events: SandboxEvent[] = [];
  let ignored = 0;
  let forgedSeen = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let crashed = false;
  /** When the last batch went out (-Infinity: none yet), to keep to one batch per frame. */
  let deliveredAt = Number.NEGATIVE_INFINITY;

  /** A delivery is due: in a microtask (after a quiet frame) or on the timer. */
  let due = false;

  const deliver = () => {
    due = false;
    clearTimeout(timer);
    timer = undefined;
    ignored += decoder.dropped - forgedSeen;
    forgedSeen = decoder.dropped;
    if (!text && events.length === 0 && ignored === 0) return;
    deliveredAt = performance.now();
    const batch: RunBatch = { text, events, ignored };
    text = "";
    events = [];
    ignored = 0;
    onOutput(batch);
  };
  const schedule = () => {
    if (due) return;
    due = true;
    const wait = deliveredAt + FRAME_MS - performance.now();
    // After a quiet frame there is nothing to wait for: a microtask still takes in the rest of
    // the runner's message (text, events and ignored count arrive as separate pushes).
    if (wait <= 0) queueMicrotask(() => due && deliver());
    else timer = setTimeout(deliver, wait);
  };
  const take = (chunks: ReturnType<EventStreamDecoder["push"]>) => {
    for (const chunk of chunks) {
      if (chunk.kind === "text") text += chunk.text;
      else if (chunk.kind === "note") crashed = true;
      else events.push(chunk.event);
    }
    schedule();
  };
  return {
    pushText: (chunk) => take(decoder.push(chunk)),
    pushEvents: (more) => {
      for (const event of more) events.push(event);
      schedule();
    },
    pushIgnored: (count) => {
      ignored += count;
      schedule();
    },
    end: () => {
      take(decoder.flush());
      deliver();
    },
    get crashed() {
      return crashed;
    },
  };
}
