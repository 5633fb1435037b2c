/**
 * Rooms, attendees and calls in one SQLite file (Node's built-in `node:sqlite`: no native build
 * step on the instructor's laptop). WAL journal, so the dashboard's reads never wait for writes and
 * a crash loses nothing that was acknowledged. Synchronous by design: one process, short
 * statements, and a batch insert is one transaction (all or nothing).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type {
  Attendee,
  AttendeeRow,
  CallOrigin,
  ForwardedCall,
  RoomCall,
  RoomInfo,
  RoomSnapshot,
  Totals,
  UseCaseRow,
} from "../shared/workshop/protocol.ts";
import { LIMITS } from "../shared/workshop/protocol.ts";

export const DATABASE_FILE = "workshop.sqlite";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  admin_key_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  frozen INTEGER NOT NULL DEFAULT 0,
  next_seq INTEGER NOT NULL DEFAULT 1,
  call_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS attendees (
  id INTEGER PRIMARY KEY,
  room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  joined_at TEXT NOT NULL,
  UNIQUE (room_code, user_id)
);
CREATE TABLE IF NOT EXISTS calls (
  room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  time TEXT NOT NULL,
  resource TEXT NOT NULL,
  api TEXT NOT NULL,
  tagged_user_id TEXT,
  use_case TEXT,
  input_tokens INTEGER NOT NULL,
  cached_input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd REAL,
  cost_status TEXT NOT NULL,
  status INTEGER,
  lesson TEXT NOT NULL,
  why TEXT NOT NULL,
  event TEXT NOT NULL,
  meta TEXT NOT NULL,
  PRIMARY KEY (room_code, seq),
  UNIQUE (attendee_id, client_id)
);
CREATE INDEX IF NOT EXISTS calls_by_attendee ON calls (attendee_id);
`;

export interface RoomRecord extends RoomInfo {
  adminKeyHash: string;
  callCount: number;
}

export interface AttendeeRecord extends Attendee {
  id: number;
  roomCode: string;
}

export interface InsertResult {
  stored: RoomCall[];
  duplicates: number;
}

interface CallRow {
  seq: number;
  received_at: string;
  user_id: string;
  time: string;
  resource: string;
  api: string;
  tagged_user_id: string | null;
  use_case: string | null;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  cost_status: RoomCall["costStatus"];
  status: number | null;
  lesson: string;
  why: string;
}

interface TotalsRow {
  requests: number;
  input_tokens: number | null;
  cached_input_tokens: number | null;
  output_tokens: number | null;
  spend_usd: number | null;
  unpriced_calls: number | null;
  failed_calls: number | null;
}

const TOTALS_COLUMNS = `
  COUNT(c.seq) AS requests,
  SUM(c.input_tokens) AS input_tokens,
  SUM(c.cached_input_tokens) AS cached_input_tokens,
  SUM(c.output_tokens) AS output_tokens,
  SUM(CASE WHEN c.cost_status = 'priced' THEN c.cost_usd ELSE 0 END) AS spend_usd,
  SUM(CASE WHEN c.cost_status = 'unpriced' THEN 1 ELSE 0 END) AS unpriced_calls,
  SUM(CASE WHEN c.status IS NULL OR c.status = 0 OR c.status >= 400 THEN 1 ELSE 0 END) AS failed_calls`;

const CALL_COLUMNS = `c.seq, c.received_at, a.user_id, c.time, c.resource, c.api, c.tagged_user_id,
  c.use_case, c.input_tokens, c.cached_input_tokens, c.output_tokens, c.cost_usd, c.cost_status,
  c.status, c.lesson, c.why`;

const ROOM_COLUMNS = "code, name, admin_key_hash, created_at, frozen, call_count";

interface RoomRow {
  code: string;
  name: string;
  admin_key_hash: string;
  created_at: string;
  frozen: number;
  call_count: number;
}

function roomRecord(row: RoomRow): RoomRecord {
  return {
    code: row.code,
    name: row.name,
    createdAt: row.created_at,
    frozen: row.frozen === 1,
    adminKeyHash: row.admin_key_hash,
    callCount: row.call_count,
  };
}

function totals(row: TotalsRow | undefined): Totals {
  return {
    requests: row?.requests ?? 0,
    inputTokens: row?.input_tokens ?? 0,
    cachedInputTokens: row?.cached_input_tokens ?? 0,
    outputTokens: row?.output_tokens ?? 0,
    spendUsd: row?.spend_usd ?? 0,
    unpricedCalls: row?.unpriced_calls ?? 0,
    failedCalls: row?.failed_calls ?? 0,
  };
}

function roomCall(row: CallRow): RoomCall {
  return {
    seq: row.seq,
    receivedAt: row.received_at,
    attendee: row.user_id,
    time: row.time,
    resource: row.resource,
    api: row.api,
    taggedUserId: row.tagged_user_id,
    useCase: row.use_case,
    inputTokens: row.input_tokens,
    cachedInputTokens: row.cached_input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost_usd,
    costStatus: row.cost_status,
    status: row.status,
    lesson: row.lesson,
    why: row.why,
  };
}

/** The flat, dashboard-facing columns of one forwarded call. */
function columns(call: ForwardedCall): Omit<CallRow, "seq" | "received_at" | "user_id"> {
  const { event, meta } = call;
  const cost = event.cost;
  return {
    time: event.time,
    resource: event.resource,
    api: event.api,
    tagged_user_id: event.userId.value || null,
    use_case: event.useCase.value?.name ?? null,
    input_tokens: event.units?.input ?? 0,
    cached_input_tokens: event.units?.cachedInput ?? 0,
    output_tokens: event.units?.output ?? 0,
    cost_usd: cost.status === "priced" ? cost.total : cost.status === "not-charged" ? 0 : null,
    cost_status: cost.status,
    status: Number.isInteger(event.status) ? event.status : null,
    lesson: meta.lesson,
    why: event.userId.why,
  };
}

export interface RoomCaps {
  maxCallsPerRoom: number;
  maxAttendeesPerRoom: number;
}

export class RoomStore {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  /** Per-room caps; LIMITS unless a test lowers them. */
  readonly caps: RoomCaps;

  constructor(dataDir: string, caps: Partial<RoomCaps> = {}) {
    this.caps = {
      maxCallsPerRoom: caps.maxCallsPerRoom ?? LIMITS.maxCallsPerRoom,
      maxAttendeesPerRoom: caps.maxAttendeesPerRoom ?? LIMITS.maxAttendeesPerRoom,
    };
    mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(join(dataDir, DATABASE_FILE));
    this.#db.exec("PRAGMA journal_mode = WAL");
    // NORMAL is durable across process crashes in WAL mode (an OS crash may lose the last commit).
    this.#db.exec("PRAGMA synchronous = NORMAL");
    this.#db.exec("PRAGMA foreign_keys = ON");
    this.#db.exec("PRAGMA busy_timeout = 5000");
    this.#db.exec(SCHEMA);
  }

  close(): void {
    this.#db.close();
  }

  #sql(text: string): StatementSync {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  #transaction<T>(work: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  createRoom(room: { code: string; name: string; adminKeyHash: string; createdAt: string }): void {
    this.#sql("INSERT INTO rooms (code, name, admin_key_hash, created_at) VALUES (?, ?, ?, ?)").run(
      room.code,
      room.name,
      room.adminKeyHash,
      room.createdAt,
    );
  }

  room(code: string): RoomRecord | null {
    const row = this.#sql(`SELECT ${ROOM_COLUMNS} FROM rooms WHERE code = ?`).get(code) as
      RoomRow | undefined;
    return row ? roomRecord(row) : null;
  }

  rooms(): RoomRecord[] {
    const rows = this.#sql(`SELECT ${ROOM_COLUMNS} FROM rooms ORDER BY created_at`).all();
    return (rows as unknown as RoomRow[]).map(roomRecord);
  }

  setFrozen(code: string, frozen: boolean): void {
    this.#sql("UPDATE rooms SET frozen = ? WHERE code = ?").run(frozen ? 1 : 0, code);
  }

  deleteRoom(code: string): void {
    this.#sql("DELETE FROM rooms WHERE code = ?").run(code);
  }

  /** Deletes the room's calls, keeps its attendees (their tokens stay valid). */
  resetRoom(code: string): number {
    return this.#transaction(() => {
      const { changes } = this.#sql("DELETE FROM calls WHERE room_code = ?").run(code);
      this.#sql("UPDATE rooms SET call_count = 0 WHERE code = ?").run(code);
      return Number(changes);
    });
  }

  attendeeCount(code: string): number {
    const row = this.#sql("SELECT COUNT(*) AS n FROM attendees WHERE room_code = ?").get(code) as {
      n: number;
    };
    return row.n;
  }

  /**
   * Adds an attendee under the first free id of `baseUserId`, `baseUserId-2`, `-3`… Returns null
   * when the room is full.
   */
  addAttendee(input: {
    roomCode: string;
    baseUserId: string;
    displayName: string;
    tokenHash: string;
    joinedAt: string;
  }): AttendeeRecord | null {
    return this.#transaction(() => {
      if (this.attendeeCount(input.roomCode) >= this.caps.maxAttendeesPerRoom) return null;
      const taken = new Set(
        (
          this.#sql(
            "SELECT user_id FROM attendees WHERE room_code = ? AND (user_id = ? OR user_id LIKE ? ESCAPE '\\')",
          ).all(
            input.roomCode,
            input.baseUserId,
            `${input.baseUserId.replace(/[\\%_]/g, "\\$&")}-%`,
          ) as {
            user_id: string;
          }[]
        ).map((row) => row.user_id),
      );
      let userId = input.baseUserId;
      for (let n = 2; taken.has(userId); n++) {
        const suffix = `-${n}`;
        userId = `${input.baseUserId.slice(0, LIMITS.userIdMaxLength - suffix.length)}${suffix}`;
      }
      const { lastInsertRowid } = this.#sql(
        "INSERT INTO attendees (room_code, user_id, display_name, token_hash, joined_at) VALUES (?, ?, ?, ?, ?)",
      ).run(input.roomCode, userId, input.displayName, input.tokenHash, input.joinedAt);
      return {
        id: Number(lastInsertRowid),
        roomCode: input.roomCode,
        userId,
        displayName: input.displayName,
        joinedAt: input.joinedAt,
      };
    });
  }

  attendeeByTokenHash(tokenHash: string): AttendeeRecord | null {
    const row = this.#sql(
      "SELECT id, room_code, user_id, display_name, joined_at FROM attendees WHERE token_hash = ?",
    ).get(tokenHash) as
      | { id: number; room_code: string; user_id: string; display_name: string; joined_at: string }
      | undefined;
    return row
      ? {
          id: row.id,
          roomCode: row.room_code,
          userId: row.user_id,
          displayName: row.display_name,
          joinedAt: row.joined_at,
        }
      : null;
  }

  /**
   * Stores a batch in one transaction. Calls already stored (same attendee and client id) are
   * counted as duplicates, so a retried batch is harmless. Returns null (storing nothing) when the
   * batch would take the room over its call cap.
   */
  insertCalls(
    attendee: AttendeeRecord,
    calls: ForwardedCall[],
    receivedAt: string,
  ): InsertResult | null {
    return this.#transaction(() => {
      const room = this.#sql("SELECT next_seq, call_count FROM rooms WHERE code = ?").get(
        attendee.roomCode,
      ) as { next_seq: number; call_count: number };
      const exists = this.#sql("SELECT 1 FROM calls WHERE attendee_id = ? AND client_id = ?");
      const fresh: ForwardedCall[] = [];
      const ids = new Set<string>();
      for (const call of calls) {
        if (ids.has(call.id) || exists.get(attendee.id, call.id)) continue;
        ids.add(call.id);
        fresh.push(call);
      }
      if (room.call_count + fresh.length > this.caps.maxCallsPerRoom) return null;
      const insert = this.#sql(
        `INSERT INTO calls (room_code, seq, attendee_id, client_id, received_at, time, resource, api,
           tagged_user_id, use_case, input_tokens, cached_input_tokens, output_tokens, cost_usd,
           cost_status, status, lesson, why, event, meta)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const stored: RoomCall[] = [];
      let seq = room.next_seq;
      for (const call of fresh) {
        const row = columns(call);
        insert.run(
          attendee.roomCode,
          seq,
          attendee.id,
          call.id,
          receivedAt,
          row.time,
          row.resource,
          row.api,
          row.tagged_user_id,
          row.use_case,
          row.input_tokens,
          row.cached_input_tokens,
          row.output_tokens,
          row.cost_usd,
          row.cost_status,
          row.status,
          row.lesson,
          row.why,
          JSON.stringify(call.event),
          JSON.stringify(call.meta satisfies CallOrigin),
        );
        stored.push(roomCall({ ...row, seq, received_at: receivedAt, user_id: attendee.userId }));
        seq++;
      }
      this.#sql("UPDATE rooms SET next_seq = ?, call_count = call_count + ? WHERE code = ?").run(
        seq,
        fresh.length,
        attendee.roomCode,
      );
      return { stored, duplicates: calls.length - fresh.length };
    });
  }

  snapshot(code: string): RoomSnapshot | null {
    const room = this.room(code);
    if (!room) return null;
    const roomTotals = totals(
      this.#sql(`SELECT ${TOTALS_COLUMNS} FROM calls c WHERE c.room_code = ?`).get(code) as
        TotalsRow | undefined,
    );
    const attendees = (
      this.#sql(
        `SELECT a.user_id, a.display_name, a.joined_at, ${TOTALS_COLUMNS},
           MAX(c.received_at) AS last_call_at,
           (SELECT l.resource FROM calls l WHERE l.attendee_id = a.id ORDER BY l.seq DESC LIMIT 1) AS last_resource
         FROM attendees a LEFT JOIN calls c ON c.attendee_id = a.id
         WHERE a.room_code = ? GROUP BY a.id ORDER BY a.joined_at, a.id`,
      ).all(code) as unknown as (TotalsRow & {
        user_id: string;
        display_name: string;
        joined_at: string;
        last_call_at: string | null;
        last_resource: string | null;
      })[]
    ).map((row): AttendeeRow => ({
      userId: row.user_id,
      displayName: row.display_name,
      joinedAt: row.joined_at,
      ...totals(row),
      lastCallAt: row.last_call_at,
      lastResource: row.last_resource,
    }));
    const useCases = (
      this.#sql(
        `SELECT c.use_case, ${TOTALS_COLUMNS} FROM calls c WHERE c.room_code = ?
         GROUP BY c.use_case ORDER BY spend_usd DESC, requests DESC`,
      ).all(code) as unknown as (TotalsRow & { use_case: string | null })[]
    ).map((row): UseCaseRow => ({ name: row.use_case, ...totals(row) }));
    const recent = (
      this.#sql(
        `SELECT ${CALL_COLUMNS} FROM calls c JOIN attendees a ON a.id = c.attendee_id
         WHERE c.room_code = ? ORDER BY c.seq DESC LIMIT ?`,
      ).all(code, LIMITS.recentCalls) as unknown as CallRow[]
    )
      .map(roomCall)
      .reverse();
    const info: RoomInfo = {
      code: room.code,
      name: room.name,
      createdAt: room.createdAt,
      frozen: room.frozen,
    };
    return {
      room: info,
      totals: roomTotals,
      attendees,
      useCases,
      recent,
      // Calls are numbered in order, so the newest of `recent` is the newest stored.
      lastSeq: recent.at(-1)?.seq ?? 0,
    };
  }

  /** Every call of the room in seq order, for the CSV export (an iterator: rooms can be large). */
  *exportRows(code: string): Generator<RoomCall & { displayName: string; runId: string }> {
    const rows = this.#sql(
      `SELECT ${CALL_COLUMNS}, a.display_name, c.meta FROM calls c JOIN attendees a ON a.id = c.attendee_id
       WHERE c.room_code = ? ORDER BY c.seq`,
    ).iterate(code) as Iterable<CallRow & { display_name: string; meta: string }>;
    for (const row of rows) {
      let runId = "";
      try {
        runId = String((JSON.parse(row.meta) as CallOrigin).runId ?? "");
      } catch {
        // Meta is written by this server; an unreadable one only loses the run id column.
      }
      yield { ...roomCall(row), displayName: row.display_name, runId };
    }
  }
}
