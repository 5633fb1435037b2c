/**
 * The current view as a file: CSV for spreadsheets, JSON for programs. Pure (the download itself
 * is in page.ts). Values are the raw numbers behind the table (full-precision USD, ISO times), not
 * the rounded text on screen, so sums made from an export match the dashboard.
 */
import { fileStamp, type CsvColumn } from "../../shared/csv.ts";

export interface ExportContext {
  /** Which table ("users", "use-cases", "limits", "calls"). */
  view: string;
  exportedAt: string;
  filters: Record<string, string | null>;
  /** Calls in the view whose cost is unknown: not included in any spend figure. */
  unpricedCalls: number;
}

export function toJson<Row>(
  context: ExportContext,
  columns: readonly CsvColumn<Row>[],
  rows: readonly Row[],
): string {
  const records = rows.map((row) =>
    Object.fromEntries(columns.map((column) => [column.key, column.value(row)])),
  );
  return `${JSON.stringify({ ...context, rows: records }, null, 2)}\n`;
}

/** "cost-drivers-users-2026-11-27T07-21-51.csv". */
export function exportFileName(view: string, extension: "csv" | "json", at: Date): string {
  return `cost-drivers-${view}-${fileStamp(at)}.${extension}`;
}
