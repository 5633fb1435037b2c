/**
 * The page's call sinks: where the calls of every sandbox run go besides the run's own live panel.
 * Features register themselves from their own entry points (Cost Drivers' recorder, the workshop
 * forwarder); the sandbox only emits here and knows none of them. Data flows one way: a sink
 * receives calls, and may offer a link for a run it has received (e.g. "Open in Cost Drivers").
 */
import type { CallEvent } from "../shared/calls/event.ts";
import type { CallMeta } from "../shared/calls/meta.ts";

export interface RecordedCall {
  event: CallEvent;
  meta: CallMeta;
}

export interface RunLink {
  label: string;
  href: string;
}

export interface CallSink {
  /** For messages: "Cost Drivers", "workshop room". */
  readonly name: string;
  /** Calls of a run in the order they were made, in batches. Must return at once and never throw. */
  receive(calls: readonly RecordedCall[]): void;
  /** The run is over: store or send what is queued now. */
  runEnded?(runId: string): Promise<void> | void;
  /** Where to see a run this sink received, shown in the run's panel. */
  runLink?(runId: string): RunLink | null;
}

const sinks = new Set<CallSink>();

export function registerCallSink(sink: CallSink): () => void {
  sinks.add(sink);
  return () => sinks.delete(sink);
}

/** Hands a batch of calls to every sink; a sink that fails costs only its own copy. */
export function emitCalls(calls: readonly RecordedCall[]): void {
  if (calls.length === 0) return;
  for (const sink of sinks) {
    try {
      sink.receive(calls);
    } catch {
      // A sink must never disturb a run.
    }
  }
}

/** Tells every sink a run ended; resolves with the links they offer for it. */
export async function endRun(runId: string): Promise<RunLink[]> {
  const links: RunLink[] = [];
  await Promise.all(
    [...sinks].map(async (sink) => {
      try {
        await sink.runEnded?.(runId);
        const link = sink.runLink?.(runId);
        if (link) links.push(link);
      } catch {
        // As above: a failing sink only loses its own link.
      }
    }),
  );
  return links;
}

/**
 * A sink whose code loads on first use (so a lesson page does not pay for it up front). Calls that
 * arrive while it loads are kept and handed over in order; if it cannot load, they are dropped.
 */
export function lazySink(name: string, load: () => Promise<CallSink>): CallSink {
  let loaded: CallSink | undefined;
  let loading: Promise<CallSink | undefined> | undefined;
  const start = () =>
    (loading ??= load().then(
      (sink) => (loaded = sink),
      () => undefined,
    ));
  return {
    name,
    receive(calls) {
      if (loaded) return loaded.receive(calls);
      const batch = [...calls];
      void start().then((sink) => sink?.receive(batch));
    },
    async runEnded(runId) {
      await (await start())?.runEnded?.(runId);
    },
    runLink: (runId) => loaded?.runLink?.(runId) ?? null,
  };
}
