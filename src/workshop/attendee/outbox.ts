/**
 * Calls waiting to be sent to the workshop room, in IndexedDB (through `idb`, database
 * "payi-workshop") so they survive a reload, a closed tab and a Wi-Fi that comes and goes. Each
 * record carries its room code: a learner who leaves a room (or whose room ends) has that room's
 * calls dropped, never sent to another room.
 *
 * Also keeps, per room, what was sent and what was dropped, so every tab (and the join page) shows
 * the same counts, not just what it sent itself.
 *
 * `createMemoryOutbox` does the same in memory: for browsers where IndexedDB is unavailable (calls
 * are then lost on reload, which is still better than not sending them) and for tests.
 */
import type { DBSchema, IDBPDatabase } from "idb";
import { database, deleteAllStores } from "../../storage/idb.ts";
import type { ForwardedCall } from "../../../shared/workshop/protocol.ts";

export const OUTBOX_DB_NAME = "payi-workshop";
const DB_VERSION = 1;
const CALLS = "calls";
const ROOMS = "rooms";
const BY_ROOM = "by-room";

export interface QueuedCall {
  roomCode: string;
  call: ForwardedCall;
  /** UTF-8 bytes of `JSON.stringify(call)`: what it adds to a request body. */
  bytes: number;
}

export interface OutboxRecord extends QueuedCall {
  key: number;
}

/** What this browser did for one room: counts for the status line, and the last problem. */
export interface RoomStats {
  roomCode: string;
  sent: number;
  dropped: number;
  /** The room refused calls as frozen the last time any tab tried (until a send succeeds). */
  frozen: boolean;
  /** The last problem that cost calls, a sentence for people; null when none. */
  notice: string | null;
  noticeAt: string | null;
}

export interface Settlement {
  /** Calls the server stored (not duplicates of an earlier attempt). */
  sent?: number;
  dropped?: number;
  frozen?: boolean;
  /** Replaces the room's notice; `undefined` leaves it as it is, null clears it. */
  notice?: string | null;
}

export interface Outbox {
  add(calls: QueuedCall[]): Promise<void>;
  /** The oldest calls of a room that fit one request (see `batchFitter`). */
  take(roomCode: string, maxCalls: number, maxBytes: number): Promise<OutboxRecord[]>;
  /** Deletes calls by key and updates the room's stats, in one transaction. */
  remove(keys: number[], roomCode: string, settlement?: Settlement): Promise<void>;
  count(roomCode: string): Promise<number>;
  stats(roomCode: string): Promise<RoomStats>;
  /** Updates a room's stats without removing calls. */
  note(roomCode: string, settlement: Settlement): Promise<void>;
  /** Deletes the calls (and stats) of one room, or of every room. */
  clear(roomCode?: string): Promise<void>;
  /** Deletes the calls of every room but `roomCode` (rooms the learner has left); returns how many. */
  dropOtherRooms(roomCode: string): Promise<number>;
}

const encoder = typeof TextEncoder === "function" ? new TextEncoder() : undefined;

/** UTF-8 length of a string (an upper bound when TextEncoder is missing). */
export function byteLength(text: string): number {
  return encoder ? encoder.encode(text).length : text.length * 3;
}

/**
 * Accepts records in order while they fit one request: at most `maxCalls`, and at most `maxBytes`
 * as the body `{"calls":[…]}` they become. The first record is always accepted: a call too big on
 * its own is then refused by the server and dropped, instead of blocking every call behind it.
 */
export function batchFitter(
  maxCalls: number,
  maxBytes: number,
): (record: { bytes: number }) => boolean {
  let count = 0;
  let bytes = '{"calls":[]}'.length;
  return (record) => {
    if (count >= maxCalls) return false;
    const next = bytes + record.bytes + (count > 0 ? 1 : 0);
    if (count > 0 && next > maxBytes) return false;
    count += 1;
    bytes = next;
    return true;
  };
}

/** The longest prefix of `records` that fits one request (see `batchFitter`). */
export function fitBatch<T extends { bytes: number }>(
  records: T[],
  maxCalls: number,
  maxBytes: number,
): T[] {
  const fits = batchFitter(maxCalls, maxBytes);
  const batch: T[] = [];
  for (const record of records) {
    if (!fits(record)) break;
    batch.push(record);
  }
  return batch;
}

function emptyStats(roomCode: string): RoomStats {
  return { roomCode, sent: 0, dropped: 0, frozen: false, notice: null, noticeAt: null };
}

function settle(stats: RoomStats, settlement: Settlement, now: string): RoomStats {
  const next = { ...stats };
  next.sent += settlement.sent ?? 0;
  next.dropped += settlement.dropped ?? 0;
  if (settlement.frozen !== undefined) next.frozen = settlement.frozen;
  if (settlement.notice !== undefined) {
    next.notice = settlement.notice;
    next.noticeAt = settlement.notice === null ? null : now;
  }
  return next;
}

// ---------------------------------------------------------------------------------------------
// In memory

export function createMemoryOutbox(): Outbox {
  let records: OutboxRecord[] = [];
  const rooms = new Map<string, RoomStats>();
  let nextKey = 1;
  const outbox: Outbox = {
    async add(calls) {
      for (const call of calls) records.push({ ...call, key: nextKey++ });
    },
    async take(roomCode, maxCalls, maxBytes) {
      return fitBatch(
        records.filter((record) => record.roomCode === roomCode),
        maxCalls,
        maxBytes,
      );
    },
    async remove(keys, roomCode, settlement) {
      const gone = new Set(keys);
      records = records.filter((record) => !gone.has(record.key));
      if (settlement) await outbox.note(roomCode, settlement);
    },
    async count(roomCode) {
      return records.filter((record) => record.roomCode === roomCode).length;
    },
    async stats(roomCode) {
      return { ...(rooms.get(roomCode) ?? emptyStats(roomCode)) };
    },
    async note(roomCode, settlement) {
      rooms.set(
        roomCode,
        settle(rooms.get(roomCode) ?? emptyStats(roomCode), settlement, new Date().toISOString()),
      );
    },
    async clear(roomCode) {
      records =
        roomCode === undefined ? [] : records.filter((record) => record.roomCode !== roomCode);
      if (roomCode === undefined) rooms.clear();
      else rooms.delete(roomCode);
    },
    async dropOtherRooms(roomCode) {
      const before = records.length;
      records = records.filter((record) => record.roomCode === roomCode);
      for (const code of rooms.keys()) if (code !== roomCode) rooms.delete(code);
      return before - records.length;
    },
  };
  return outbox;
}

// ---------------------------------------------------------------------------------------------
// IndexedDB

interface Schema extends DBSchema {
  calls: { key: number; value: OutboxRecord; indexes: { "by-room": string } };
  rooms: { key: string; value: RoomStats };
}

type Db = IDBPDatabase<Schema>;

const store = database<Schema>({
  name: OUTBOX_DB_NAME,
  version: DB_VERSION,
  upgrade(db, oldVersion) {
    // Nothing older of ours exists: anything found is not ours, and queued calls are disposable.
    if (oldVersion !== 0) deleteAllStores(db);
    const calls = db.createObjectStore(CALLS, { keyPath: "key", autoIncrement: true });
    calls.createIndex(BY_ROOM, "roomCode");
    db.createObjectStore(ROOMS, { keyPath: "roomCode" });
    // Repaired silently: there is nowhere to show a notice, and nothing of value was lost.
    return undefined;
  },
  hasLayout(db) {
    const names = [...db.objectStoreNames].sort();
    return names.length === 2 && names[0] === CALLS && names[1] === ROOMS;
  },
});

function connect(): Promise<Db> {
  return store.connect();
}

/** The IndexedDB outbox; rejects when the browser has no usable IndexedDB. */
export async function openOutbox(): Promise<Outbox> {
  await connect();
  const outbox: Outbox = {
    async add(calls) {
      if (!calls.length) return;
      const tx = (await connect()).transaction(CALLS, "readwrite");
      // The store assigns keys (autoIncrement): records go in without one.
      await Promise.all([...calls.map((call) => tx.store.add(call as OutboxRecord)), tx.done]);
    },
    async take(roomCode, maxCalls, maxBytes) {
      const tx = (await connect()).transaction(CALLS, "readonly");
      const records: OutboxRecord[] = [];
      const fits = batchFitter(maxCalls, maxBytes);
      // A cursor, not getAll: it stops at the batch's limits without reading the whole queue.
      let cursor = await tx.store.index(BY_ROOM).openCursor(roomCode);
      while (cursor && fits(cursor.value)) {
        records.push(cursor.value);
        cursor = await cursor.continue();
      }
      await tx.done;
      return records;
    },
    async remove(keys, roomCode, settlement) {
      const tx = (await connect()).transaction([CALLS, ROOMS], "readwrite");
      const calls = tx.objectStore(CALLS);
      const work: Promise<unknown>[] = keys.map((key) => calls.delete(key));
      if (settlement) {
        const rooms = tx.objectStore(ROOMS);
        const before = (await rooms.get(roomCode)) ?? emptyStats(roomCode);
        work.push(rooms.put(settle(before, settlement, new Date().toISOString())));
      }
      await Promise.all([...work, tx.done]);
    },
    async count(roomCode) {
      return (await connect()).countFromIndex(CALLS, BY_ROOM, roomCode);
    },
    async stats(roomCode) {
      return (await (await connect()).get(ROOMS, roomCode)) ?? emptyStats(roomCode);
    },
    async note(roomCode, settlement) {
      await outbox.remove([], roomCode, settlement);
    },
    async clear(roomCode) {
      const tx = (await connect()).transaction([CALLS, ROOMS], "readwrite");
      if (roomCode === undefined) {
        await Promise.all([tx.objectStore(CALLS).clear(), tx.objectStore(ROOMS).clear(), tx.done]);
        return;
      }
      const index = tx.objectStore(CALLS).index(BY_ROOM);
      const keys = await index.getAllKeys(roomCode);
      await Promise.all([
        ...keys.map((key) => tx.objectStore(CALLS).delete(key)),
        tx.objectStore(ROOMS).delete(roomCode),
        tx.done,
      ]);
    },
    async dropOtherRooms(roomCode) {
      const tx = (await connect()).transaction([CALLS, ROOMS], "readwrite");
      let dropped = 0;
      let cursor = await tx.objectStore(CALLS).openCursor();
      while (cursor) {
        if (cursor.value.roomCode !== roomCode) {
          dropped += 1;
          void cursor.delete();
        }
        cursor = await cursor.continue();
      }
      const rooms = tx.objectStore(ROOMS);
      for (const code of await rooms.getAllKeys()) if (code !== roomCode) void rooms.delete(code);
      await tx.done;
      return dropped;
    },
  };
  return outbox;
}
