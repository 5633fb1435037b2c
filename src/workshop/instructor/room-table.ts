import type { DataColumn } from "../../ui/data-table/columns.ts";
import { DataTable, type DataTableOptions } from "../../ui/data-table/data-table.ts";
import { shownText } from "./room-columns.ts";

/**
 * One of the room's tables: a DataTable without cards (a row keeps its columns and the table
 * scrolls sideways, as a projector audience reads across), hidden until the room's first snapshot
 * (no rows yet is not the same as none), and redrawn by what its rows show (`shownText`): "12 s
 * ago" moves on with the clock although the row's data did not.
 */
export class RoomTable<Row> {
  readonly #table: DataTable<Row>;

  constructor(
    host: HTMLElement,
    columns: DataColumn<Row>[],
    options: Omit<DataTableOptions<Row>, "columns">,
  ) {
    this.#table = new DataTable(host, {
      ...options,
      columns,
      version: shownText(columns),
      cards: false,
      estimateRowHeight: 40,
    });
    this.#table.element.classList.add("wd__table");
    this.#table.element.hidden = true;
  }

  /** Shows `rows`, in this order unless the instructor sorts by a column. */
  show(rows: readonly Row[]): void {
    this.#table.setRows(rows);
    this.#table.element.hidden = false;
  }

  /** Forgets every row (another room): the next rows arrive without "new" highlights. */
  clear(): void {
    this.#table.clear();
    this.#table.element.hidden = true;
  }
}
