/**
 * What a data table is given: its columns and rows' keys, how rows are ordered, labelled and
 * detailed, and how it lays them out (data-table.ts draws them).
 */
import type { DataColumn, SortState } from "./columns.ts";

export interface DataTableOptions<Row> {
  /** Visible caption; or name the table with `labelledBy` (an element's id). */
  caption?: string;
  labelledBy?: string;
  columns: readonly DataColumn<Row>[];
  key(row: Row): string;
  /** What makes a drawn row stale (default: the row object itself). */
  version?(row: Row): unknown;
  /** Order of rows when no column sorts them (default: as given or added). */
  order?(a: Row, b: Row): number;
  /** Extra content of a row's details (built when opened). */
  details?(row: Row): Node | null;
  /** Name of the details button, e.g. "Details of call 3". */
  detailsLabel?(row: Row): string;
  /** Classes and data- attributes of a row, e.g. `{ "data-kind": "uncaptured" }`. */
  rowAttributes?(row: Row): Record<string, string>;
  /** Shown instead of the table when there are no rows (none: the owner says it). */
  emptyText?: string;
  /** Column keys kept visible at every width and placed first among the "wide" ones. */
  emphasis?: readonly string[];
  sort?: SortState;
  onSortChange?(sort: SortState): void;
  /** Briefly highlight rows added after the first draw, when only a few arrive at once. */
  markNew?: boolean;
  /** Highlight rows whose object changed (a new object under a key already there), as `markNew`. */
  markChanged?: boolean;
  /** Height guess for rows not drawn yet, px (default 48). */
  estimateRowHeight?: number;
  /** Attributes of the `<table>` element, e.g. `{ "data-table": "users" }`. */
  tableAttributes?: Record<string, string>;
  /**
   * Cards below 26.25rem (default true). Without them every row keeps its columns, and a table
   * narrower than `minWidth` scrolls sideways inside its own box.
   */
  cards?: boolean;
  /** The least width of the rows, e.g. "48rem" (default none). */
  minWidth?: string;
  /**
   * The owner orders the rows (a worker does, or exports must use the same order): a header click
   * only calls `onSortChange` with the next sort, and `setSort` says which sort is shown.
   */
  sortsExternally?: boolean;
  /**
   * Rows held elsewhere (`setRowCount`): called after a draw with the range [from, to) of the rows
   * drawn as placeholders, so the owner can fetch them (`setRowsAt`).
   */
  onRowsNeeded?(from: number, to: number): void;
  /** A placeholder's text (default "Loading…"). */
  pendingText?: string;
}
