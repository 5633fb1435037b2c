/** CSV for spreadsheets (RFC 4180), shared by Cost Drivers' exports and the room service's CSV. */

/** A cell as tables sort and export it: the raw value, not the text on screen. */
export type CellValue = string | number | boolean | null;

export interface CsvColumn<Row> {
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

export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((column) => csvField(column.key)).join(",")];
  for (const row of rows)
    lines.push(columns.map((column) => csvField(column.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** "2026-11-27T07-21-51" (UTC): a time for file names, sortable and valid on every file system. */
export function fileStamp(at: Date): string {
  return at.toISOString().slice(0, 19).replace(/:/g, "-");
}
