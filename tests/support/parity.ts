/**
 * What two runs of the same program must share, whatever the language: every event reduced to
 * what the program decided (tags and where each came from, mode, use cases, limits and their
 * states, units and costs, warnings, errors). Left out, and why:
 * - times (`time`, `endTime`, `latencyMs`): they differ between any two runs;
 * - call sites and scope lines (`callSite`, an origin's `line`): the two programs are laid out
 *   differently, line by line;
 * - labels and `why` sentences: they name the language's own API (`trackContext() at line 12`,
 *   `track_context() at line 14`); the origin's kind, depth and header are compared instead;
 * - use case ids as strings: compared by pattern instead (the same id wherever the other run has
 *   one id), which is what "a new instance per entry" means.
 * Warnings and error messages are compared after the runtime's phrasebook puts the TypeScript
 * run's words into Python's, so they must say the same thing.
 */
import type { CallEvent, Origin, SandboxEvent, Tagged } from "../../shared/calls/event.ts";
import { inPythonTerms } from "../../sandbox/runtime/python/phrasebook.ts";

function origin(o: Origin): unknown {
  if (o.kind === "header") return { kind: o.kind, header: o.header };
  if (o.kind === "ingest" || o.kind === "trackContext") return { kind: o.kind, depth: o.depth };
  return { kind: o.kind };
}

function tag<T>(t: Tagged<T>, value: (v: T) => unknown = (v) => v): unknown {
  return {
    value: t.value === null ? null : value(t.value),
    cleared: t.cleared,
    origin: origin(t.origin),
    overrode: t.overrode && {
      value: t.overrode.value === null ? null : value(t.overrode.value),
      origin: origin(t.overrode.origin),
    },
  };
}

/** The events of one run in comparable form; `words` puts messages in one language's terms. */
export function comparableEvents(
  events: readonly SandboxEvent[],
  words: (text: string) => string = (text) => text,
): unknown[] {
  const ids = new Map<string, string>();
  const idOf = (id: string | null) => {
    if (id === null) return null;
    if (!ids.has(id)) ids.set(id, `id#${ids.size + 1}`);
    return ids.get(id);
  };
  return events.map((event) => {
    if (event.type === "uncaptured") {
      const { type, afterSeq, index, resource, api, reason } = event;
      return { type, afterSeq, index, resource, api, reason };
    }
    const e: CallEvent = event;
    return {
      type: e.type,
      seq: e.seq,
      category: e.category,
      resource: e.resource,
      api: e.api,
      streaming: e.streaming,
      mode: e.mode,
      status: e.status,
      userId: tag(e.userId),
      useCase: tag(e.useCase, (u) => ({ ...u, id: idOf(u.id) })),
      limitIds: tag(e.limitIds),
      requestTags: tag(e.requestTags),
      priceAs: e.priceAs,
      units: e.units,
      cost: e.cost,
      limits: e.limits.map(({ why: _why, ...limit }) => limit),
      error: e.error && { type: e.error.type, message: words(e.error.message) },
      warnings: e.warnings.map(words),
      ingestError: e.ingestError ?? null,
    };
  });
}

/** The TypeScript run's events in the Python run's words. */
export function comparableTypeScriptEvents(events: readonly SandboxEvent[]): unknown[] {
  return comparableEvents(events, inPythonTerms);
}
