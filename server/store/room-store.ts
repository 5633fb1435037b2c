/**
 * Rooms, attendees and calls in one SQLite file (./database.ts), behind the operations the
 * routes need. Writes live here; the dashboard's and the export's reads in ./reports.ts. A batch
 * insert is one transaction (all or nothing).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  LIMITS,
  type CallOrigin,
  type ForwardedCall,
  type RoomCall,
  type RoomSnapshot,
} from "../../shared/workshop/protocol.ts";
import { Database } from "./database.ts";
import {
  attendeeRecord,
  callColumns,
  ROOM_COLUMNS,
  roomCall,
  roomRecord,
  type AttendeeRecord,
  type AttendeeRow,
  type RoomRecord,
  type RoomRow,
} from "./records.ts";
import { exportRows, roomSnapshot, type ExportRow } from "./reports.ts";

export { roomInfo, type AttendeeRecord, type RoomRecord } from "./records.ts";

export const DATABASE_FILE = "workshop.sqlite";

export interface InsertResult {
  stored: RoomCall[];
  duplicates: number;
}

export interface RoomCaps {
  maxCallsPerRoom: number;
  maxAttendeesPerRoom: number;
}

export class RoomStore {
  readonly #db: Database;
  /** Per-room caps; LIMITS unless a test lowers them. */
  readonly caps: RoomCaps;

  /** Opens (or creates) `dataDir`/workshop.sqlite and upgrades its schema if it is older. */
  constructor(dataDir: string, caps: Partial<RoomCaps> = {}) {
    this.caps = {
      maxCallsPerRoom: caps.maxCallsPerRoom ?? LIMITS.maxCallsPerRoom,
      maxAttendeesPerRoom: caps.maxAttendeesPerRoom ?? LIMITS.maxAttendeesPerRoom,
    };
    mkdirSync(dataDir, { recursive: true });
    this.#db = new Database(join(dataDir, DATABASE_FILE));
  }

  close(): void {
    this.#db.close();
  }

  createRoom(room: { code: string; name: string; adminKeyHash: string; createdAt: string }): void {
    this.#db
      .sql("INSERT INTO rooms (code, name, admin_key_hash, created_at) VALUES (?, ?, ?, ?)")
      .run(room.code, room.name, room.adminKeyHash, room.createdAt);
  }

  room(code: string): RoomRecord | null {
    const row = this.#db.sql(`SELECT ${ROOM_COLUMNS} FROM rooms WHERE code = ?`).get(code) as
      RoomRow | undefined;
    return row ? roomRecord(row) : null;
  }

  rooms(): RoomRecord[] {
    const rows = this.#db.sql(`SELECT ${ROOM_COLUMNS} FROM rooms ORDER BY created_at`).all();
    return (rows as unknown as RoomRow[]).map(roomRecord);
  }

  setFrozen(code: string, frozen: boolean): void {
    this.#db.sql("UPDATE rooms SET frozen = ? WHERE code = ?").run(frozen ? 1 : 0, code);
  }

  deleteRoom(code: string): void {
    this.#db.sql("DELETE FROM rooms WHERE code = ?").run(code);
  }

  /** Deletes the room's calls, keeps its attendees (their tokens stay valid). */
  resetRoom(code: string): number {
    return this.#db.transaction(() => {
      const { changes } = this.#db.sql("DELETE FROM calls WHERE room_code = ?").run(code);
      this.#db.sql("UPDATE rooms SET call_count = 0 WHERE code = ?").run(code);
      return Number(changes);
    });
  }

  attendeeCount(code: string): number {
    const row = this.#db
      .sql("SELECT COUNT(*) AS n FROM attendees WHERE room_code = ?")
      .get(code) as { n: number };
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
    return this.#db.transaction(() => {
      if (this.attendeeCount(input.roomCode) >= this.caps.maxAttendeesPerRoom) return null;
      const taken = new Set(
        (
          this.#db
            .sql(
              "SELECT user_id FROM attendees WHERE room_code = ? AND (user_id = ? OR user_id LIKE ? ESCAPE '\\')",
            )
            .all(
              input.roomCode,
              input.baseUserId,
              `${input.baseUserId.replace(/[\\%_]/g, "\\$&")}-%`,
            ) as { user_id: string }[]
        ).map((row) => row.user_id),
      );
      let userId = input.baseUserId;
      for (let n = 2; taken.has(userId); n++) {
        const suffix = `-${n}`;
        userId = `${input.baseUserId.slice(0, LIMITS.userIdMaxLength - suffix.length)}${suffix}`;
      }
      const { lastInsertRowid } = this.#db
        .sql(
          "INSERT INTO attendees (room_code, user_id, display_name, token_hash, joined_at) VALUES (?, ?, ?, ?, ?)",
        )
        .run(input.roomCode, userId, input.displayName, input.tokenHash, input.joinedAt);
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
    const row = this.#db
      .sql(
        "SELECT id, room_code, user_id, display_name, joined_at FROM attendees WHERE token_hash = ?",
      )
      .get(tokenHash) as AttendeeRow | undefined;
    return row ? attendeeRecord(row) : null;
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
    return this.#db.transaction(() => {
      const room = this.#db
        .sql("SELECT next_seq, call_count FROM rooms WHERE code = ?")
        .get(attendee.roomCode) as { next_seq: number; call_count: number };
      const exists = this.#db.sql("SELECT 1 FROM calls WHERE attendee_id = ? AND client_id = ?");
      const fresh: ForwardedCall[] = [];
      const ids = new Set<string>();
      for (const call of calls) {
        if (ids.has(call.id) || exists.get(attendee.id, call.id)) continue;
        ids.add(call.id);
        fresh.push(call);
      }
      if (room.call_count + fresh.length > this.caps.maxCallsPerRoom) return null;
      const insert = this.#db.sql(
        `INSERT INTO calls (room_code, seq, attendee_id, client_id, received_at, time, resource, api,
           tagged_user_id, use_case, input_tokens, cached_input_tokens, output_tokens, cost_usd,
           cost_status, status, lesson, why, event, meta)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const stored: RoomCall[] = [];
      let seq = room.next_seq;
      for (const call of fresh) {
        const row = callColumns(call);
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
      this.#db
        .sql("UPDATE rooms SET next_seq = ?, call_count = call_count + ? WHERE code = ?")
        .run(seq, fresh.length, attendee.roomCode);
      return { stored, duplicates: calls.length - fresh.length };
    });
  }

  snapshot(code: string): RoomSnapshot | null {
    const room = this.room(code);
    return room ? roomSnapshot(this.#db, room) : null;
  }

  /** Every call of the room in seq order, for the CSV export (an iterator: rooms can be large). */
  exportRows(code: string): Generator<ExportRow> {
    return exportRows(this.#db, code);
  }
}
