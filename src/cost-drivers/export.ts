/**
 * The current view as a file: CSV for spreadsheets, JSON for programs. Pure (the download itself
 * is in page.ts). Values are the raw numbers behind the table (full-precision USD, ISO times), not
 * the rounded text on screen, so sums made from an export match the dashboard.
 */
import type { CellValue } from "./sort.ts";

export interface ExportColumn<Row> {
  key: string;
  value(row: Row): CellValue;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(value: CellValue): string {
  if (value === null || (typeof value === "number" && !Number.isFinite(value))) return "";
  if (typeof value !== "string") return String(value);
  // A spreadsheet runs a cell starting with = + - @ as a formula; user ids come from code anyone
  // can edit, so such text is prefixed with an apostrophe (the usual defence).
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(columns: readonly ExportColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((column) => csvField(column.key)).join(",")];
  for (const row of rows)
    lines.push(columns.map((column) => csvField(column.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

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
  columns: readonly ExportColumn<Row>[],
  rows: readonly Row[],
): string {
  const records = rows.map((row) =>
    Object.fromEntries(columns.map((column) => [column.key, column.value(row)])),
  );
  return `${JSON.stringify({ ...context, rows: records }, null, 2)}\n`;
}

/** "2026-11-27T07-21-51" (UTC): a time for file names, sortable and valid on every file system. */
export function fileStamp(at: Date): string {
  return at.toISOString().slice(0, 19).replace(/:/g, "-");
}

/** "cost-drivers-users-2026-11-27T07-21-51.csv". */
export function exportFileName(view: string, extension: "csv" | "json", at: Date): string {
  return `cost-drivers-${view}-${fileStamp(at)}.${extension}`;
}
