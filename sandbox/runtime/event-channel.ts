/**
 * The one way events leave the runtime: the sink the host installs before the program is imported
 * (once), and the order numbers the events carry. Nothing here is handed to the program, so its
 * own output can never create an event.
 */
import type { SandboxEvent } from "../../shared/calls/event.ts";

type EventSink = (event: SandboxEvent) => void;
let sink: EventSink | undefined;
const testListeners = new Set<EventSink>();

/** `seq` of the last instrumented call, and how many calls went out uncaptured. */
let sequence = 0;
let uncapturedCount = 0;

/**
 * Where events go: installed once by the host, before the program is imported. A second call
 * (the program's, say) is refused, so the channel cannot be taken over.
 */
export function installEventSink(next: EventSink): void {
  if (sink) throw new Error("The event sink is installed once, by the host.");
  sink = next;
}

export function emit(event: SandboxEvent): void {
  sink?.(event);
  for (const listener of testListeners) listener(event);
}

/** The `seq` of the next instrumented call (1 for the first). */
export function nextCallSeq(): number {
  return ++sequence;
}

/** Where an uncaptured call goes in the order: after this call (0: none yet), as its n-th. */
export function nextUncapturedPlace(): { afterSeq: number; index: number } {
  return { afterSeq: sequence, index: ++uncapturedCount };
}

/** For in-process tests: every event, as emitted. */
export function observeEventsForTests(listener: EventSink): () => void {
  testListeners.add(listener);
  return () => testListeners.delete(listener);
}

/** For tests only: no sink, and numbering from the start. */
export function resetEventChannelForTests(): void {
  sequence = 0;
  uncapturedCount = 0;
  sink = undefined;
}
