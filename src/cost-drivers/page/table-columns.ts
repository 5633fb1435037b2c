/**
 * Cost Drivers' columns (tables.ts: text, note and hover text of each cell, the same definitions
 * the exports read) as data table columns: the first names the row, every one sorts (the page
 * sorts, as the exports do), and each gets a grid track wide enough for its values, so a table
 * narrower than its columns scrolls sideways instead of squeezing them.
 */
import type { DataColumn } from "../../ui/data-table/columns.ts";
import type { TableSpec } from "../tables.ts";

/** Least widths, rem: a time ("2026-11-27 07:21"), a number, a name. */
const TIME_REM = 8.5;
const NUMBER_REM = 5.5;
const TEXT_REM = 7;
const NAME_REM = 9;
/** The data table's column gap and row padding, rem (data-table.css). */
const GAP_REM = 0.75;
const PADDING_REM = 1.5;

const TIME_KEYS = new Set(["time", "first_seen", "last_seen"]);

interface Sized<Row> extends DataColumn<Row> {
  /** The track's least width, rem. */
  least: number;
}

export function dataColumns<Row>(spec: TableSpec<Row, unknown>): DataColumn<Row>[] {
  return spec.columns
    .filter((column) => !column.exportOnly)
    .map((column, index): Sized<Row> => {
      const least = TIME_KEYS.has(column.key)
        ? TIME_REM
        : index === 0
          ? NAME_REM
          : column.numeric
            ? NUMBER_REM
            : TEXT_REM;
      return {
        key: column.key,
        header: column.label,
        numeric: column.numeric === true,
        rowHeader: index === 0,
        sortable: true,
        least,
        width: `minmax(${least}rem, ${index === 0 ? 1.4 : column.numeric ? 0.8 : 1}fr)`,
        cell: (row) => {
          const note = column.note?.(row) ?? null;
          const title = column.title?.(row) ?? null;
          return {
            text: column.text(row),
            ...(note ? { sub: note } : {}),
            ...(title ? { title } : {}),
          };
        },
      };
    });
}

/** The width under which the table scrolls sideways: every track at its least. */
export function minWidthOf<Row>(columns: readonly DataColumn<Row>[]): string {
  const least = columns.reduce((sum, column) => sum + ((column as Sized<Row>).least ?? 0), 0);
  return `${least + GAP_REM * (columns.length - 1) + PADDING_REM}rem`;
}
