/** The room's calls as CSV lines, one per call (the admin's Export CSV). */
import { csvField } from "../shared/csv.ts";
import type { RoomStore } from "./store/room-store.ts";

const CSV_COLUMNS = [
  "seq",
  "received_at",
  "time",
  "attendee",
  "display_name",
  "tagged_user_id",
  "use_case",
  "resource",
  "api",
  "input_tokens",
  "cached_input_tokens",
  "output_tokens",
  "cost_usd",
  "cost_status",
  "status",
  "lesson",
  "run_id",
] as const;

/** Header line first; a generator, so a large room streams instead of building one string. */
export function* csvLines(store: RoomStore, code: string): Generator<string> {
  yield `${CSV_COLUMNS.join(",")}\r\n`;
  for (const row of store.exportRows(code)) {
    const values = [
      row.seq,
      row.receivedAt,
      row.time,
      row.attendee,
      row.displayName,
      row.taggedUserId,
      row.useCase,
      row.resource,
      row.api,
      row.inputTokens,
      row.cachedInputTokens,
      row.outputTokens,
      row.costUsd,
      row.costStatus,
      row.status,
      row.lesson,
      row.runId,
    ];
    yield `${values.map(csvField).join(",")}\r\n`;
  }
}
