/**
 * The facts of every readable stored call, in key order, kept in step with the store for the data
 * engine: the facts saved by an earlier visit are read in one go (a few MB of columns); only the
 * calls they do not cover yet (recorded since, or never read) are read in full, a slice at a
 * time, checked against the call schema once (db.ts), and their facts saved for the next visit; facts of pruned calls are dropped, here and in
 * the saved chunks.
 *
 * The store comes in as `FactStore` (db.ts on the page), so the cache runs in a unit test too.
 */
import type { ReadResult } from "../db.ts";
import {
  CHUNK_SIZE,
  chunkOf,
  decodeChunk,
  encodeChunk,
  factsOf,
  type FactsChunk,
} from "../facts.ts";
import type { CallFacts } from "../record.ts";

/** What the cache reads and writes (db.ts's functions of these names). */
export interface FactStore {
  readFactChunks(): Promise<FactsChunk[]>;
  writeFactChunks(chunks: readonly FactsChunk[], gone?: readonly number[]): Promise<void>;
  readCallSlice(
    from: number,
    to: number,
    limit: number,
  ): Promise<ReadResult & { examinedTo: number }>;
}

/** `all`: from the saved facts; `new`: calls were recorded; `pruned`: and old ones deleted. */
export type SyncKind = "all" | "new" | "pruned";

/** Full records read per transaction: short enough not to hold up recorders. */
export const SLICE = 500;

/** First index in `facts` (key order) whose key is at least `key`. */
export function indexOfKey(facts: readonly CallFacts[], key: number): number {
  let low = 0;
  let high = facts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (facts[mid]!.key < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class FactCache {
  readonly #store: FactStore;
  /** Facts of every readable call, in key order. */
  #facts: CallFacts[] = [];
  /** Keys of records that are not readable calls. */
  #skipped: number[] = [];
  /** Every key up to this one has been read (facts or skipped); 0 before the first read. */
  #covered = 0;
  /** The first key covered by the facts kept (saved chunks start no lower). */
  #coverFrom = 0;
  #generation = 0;

  constructor(store: FactStore) {
    this.#store = store;
  }

  get facts(): readonly CallFacts[] {
    return this.#facts;
  }

  /** How many records are not readable calls. */
  get skippedCount(): number {
    return this.#skipped.length;
  }

  /** The first key covered: it moves when calls are pruned (totals kept of older calls are off). */
  get coverFrom(): number {
    return this.#coverFrom;
  }

  /** Counts the times the facts were read anew or emptied (totals kept of the old ones are off). */
  get generation(): number {
    return this.#generation;
  }

  /** The facts of keys from `key` on. */
  factsFrom(key: number): readonly CallFacts[] {
    return this.#facts.slice(indexOfKey(this.#facts, key));
  }

  /**
   * Brings the facts up to date with the store's keys (`range`; null when it is empty): `all`
   * from saved facts, else what changed. `onProgress` hears how far a read of many calls is.
   */
  async sync(
    what: SyncKind,
    range: { first: number; last: number } | null,
    onProgress?: (read: number, total: number) => void,
  ): Promise<void> {
    if (!range) {
      this.#facts = [];
      this.#skipped = [];
      this.#covered = 0;
      this.#generation += 1;
      return;
    }
    if (what === "all") await this.#readSaved(range.first);
    else if (what === "pruned" || range.first > this.#coverFrom) await this.#dropBelow(range.first);
    await this.#readNew(range.first, range.last, onProgress);
  }

  /** Takes the saved facts that still follow on from `first` without a gap. */
  async #readSaved(first: number): Promise<void> {
    const chunks = (await this.#store.readFactChunks()).sort((a, b) => a.chunk - b.chunk);
    const facts: CallFacts[] = [];
    const skipped: number[] = [];
    // Chunks of calls pruned or cleared since: deleted, or they would pile up forever.
    const gone = chunks.filter((chunk) => chunk.to < first).map((chunk) => chunk.chunk);
    if (gone.length) await this.#store.writeFactChunks([], gone).catch(() => undefined);
    let next = first;
    for (const chunk of chunks) {
      if (chunk.to < next) continue;
      const decoded = chunk.from <= next ? decodeChunk(chunk) : undefined;
      // A gap, or a chunk this version cannot read: the calls from here on are read again.
      if (!decoded) break;
      for (const fact of decoded) if (fact.key >= next) facts.push(fact);
      for (const key of chunk.skipped) if (key >= next) skipped.push(key);
      next = chunk.to + 1;
    }
    this.#facts = facts;
    this.#skipped = skipped;
    this.#coverFrom = first;
    this.#covered = next - 1;
    this.#generation += 1;
  }

  /** Drops the facts of calls pruned (keys below `first`), here and in the saved chunks. */
  async #dropBelow(first: number): Promise<void> {
    const gone: number[] = [];
    for (let chunk = chunkOf(this.#coverFrom); chunk < chunkOf(first); chunk += 1) gone.push(chunk);
    if (gone.length) await this.#store.writeFactChunks([], gone).catch(() => undefined);
    this.#facts = this.#facts.slice(indexOfKey(this.#facts, first));
    this.#skipped = this.#skipped.filter((key) => key >= first);
    this.#coverFrom = Math.max(this.#coverFrom, first);
    this.#covered = Math.max(this.#covered, first - 1);
  }

  /** Reads the calls after the covered keys, up to `last`, and saves their facts. */
  async #readNew(
    first: number,
    last: number,
    onProgress: ((read: number, total: number) => void) | undefined,
  ): Promise<void> {
    let from = Math.max(this.#covered + 1, first);
    if (this.#facts.length === 0 && this.#skipped.length === 0) this.#coverFrom = from;
    const total = last - from + 1;
    const startedAt = from;
    while (from <= last) {
      const slice = await this.#store.readCallSlice(from, last, SLICE);
      for (const call of slice.calls) this.#facts.push(factsOf(call));
      this.#skipped.push(...slice.skipped);
      this.#covered = slice.examinedTo;
      await this.#save(chunkOf(from), chunkOf(slice.examinedTo));
      from = slice.examinedTo + 1;
      if (from <= last) onProgress?.(from - startedAt, total);
    }
  }

  /** Saves the facts of chunks `low`..`high`; a failure only costs the next visit's speed. */
  async #save(low: number, high: number): Promise<void> {
    const chunks: FactsChunk[] = [];
    for (let chunk = low; chunk <= high; chunk += 1) {
      const start = chunk * CHUNK_SIZE;
      const end = start + CHUNK_SIZE - 1;
      const from = Math.max(start, this.#coverFrom);
      const to = Math.min(end, this.#covered);
      if (to < from) continue;
      const facts = this.#facts.slice(
        indexOfKey(this.#facts, from),
        indexOfKey(this.#facts, to + 1),
      );
      const skipped = this.#skipped.filter((key) => key >= from && key <= to);
      chunks.push(encodeChunk(chunk, { from, to }, facts, skipped));
    }
    try {
      await this.#store.writeFactChunks(chunks);
    } catch {
      // Facts are a copy: without them the next visit reads these calls in full again.
    }
  }
}
