import assert from "node:assert/strict";
import { test } from "node:test";
import {
  FactCache,
  indexOfKey,
  SLICE,
  type FactStore,
} from "../../../../src/cost-drivers/data/fact-cache.ts";
import {
  CHUNK_SIZE,
  FACTS_VERSION,
  factsOf,
  type FactsChunk,
} from "../../../../src/cost-drivers/facts.ts";
import type { StoredCall } from "../../../../src/cost-drivers/record.ts";
import { stored } from "./calls.ts";

/** The store in memory, as db.ts keeps it: records by key (some unreadable), fact chunks by number. */
class MemoryStore implements FactStore {
  readonly records = new Map<number, StoredCall | { key: number; broken: true }>();
  readonly chunks = new Map<number, FactsChunk>();
  /** Keys read in full, in order. */
  readonly read: number[] = [];

  add(from: number, to: number, unreadable: number[] = []): void {
    for (let key = from; key <= to; key += 1)
      this.records.set(
        key,
        unreadable.includes(key) ? { key, broken: true } : stored({ seq: key }, { key }),
      );
  }

  prune(below: number): void {
    for (const key of this.records.keys()) if (key < below) this.records.delete(key);
  }

  get range(): { first: number; last: number } | null {
    const keys = [...this.records.keys()].sort((a, b) => a - b);
    return keys.length ? { first: keys[0]!, last: keys.at(-1)! } : null;
  }

  async readFactChunks(): Promise<FactsChunk[]> {
    return [...this.chunks.values()];
  }

  async writeFactChunks(chunks: readonly FactsChunk[], gone: readonly number[] = []) {
    for (const chunk of chunks) this.chunks.set(chunk.chunk, chunk);
    for (const chunk of gone) this.chunks.delete(chunk);
  }

  async readCallSlice(from: number, to: number, limit: number) {
    const records = [...this.records.values()]
      .filter((record) => record.key >= from && record.key <= to)
      .sort((a, b) => a.key - b.key)
      .slice(0, limit);
    this.read.push(...records.map((record) => record.key));
    const calls = records.filter((record): record is StoredCall => !("broken" in record));
    const skipped = records.filter((record) => "broken" in record).map((record) => record.key);
    const examinedTo = records.length < limit ? to : records.at(-1)!.key;
    return { calls, skipped, examinedTo };
  }
}

/** A store holding calls `from`..`to`, and a cache that has read them all. */
async function loaded(from: number, to: number, unreadable: number[] = []) {
  const store = new MemoryStore();
  store.add(from, to, unreadable);
  const cache = new FactCache(store);
  await cache.sync("all", store.range);
  return { store, cache };
}

const keys = (cache: FactCache) => cache.facts.map((fact) => fact.key);
const span = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

test("a first visit reads every call in slices, says how far it is, and saves the facts", async () => {
  const store = new MemoryStore();
  store.add(1, 1200, [7, 8]);
  const cache = new FactCache(store);
  const progress: [number, number][] = [];
  await cache.sync("all", store.range, (read, total) => progress.push([read, total]));
  assert.deepEqual(
    keys(cache),
    span(1, 1200).filter((key) => key !== 7 && key !== 8),
  );
  assert.equal(cache.skippedCount, 2);
  assert.deepEqual(progress, [
    [SLICE, 1200],
    [2 * SLICE, 1200],
  ]);
  assert.deepEqual([...store.chunks.keys()].sort(), [0, 1]);
  const first = store.chunks.get(0)!;
  assert.deepEqual(
    [first.from, first.to, first.skipped, first.v],
    [1, CHUNK_SIZE - 1, [7, 8], FACTS_VERSION],
  );
  assert.deepEqual(cache.facts[0], factsOf(store.records.get(1) as StoredCall));
});

test("the next visit takes the saved facts and reads in full only the calls recorded since", async () => {
  const { store } = await loaded(1, 1200);
  store.add(1201, 1210);
  store.read.length = 0;
  const cache = new FactCache(store);
  const progress: number[] = [];
  await cache.sync("all", store.range, (read) => progress.push(read));
  assert.deepEqual(store.read, span(1201, 1210));
  assert.deepEqual(keys(cache), span(1, 1210));
  assert.deepEqual(progress, []);
});

test("live: new calls are read and saved; a prune drops the old facts here and in the saved chunks", async () => {
  const { store, cache } = await loaded(1, 1500);
  const generation = cache.generation;

  store.add(1501, 1520);
  store.read.length = 0;
  await cache.sync("new", store.range);
  assert.deepEqual(store.read, span(1501, 1520));
  assert.equal(cache.facts.length, 1520);
  assert.equal(cache.generation, generation, "the facts grew: running totals still hold");

  store.prune(1100);
  await cache.sync("pruned", store.range);
  assert.deepEqual(keys(cache), span(1100, 1520));
  assert.equal(cache.coverFrom, 1100);
  assert.deepEqual([...store.chunks.keys()].sort(), [1], "chunk 0 held only pruned calls");

  // A visit after the prune starts at the first call left.
  store.read.length = 0;
  const next = new FactCache(store);
  await next.sync("all", store.range);
  assert.deepEqual(keys(next), span(1100, 1520));
  assert.deepEqual(store.read, [], "chunk 1 covers them all");
});

test("a saved chunk this version cannot read is read again from its first key", async () => {
  const { store } = await loaded(1, 1200);
  const old = store.chunks.get(1)!;
  store.chunks.set(1, { ...old, v: FACTS_VERSION + 1 });
  store.read.length = 0;
  const cache = new FactCache(store);
  await cache.sync("all", store.range);
  assert.deepEqual(store.read, span(CHUNK_SIZE, 1200));
  assert.deepEqual(keys(cache), span(1, 1200));
  assert.equal(store.chunks.get(1)?.v, FACTS_VERSION, "and saved again in this version");
});

test("an emptied store empties the cache, which reads anew (a new generation)", async () => {
  const { store, cache } = await loaded(1, 10);
  const generation = cache.generation;
  store.prune(11);
  await cache.sync("all", store.range);
  assert.deepEqual(keys(cache), []);
  assert.equal(cache.skippedCount, 0);
  assert.ok(cache.generation > generation);
  store.add(11, 12);
  await cache.sync("new", store.range);
  assert.deepEqual(keys(cache), [11, 12]);
});

test("facts from a key on, found by binary search", async () => {
  const { cache } = await loaded(1, 20, [5]);
  assert.deepEqual(
    cache.factsFrom(18).map((fact) => fact.key),
    [18, 19, 20],
  );
  assert.equal(indexOfKey(cache.facts, 5), 4, "5 is skipped: 6 is the first at least 5");
  assert.equal(indexOfKey(cache.facts, 0), 0);
  assert.equal(indexOfKey(cache.facts, 99), cache.facts.length);
});
