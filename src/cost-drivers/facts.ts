/**
 * The compact copy of the stored calls that the dashboard reads: for each call only what it
 * filters, adds up and sorts by (`CallFacts`), kept in IndexedDB next to the calls in chunks of
 * `CHUNK_SIZE` consecutive keys. A chunk is columns (typed arrays and one table of the strings
 * that repeat), so reading 50,000 calls' facts is one small read instead of 75 MB of records to
 * copy and validate. Pure (no storage): db.ts stores the chunks, the data engine keeps them.
 *
 * A chunk says which keys it covers (`from`..`to`, including keys of records that were not
 * readable calls, listed in `skipped`), so a reader can tell what it still has to read.
 */
import type { LimitReport } from "../../shared/calls/event.ts";
import { isRunnerKind } from "../../shared/calls/meta.ts";
import { callTime, type CallFacts } from "./record.ts";

/** Bumped when the layout below changes: chunks of another version are read again from calls. */
export const FACTS_VERSION = 1;
export const CHUNK_SIZE = 1000;

export interface FactsChunk {
  /** `Math.floor(key / CHUNK_SIZE)` of every key in it. */
  chunk: number;
  v: number;
  /** The first and last key examined (inclusive): every readable call in between is here. */
  from: number;
  to: number;
  /** Keys in from..to whose records are not calls this version can read. */
  skipped: number[];
  /** The strings the `text` column points into. */
  strings: string[];
  keys: Float64Array;
  /** Per call, `TEXT_FIELDS` indices into `strings` (0 means null; index + 1 otherwise). */
  text: Uint32Array;
  /** Per call, `NUMBER_FIELDS` numbers (NaN means null). */
  numbers: Float64Array;
  /** The rare parts, by the call's position in the chunk. */
  errors: [number, { type: string; message: string }][];
  limits: [number, LimitReport[]][];
}

const TEXT_FIELDS = 8;
const NUMBER_FIELDS = 8;
const COST_STATUSES = ["priced", "unpriced", "not-charged"] as const;

export function chunkOf(key: number): number {
  return Math.floor(key / CHUNK_SIZE);
}

/** A call's facts (a `StoredCall` is already one; this drops everything else). */
export function factsOf(call: CallFacts): CallFacts {
  const { event } = call;
  const useCase = event.useCase.value;
  return {
    key: call.key,
    at: callTime(call),
    runId: call.runId,
    sandboxId: call.sandboxId,
    lesson: call.lesson,
    runner: call.runner,
    recordedAt: call.recordedAt,
    event: {
      time: event.time,
      seq: event.seq,
      resource: event.resource,
      status: event.status,
      userId: { value: event.userId.value },
      useCase: { value: useCase ? { name: useCase.name, id: useCase.id } : null },
      units: event.units
        ? {
            input: event.units.input,
            cachedInput: event.units.cachedInput,
            output: event.units.output,
          }
        : null,
      cost:
        event.cost.status === "priced"
          ? { status: "priced", total: event.cost.total }
          : { status: event.cost.status },
      error: event.error ? { type: event.error.type, message: event.error.message } : null,
      limits: event.limits,
    },
  };
}

/** `facts` (all of one chunk, in key order) as a chunk covering `from`..`to`. */
export function encodeChunk(
  chunk: number,
  range: { from: number; to: number },
  facts: readonly CallFacts[],
  skipped: readonly number[],
): FactsChunk {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (value: string | null): number => {
    if (value === null) return 0;
    let at = index.get(value);
    if (at === undefined) {
      at = strings.push(value);
      index.set(value, at);
    }
    return at;
  };
  const n = facts.length;
  const keys = new Float64Array(n);
  const text = new Uint32Array(n * TEXT_FIELDS);
  const numbers = new Float64Array(n * NUMBER_FIELDS);
  const errors: FactsChunk["errors"] = [];
  const limits: FactsChunk["limits"] = [];
  facts.forEach((call, i) => {
    const { event } = call;
    keys[i] = call.key;
    const t = i * TEXT_FIELDS;
    text[t] = ref(call.runId);
    text[t + 1] = ref(call.sandboxId);
    text[t + 2] = ref(call.lesson);
    text[t + 3] = ref(call.runner);
    text[t + 4] = ref(event.resource);
    text[t + 5] = ref(event.userId.value);
    text[t + 6] = ref(event.useCase.value?.name ?? null);
    text[t + 7] = ref(event.useCase.value?.id ?? null);
    const u = i * NUMBER_FIELDS;
    // The time the dashboard uses (the record time when the event's is unreadable).
    numbers[u] = callTime(call);
    numbers[u + 1] = event.seq;
    numbers[u + 2] = event.status;
    numbers[u + 3] = event.units ? event.units.input : NaN;
    numbers[u + 4] = event.units ? event.units.cachedInput : NaN;
    numbers[u + 5] = event.units ? event.units.output : NaN;
    numbers[u + 6] = COST_STATUSES.indexOf(event.cost.status);
    numbers[u + 7] = event.cost.status === "priced" ? event.cost.total : NaN;
    if (event.error) errors.push([i, event.error]);
    if (event.limits.length) limits.push([i, event.limits]);
  });
  return {
    chunk,
    v: FACTS_VERSION,
    from: range.from,
    to: range.to,
    skipped: [...skipped],
    strings,
    keys,
    text,
    numbers,
    errors,
    limits,
  };
}

function isoOrEmpty(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : "";
}

type FactsEvent = CallFacts["event"];

/**
 * A decoded call. Only callTime() reads `recordedAt` and `event.time`, and `at` answers it, so
 * the two ISO strings are made only if something else asks (making 50,000 of them takes longer
 * than decoding everything else).
 */
class DecodedCall implements CallFacts {
  readonly key: number;
  readonly at: number;
  readonly runId: string;
  readonly sandboxId: string;
  readonly lesson: string;
  readonly runner: CallFacts["runner"];
  readonly event: FactsEvent;

  constructor(fields: Omit<CallFacts, "recordedAt" | "at"> & { at: number }) {
    this.key = fields.key;
    this.at = fields.at;
    this.runId = fields.runId;
    this.sandboxId = fields.sandboxId;
    this.lesson = fields.lesson;
    this.runner = fields.runner;
    this.event = fields.event;
  }

  get recordedAt(): string {
    return isoOrEmpty(this.at);
  }
}

class DecodedEvent implements FactsEvent {
  readonly #at: number;
  readonly seq: number;
  readonly resource: string;
  readonly status: number;
  readonly userId: FactsEvent["userId"];
  readonly useCase: FactsEvent["useCase"];
  readonly units: FactsEvent["units"];
  readonly cost: FactsEvent["cost"];
  readonly error: FactsEvent["error"];
  readonly limits: FactsEvent["limits"];

  constructor(at: number, fields: Omit<FactsEvent, "time">) {
    this.#at = at;
    this.seq = fields.seq;
    this.resource = fields.resource;
    this.status = fields.status;
    this.userId = fields.userId;
    this.useCase = fields.useCase;
    this.units = fields.units;
    this.cost = fields.cost;
    this.error = fields.error;
    this.limits = fields.limits;
  }

  get time(): string {
    return isoOrEmpty(this.#at);
  }
}

/**
 * The facts of a chunk, in key order; `undefined` when it is not a chunk this version wrote (an
 * older layout, or damaged), so the caller reads those calls again.
 */
export function decodeChunk(chunk: FactsChunk): CallFacts[] | undefined {
  if (chunk.v !== FACTS_VERSION || !(chunk.keys instanceof Float64Array)) return undefined;
  const { strings, keys, text, numbers } = chunk;
  const n = keys.length;
  if (text.length !== n * TEXT_FIELDS || numbers.length !== n * NUMBER_FIELDS) return undefined;
  const str = (at: number): string | null => (at === 0 ? null : (strings[at - 1] ?? null));
  const errors = new Map(chunk.errors);
  const limits = new Map(chunk.limits);
  // Facts are never changed once made, so calls with the same user or use case share one object:
  // fewer objects to make for 50,000 calls.
  const users = new Map<number, { value: string | null }>();
  const useCases = new Map<string, CallFacts["event"]["useCase"]>();
  const facts: CallFacts[] = new Array(n);
  for (let i = 0; i < n; i += 1) {
    const t = i * TEXT_FIELDS;
    const u = i * NUMBER_FIELDS;
    const at = numbers[u]!;
    const runner = str(text[t + 3]!);
    const userRef = text[t + 5]!;
    let userId = users.get(userRef);
    if (!userId) users.set(userRef, (userId = { value: str(userRef) }));
    const useCaseRef = `${text[t + 6]!} ${text[t + 7]!}`;
    let useCase = useCases.get(useCaseRef);
    if (!useCase) {
      const name = str(text[t + 6]!);
      useCase = { value: name === null ? null : { name, id: str(text[t + 7]!) } };
      useCases.set(useCaseRef, useCase);
    }
    const status = COST_STATUSES[numbers[u + 6]!] ?? "not-charged";
    const input = numbers[u + 3]!;
    const event = new DecodedEvent(at, {
      seq: numbers[u + 1]!,
      resource: str(text[t + 4]!) ?? "",
      status: numbers[u + 2]!,
      userId,
      useCase,
      units: Number.isNaN(input)
        ? null
        : { input, cachedInput: numbers[u + 4]!, output: numbers[u + 5]! },
      cost: status === "priced" ? { status, total: numbers[u + 7]! } : { status },
      error: errors.get(i) ?? null,
      limits: limits.get(i) ?? [],
    });
    facts[i] = new DecodedCall({
      key: keys[i]!,
      at,
      runId: str(text[t]!) ?? "",
      sandboxId: str(text[t + 1]!) ?? "",
      lesson: str(text[t + 2]!) ?? "",
      runner: isRunnerKind(runner) ? runner : "browser",
      event,
    });
  }
  return facts;
}
