/**
 * The Cost Drivers store: IndexedDB (through `idb`), shared by every tab of the site in this
 * browser. Lesson pages write through the recorder; the Cost Drivers page reads.
 *
 * It must survive what browsers do to storage: a database left by another build or program (wrong
 * version or layout) is deleted and recreated with a notice instead of breaking the page (the
 * repair and reconnection are ../storage/idb.ts's), the oldest calls are pruned past a cap so the
 * store cannot grow forever, and a full disk is reported as `QuotaError` for the caller to show.
 */
import type { DBSchema, IDBPDatabase, IDBPObjectStore } from "idb";
import { database, deleteAllStores } from "../storage/idb.ts";
import { chunkOf, decodeChunk, encodeChunk, type FactsChunk } from "./facts.ts";
import { isStoredCall, type CallFacts, type NewCall, type StoredCall } from "./record.ts";

export const DB_NAME = "payi-cost-drivers";
/** 1: calls and meta. 2: adds `facts`, the compact copy the page reads (facts.ts); calls kept. */
export const DB_VERSION = 2;
const CALLS = "calls";
const META = "meta";
const FACTS = "facts";

/** Newest calls kept; older ones are pruned (about 75 MB at ~1.5 kB a call). */
export const MAX_CALLS = 50_000;

export interface StoreNotice {
  kind: "reset" | "quota";
  text: string;
  at: string;
}

export interface PruneInfo {
  /** Calls removed since the store was last cleared. */
  total: number;
  lastAt: string;
}

type MetaRecord = ({ name: "pruned" } & PruneInfo) | { name: "notices"; notices: StoreNotice[] };

interface Schema extends DBSchema {
  calls: { key: number; value: StoredCall };
  meta: { key: string; value: MetaRecord };
  facts: { key: number; value: FactsChunk };
}

type Db = IDBPDatabase<Schema>;

/** The disk (or the browser's share of it) is full. */
export class QuotaError extends Error {
  override name = "QuotaError";
}

interface StoreShape {
  keyPath: string | string[] | null;
  autoIncrement: boolean;
}

/** The two stores of version 1, which every version keeps as they are. */
function areOurCallsAndMeta(calls: StoreShape, meta: StoreShape): boolean {
  return calls.keyPath === "key" && calls.autoIncrement && meta.keyPath === "name";
}

const store = database<Schema>({
  name: DB_NAME,
  version: DB_VERSION,
  upgrade(db, oldVersion, tx) {
    let problem: string | undefined;
    // Version 1 of ours keeps its calls; anything else under this name is not ours.
    const names = [...db.objectStoreNames].sort();
    const ours =
      oldVersion === 1 &&
      names.join() === [CALLS, META].join() &&
      areOurCallsAndMeta(tx.objectStore(CALLS), tx.objectStore(META));
    if (oldVersion !== 0 && !ours) {
      problem = "an older, unknown version";
      deleteAllStores(db);
    }
    if (!ours) {
      db.createObjectStore(CALLS, { keyPath: "key", autoIncrement: true });
      db.createObjectStore(META, { keyPath: "name" });
    }
    db.createObjectStore(FACTS, { keyPath: "chunk" });
    return problem;
  },
  hasLayout(db) {
    const names = [...db.objectStoreNames].sort();
    if (names.length !== 3 || names[0] !== CALLS || names[1] !== FACTS || names[2] !== META)
      return false;
    const tx = db.transaction([CALLS, META, FACTS], "readonly");
    return (
      areOurCallsAndMeta(tx.objectStore(CALLS), tx.objectStore(META)) &&
      tx.objectStore(FACTS).keyPath === "chunk"
    );
  },
  repaired: (db, problem) =>
    addNotice(db, {
      kind: "reset",
      text: `The stored calls were unreadable (${problem}), so the store was deleted and started again empty.`,
      at: new Date().toISOString(),
    }),
});

/** The open database, opened (and repaired) on first use and reopened after another tab closed it. */
export function connect(): Promise<Db> {
  return store.connect();
}

function isQuota(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === "QuotaExceededError" || name === "QuotaError";
}

async function addNotice(db: Db, notice: StoreNotice): Promise<void> {
  const tx = db.transaction(META, "readwrite");
  const current = await tx.store.get("notices");
  const notices = current?.name === "notices" ? current.notices : [];
  // Keep a handful: the same problem repeating should not fill the page.
  await tx.store.put({ name: "notices", notices: [...notices, notice].slice(-5) });
  await tx.done;
}

/** Records a problem for the Cost Drivers page to show; never throws (storage may be the problem). */
export async function reportNotice(notice: StoreNotice): Promise<void> {
  try {
    await addNotice(await connect(), notice);
  } catch {
    // Nowhere left to write it; the recorder also announces it on the channel.
  }
}

export interface WriteResult {
  /** Key of the last call written. */
  lastKey: number;
  /** Old calls deleted to stay under the cap. */
  pruned: number;
}

/** The facts store, in a transaction that writes calls. */
type FactsStore = IDBPObjectStore<
  Schema,
  ("calls" | "meta" | "facts")[],
  typeof FACTS,
  "readwrite"
>;

/**
 * Adds the facts of calls just written (consecutive keys) to the saved chunks, in the writing
 * transaction, so the Cost Drivers page need not read these calls in full. Only onto a chunk
 * that ends just before them, or as a new chunk: a chunk never claims calls it does not hold,
 * and whatever is left out the page reads itself.
 */
async function appendFacts(store: FactsStore, calls: readonly StoredCall[]): Promise<void> {
  const byChunk = new Map<number, StoredCall[]>();
  for (const call of calls) {
    const chunk = chunkOf(call.key);
    const list = byChunk.get(chunk);
    if (list) list.push(call);
    else byChunk.set(chunk, [call]);
  }
  for (const [chunk, added] of byChunk) {
    const first = added[0]!.key;
    const saved = await store.get(chunk);
    let before: CallFacts[] = [];
    if (saved) {
      const decoded = saved.to === first - 1 ? decodeChunk(saved) : undefined;
      if (!decoded) continue;
      before = decoded;
    }
    const range = { from: saved?.from ?? first, to: added.at(-1)!.key };
    await store.put(encodeChunk(chunk, range, [...before, ...added], saved?.skipped ?? []));
  }
}

/** Deletes the saved chunks whose calls were all pruned (keys up to `last`). */
async function dropFacts(store: FactsStore, last: number): Promise<void> {
  const lastGone = chunkOf(last + 1) - 1;
  if (lastGone >= 0) await store.delete(IDBKeyRange.upperBound(lastGone));
}

/** Adds calls in one transaction and prunes the oldest past `cap`. Throws `QuotaError` when full. */
export async function writeCalls(batch: NewCall[], cap = MAX_CALLS): Promise<WriteResult> {
  const db = await connect();
  const tx = db.transaction([CALLS, META, FACTS], "readwrite");
  // Failures surface through `done`; keep the per-request rejections from going unhandled.
  const done = tx.done;
  done.catch(() => undefined);
  try {
    const calls = tx.objectStore(CALLS);
    // The key is assigned by the store (autoIncrement); records are written without one.
    const keys = await Promise.all(batch.map((call) => calls.add(call as StoredCall)));
    await appendFacts(
      tx.objectStore(FACTS),
      batch.map((call, i) => ({ ...call, key: keys[i]! })),
    );
    const count = await calls.count();
    let pruned = 0;
    if (count > cap) {
      pruned = count - cap;
      const oldest = await calls.getAllKeys(null, pruned);
      const last = oldest.at(-1);
      if (last !== undefined) {
        await calls.delete(IDBKeyRange.upperBound(last));
        await dropFacts(tx.objectStore(FACTS), last);
      }
      const meta = tx.objectStore(META);
      const before = await meta.get("pruned");
      await meta.put({
        name: "pruned",
        total: (before?.name === "pruned" ? before.total : 0) + pruned,
        lastAt: new Date().toISOString(),
      });
    }
    await done;
    return { lastKey: keys.at(-1) ?? 0, pruned };
  } catch (error) {
    const cause = tx.error ?? error;
    if (isQuota(cause) || isQuota(error)) throw new QuotaError("the browser's storage is full");
    throw error;
  }
}

/** Deletes the oldest `fraction` of the calls: room to write again after a quota error. */
export async function pruneOldest(fraction: number): Promise<number> {
  const db = await connect();
  const tx = db.transaction([CALLS, META, FACTS], "readwrite");
  const calls = tx.objectStore(CALLS);
  const count = Math.ceil((await calls.count()) * fraction);
  if (count > 0) {
    const last = (await calls.getAllKeys(null, count)).at(-1);
    if (last !== undefined) {
      await calls.delete(IDBKeyRange.upperBound(last));
      await dropFacts(tx.objectStore(FACTS), last);
    }
    const meta = tx.objectStore(META);
    const before = await meta.get("pruned");
    await meta.put({
      name: "pruned",
      total: (before?.name === "pruned" ? before.total : 0) + count,
      lastAt: new Date().toISOString(),
    });
  }
  await tx.done;
  return count;
}

export interface ReadResult {
  calls: StoredCall[];
  /** Keys of records that are not calls this page can read (another version or corrupted). */
  skipped: number[];
}

function sortOut(records: unknown[]): ReadResult {
  const calls: StoredCall[] = [];
  const skipped: number[] = [];
  for (const record of records) {
    if (isStoredCall(record)) calls.push(record);
    else {
      const key = (record as { key?: unknown } | null)?.key;
      if (typeof key === "number") skipped.push(key);
    }
  }
  return { calls, skipped };
}

/** The lowest and highest key in the store (null when it is empty). */
export async function keyRange(): Promise<{ first: number; last: number } | null> {
  const tx = (await connect()).transaction(CALLS, "readonly");
  const [first, last] = await Promise.all([
    tx.store.openKeyCursor(),
    tx.store.openKeyCursor(null, "prev"),
  ]);
  return first && last ? { first: first.key, last: last.key } : null;
}

/**
 * Up to `limit` calls with keys from `from` to `to`, oldest first, and `examinedTo`: the last key
 * this read can vouch for (`to` when it returned fewer than `limit`).
 */
export async function readCallSlice(
  from: number,
  to: number,
  limit: number,
): Promise<ReadResult & { examinedTo: number }> {
  const db = await connect();
  const records: unknown[] = await db.getAll(CALLS, IDBKeyRange.bound(from, to), limit);
  const last = (records.at(-1) as { key?: unknown } | undefined)?.key;
  const examinedTo = records.length < limit || typeof last !== "number" ? to : last;
  return { ...sortOut(records), examinedTo };
}

/** The calls with these keys, in the order given; keys gone (pruned) or unreadable are left out. */
export async function readCallsByKey(keys: readonly number[]): Promise<StoredCall[]> {
  if (!keys.length) return [];
  const tx = (await connect()).transaction(CALLS, "readonly");
  const records: unknown[] = await Promise.all(keys.map((key) => tx.store.get(key)));
  return sortOut(records).calls;
}

export async function readFactChunks(): Promise<FactsChunk[]> {
  return (await connect()).getAll(FACTS);
}

/** Writes chunks of facts and deletes the chunks numbered `gone`, in one transaction. */
export async function writeFactChunks(
  chunks: readonly FactsChunk[],
  gone: readonly number[] = [],
): Promise<void> {
  const tx = (await connect()).transaction(FACTS, "readwrite");
  await Promise.all([
    ...chunks.map((chunk) => tx.store.put(chunk)),
    ...gone.map((chunk) => tx.store.delete(chunk)),
    tx.done,
  ]);
}

export interface StoreMeta {
  pruned: PruneInfo | null;
  notices: StoreNotice[];
}

export async function readMeta(): Promise<StoreMeta> {
  const db = await connect();
  const [pruned, notices] = await Promise.all([db.get(META, "pruned"), db.get(META, "notices")]);
  return {
    pruned: pruned?.name === "pruned" ? { total: pruned.total, lastAt: pruned.lastAt } : null,
    notices: notices?.name === "notices" ? notices.notices : [],
  };
}

export async function dismissNotices(): Promise<void> {
  await (await connect()).delete(META, "notices");
}

/** Empties the store (calls, their facts, prune count and notices). */
export async function clearStore(): Promise<void> {
  const db = await connect();
  const tx = db.transaction([CALLS, META, FACTS], "readwrite");
  await Promise.all([
    tx.objectStore(CALLS).clear(),
    tx.objectStore(META).clear(),
    tx.objectStore(FACTS).clear(),
    tx.done,
  ]);
}
