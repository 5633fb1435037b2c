/**
 * What the store reads back for people: a room's snapshot for the dashboard (totals per room,
 * attendee and use case, and the newest calls) and every call for the CSV export.
 */
import {
  LIMITS,
  type AttendeeRow,
  type CallOrigin,
  type RoomCall,
  type RoomSnapshot,
  type UseCaseRow,
} from "../../shared/workshop/protocol.ts";
import type { Database } from "./database.ts";
import {
  CALL_COLUMNS,
  roomCall,
  roomInfo,
  TOTALS_COLUMNS,
  totals,
  type CallRow,
  type RoomRecord,
  type TotalsRow,
} from "./records.ts";

export function roomSnapshot(db: Database, room: RoomRecord): RoomSnapshot {
  const code = room.code;
  const roomTotals = totals(
    db.sql(`SELECT ${TOTALS_COLUMNS} FROM calls c WHERE c.room_code = ?`).get(code) as
      TotalsRow | undefined,
  );
  const attendees = (
    db
      .sql(
        `SELECT a.user_id, a.display_name, a.joined_at, ${TOTALS_COLUMNS},
           MAX(c.received_at) AS last_call_at,
           (SELECT l.resource FROM calls l WHERE l.attendee_id = a.id ORDER BY l.seq DESC LIMIT 1) AS last_resource
         FROM attendees a LEFT JOIN calls c ON c.attendee_id = a.id
         WHERE a.room_code = ? GROUP BY a.id ORDER BY a.joined_at, a.id`,
      )
      .all(code) as unknown as (TotalsRow & {
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
    db
      .sql(
        `SELECT c.use_case, ${TOTALS_COLUMNS} FROM calls c WHERE c.room_code = ?
         GROUP BY c.use_case ORDER BY spend_usd DESC, requests DESC`,
      )
      .all(code) as unknown as (TotalsRow & { use_case: string | null })[]
  ).map((row): UseCaseRow => ({ name: row.use_case, ...totals(row) }));
  const recent = (
    db
      .sql(
        `SELECT ${CALL_COLUMNS} FROM calls c JOIN attendees a ON a.id = c.attendee_id
         WHERE c.room_code = ? ORDER BY c.seq DESC LIMIT ?`,
      )
      .all(code, LIMITS.recentCalls) as unknown as CallRow[]
  )
    .map(roomCall)
    .reverse();
  return {
    room: roomInfo(room),
    totals: roomTotals,
    attendees,
    useCases,
    recent,
    // Calls are numbered in order, so the newest of `recent` is the newest stored.
    lastSeq: recent.at(-1)?.seq ?? 0,
  };
}

export type ExportRow = RoomCall & { displayName: string; runId: string };

/** Every call of the room in seq order, for the CSV export (an iterator: rooms can be large). */
export function* exportRows(db: Database, code: string): Generator<ExportRow> {
  const rows = db
    .sql(
      `SELECT ${CALL_COLUMNS}, a.display_name, c.meta FROM calls c JOIN attendees a ON a.id = c.attendee_id
       WHERE c.room_code = ? ORDER BY c.seq`,
    )
    .iterate(code) as Iterable<CallRow & { display_name: string; meta: string }>;
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
