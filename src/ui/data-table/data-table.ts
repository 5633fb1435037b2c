/**
 * One table for every list of the site (the live panel's calls, Cost Drivers' tables, the room
 * dashboard): keyed rows, a column model, sortable headers, totals rows, a details disclosure per
 * row, and virtualization by @tanstack/virtual-core, so 10,000 rows cost what 30 do.
 *
 * Accessibility, with only some rows in the document at a time: the table is an ARIA grid (a
 * treegrid when rows have details, so a row can say it is expanded) with
 * `aria-rowcount` (every row, header and totals included) and `aria-rowindex` on each row drawn.
 * One row is in the tab order (roving tabindex); the arrow keys, Page Up/Down and Home/End move
 * through *all* rows (the table scrolls the row into view and draws it before focusing it); Enter,
 * Space or the right and left arrows open and close its details. A grid, not a plain table,
 * because a screen reader then hands these keys to the table instead of reading only the rows
 * that happen to be drawn. Nothing needs a mouse: the details button each row shows is the same
 * action as Enter.
 *
 * Layout follows the table's own width (container queries in data-table.css), not the viewport:
 * from 37.5rem every column; from 26.25rem the columns placed "wide" move into the details
 * (emphasised ones stay); below that each row is a card.
 *
 * Rows are kept by key: an update redraws only the rows whose key is new or whose version
 * changed, and only if they are drawn at all. A table may also stand for rows held elsewhere (Cost
 * Drivers' worker): `setRowCount` says how many there are, `onRowsNeeded` asks for those in view
 * and `setRowsAt` hands them over; until then a row is drawn as a placeholder of its own.
 *
 * This file is the table's API and state (sort, open details, highlights, keyboard); the parts
 * are columns.ts (the column model), keyed-rows.ts (the rows by key), row-markup.ts (the rows'
 * elements) and row-window.ts (the rows in view, the virtualizer, the row in the tab order).
 */
import { el, uniqueId } from "../dom.ts";
import {
  arrangeColumns,
  gridTrack,
  nextSort,
  rowComparator,
  type Compare,
  type DataColumn,
  type SortState,
} from "./columns.ts";
import { KeyedRows, PENDING } from "./keyed-rows.ts";
import type { DataTableOptions } from "./options.ts";
import { bodyRowIndex, HEADER_ROWS, RowMarkup } from "./row-markup.ts";
import { RowWindow } from "./row-window.ts";
import "./data-table.css";

export type { DataTableOptions } from "./options.ts";

/** Rows highlighted in one update at most: in a flood a highlight on every row is only work. */
const MARK_NEW_AT_MOST = 5;

export class DataTable<Row> {
  readonly element: HTMLElement;
  readonly #options: DataTableOptions<Row>;
  readonly #columns: DataColumn<Row>[];
  readonly #markup: RowMarkup<Row>;
  readonly #scroller: HTMLElement;
  readonly #table: HTMLTableElement;
  readonly #head: HTMLTableSectionElement;
  readonly #foot: HTMLTableSectionElement;
  readonly #empty: HTMLElement | null;
  readonly #window: RowWindow<Row>;
  readonly #captionNote: HTMLElement | null;

  readonly #rows: KeyedRows<Row>;
  #open = new Set<string>();
  #footer: Row[] = [];
  #sort: SortState | undefined;
  #drawnOnce = false;
  #fresh = new Set<string>();
  #destroyed = false;

  constructor(host: HTMLElement, options: DataTableOptions<Row>) {
    this.#options = options;
    this.#rows = new KeyedRows(options.key);
    this.#sort = options.sort;
    const cards = options.cards ?? true;
    this.#columns = arrangeColumns(options.columns, options.emphasis ?? []);
    const gridColumns = this.#columns.filter((column) => column.placement !== "details");
    const detailColumns = this.#columns.filter(
      (column) => column.placement === "details" || column.placement === "wide",
    );
    this.#markup = new RowMarkup(options, gridColumns, detailColumns, cards);

    this.#head = el("thead", { role: "rowgroup", class: "payi-dt__head" }, [
      this.#markup.headerRow(this.#sort),
    ]);
    const body = el("tbody", { role: "rowgroup", class: "payi-dt__body" });
    this.#foot = el("tfoot", { role: "rowgroup", class: "payi-dt__foot" });
    const labelled: Record<string, string> = {};
    let caption: HTMLElement | null = null;
    this.#captionNote = null;
    if (options.caption) {
      const id = uniqueId("payi-dt-caption");
      // The order, said with the table's name: aria-sort alone is announced only on the header.
      this.#captionNote = el("span", { class: "payi-dt__sr" });
      caption = el("caption", { id, class: "payi-dt__caption" }, [
        options.caption,
        this.#captionNote,
      ]);
      labelled["aria-labelledby"] = id;
    } else if (options.labelledBy) labelled["aria-labelledby"] = options.labelledBy;
    // Rows with details are expandable rows: a treegrid (aria-expanded on a row needs one).
    const role = this.#markup.hasDetails ? "treegrid" : "grid";
    this.#table = el(
      "table",
      { ...options.tableAttributes, class: "payi-dt__table", role, ...labelled },
      [caption, this.#head, body, this.#foot],
    );
    if (options.minWidth) this.#table.style.minWidth = options.minWidth;
    this.#describeSort();
    this.#table.style.setProperty("--payi-dt-grid-full", gridTrack(gridColumns));
    this.#table.style.setProperty(
      "--payi-dt-grid-compact",
      gridTrack(gridColumns.filter((column) => column.placement !== "wide")),
    );
    this.#scroller = el("div", { class: "payi-dt__scroll" }, [this.#table]);
    this.#empty = options.emptyText
      ? el("p", { class: "payi-dt__empty" }, [options.emptyText])
      : null;
    this.element = el("div", { class: cards ? "payi-dt" : "payi-dt payi-dt--no-cards" }, [
      this.#empty,
      this.#scroller,
    ]);
    host.append(this.element);

    this.#window = new RowWindow(
      { scroller: this.#scroller, caption, head: this.#head, body },
      {
        rows: this.#rows,
        version: (row) => (options.version ? options.version(row) : row),
        build: (row, index) => this.#buildRow(row, index, 0),
        buildPending: (index) => this.#markup.pending(PENDING + index, index, bodyRowIndex(index)),
        drawn: () => {
          this.#drawnOnce ||= this.#rows.length > 0;
          // Rows marked but not drawn now are not highlighted later, when scrolled to.
          this.#fresh.clear();
        },
        rowsNeeded: (from, to) => options.onRowsNeeded?.(from, to),
        estimateRowHeight: options.estimateRowHeight ?? 48,
      },
    );

    this.#table.addEventListener("keydown", this.#onKey);
    this.#table.addEventListener("click", this.#onClick);
    this.#table.addEventListener("focusin", this.#onFocusIn);
    this.#update();
  }

  /** Rows in the table. */
  get rowCount(): number {
    return this.#rows.length;
  }

  /** Rows drawn in the document right now (a window of `rowCount`). */
  get drawnCount(): number {
    return this.#window.drawnCount;
  }

  /** Replaces every row (in this order unless a column or `order` sorts them). */
  setRows(rows: readonly Row[]): void {
    this.#rows.replace(rows, (key, row) => this.#markFresh(key, row));
    this.#sortRows();
    this.#afterReplace();
    this.#update();
  }

  /**
   * Stands for `count` rows held elsewhere, in the owner's order; `rows` are those from `start`
   * on, if some are at hand. The others are drawn as placeholders until `setRowsAt` brings them
   * (`onRowsNeeded` asks). Rows already drawn under the same key and version are kept, and so is
   * the scroll position.
   */
  setRowCount(count: number, start = 0, rows: readonly Row[] = []): void {
    this.#rows.reserve(count);
    this.#window.reportAgain();
    this.#fill(start, rows);
    this.#afterReplace();
    this.#update();
  }

  /** Rows from `start` on, of those `setRowCount` stands for. */
  setRowsAt(start: number, rows: readonly Row[]): void {
    if (this.#fill(start, rows)) this.#update();
  }

  /** Puts `rows` in place from `start`; true when any was missing or different. */
  #fill(start: number, rows: readonly Row[]): boolean {
    return this.#rows.fill(start, rows, (index, key) => this.#window.filled(index, key));
  }

  /** After the rows were replaced: forget details and focus of rows that are gone. */
  #afterReplace(): void {
    for (const key of this.#open) if (!this.#rows.has(key)) this.#open.delete(key);
  }

  /** Notes a row to highlight when it is next drawn: new after the first draw, or changed. */
  #markFresh(key: string, row: Row): void {
    if (!this.#drawnOnce) return;
    const old = this.#rows.get(key);
    if (old === undefined ? this.#options.markNew : old !== row && this.#options.markChanged)
      this.#fresh.add(key);
  }

  /** Shows `sort` as the table's order (and, unless the owner sorts, sorts by it). */
  setSort(sort: SortState): void {
    if (this.#sort?.key === sort.key && this.#sort.direction === sort.direction) return;
    this.#sort = sort;
    const refocus = this.#head.contains(document.activeElement);
    this.#head.replaceChildren(this.#markup.headerRow(this.#sort));
    if (refocus) this.#head.querySelector<HTMLElement>(`[data-sort="${sort.key}"]`)?.focus();
    this.#describeSort();
    if (this.#options.sortsExternally) return;
    this.#sortRows();
    this.#update();
  }

  #describeSort(): void {
    if (!this.#captionNote) return;
    const sort = this.#sort;
    const column = sort && this.#columns.find((c) => c.key === sort.key);
    const text = column ? `, sorted by ${column.header}, ${sort.direction}` : "";
    if (this.#captionNote.textContent !== text) this.#captionNote.textContent = text;
  }

  /**
   * Adds rows, or replaces those whose key is already there, each in its place: cheap for the
   * common case of rows arriving in order (a stream of calls).
   */
  upsert(rows: readonly Row[]): void {
    const compare = this.#comparator();
    for (const row of rows) {
      const key = this.#options.key(row);
      this.#markFresh(key, row);
      this.#rows.put(key, row, compare);
    }
    this.#update();
  }

  /** Totals rows under the body, always drawn. */
  setFooter(rows: readonly Row[]): void {
    this.#footer = [...rows];
    this.#foot.replaceChildren(...this.#footer.map((row, i) => this.#buildRow(row, -1, i)));
    this.#setRowCount();
  }

  /** Empties the table (a new run). */
  clear(): void {
    this.#rows.clear();
    this.#open.clear();
    this.#fresh.clear();
    this.#drawnOnce = false;
    this.#window.reset();
    this.#update();
  }

  /** Moves keyboard focus to row `index` (0-based), scrolling it into view. */
  focusRow(index: number): void {
    if (this.#rows.length === 0) return;
    this.#window.focus(Math.max(0, Math.min(this.#rows.length - 1, index)));
  }

  /** Opens or closes a row's details. */
  toggleDetails(key: string, open = !this.#open.has(key)): void {
    const row = this.#rows.get(key);
    if (row === undefined) return;
    if (open) this.#open.add(key);
    else this.#open.delete(key);
    const tr = this.#window.drawnRow(key);
    if (tr) this.#markup.showDetails(tr, row, open);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#window.destroy();
    this.#table.removeEventListener("keydown", this.#onKey);
    this.#table.removeEventListener("click", this.#onClick);
    this.#table.removeEventListener("focusin", this.#onFocusIn);
    this.element.remove();
  }

  #comparator(): Compare<Row> | undefined {
    if (this.#options.sortsExternally) return undefined;
    return rowComparator(this.#columns, this.#sort, this.#options.order);
  }

  #sortRows(): void {
    if (this.#options.sortsExternally) return;
    const compare = this.#comparator();
    if (compare) this.#rows.sort(compare);
  }

  #setRowCount(): void {
    const count = String(HEADER_ROWS + this.#rows.length + this.#footer.length);
    // Set only when it changes: any attribute written, even unchanged, invalidates style.
    if (this.#table.getAttribute("aria-rowcount") !== count)
      this.#table.setAttribute("aria-rowcount", count);
  }

  /** After the rows changed: the empty state, counts, then the drawn window. */
  #update(): void {
    if (this.#destroyed) return;
    if (this.#fresh.size > MARK_NEW_AT_MOST) this.#fresh.clear();
    const empty = this.#rows.length === 0;
    if (this.#empty) {
      this.#empty.hidden = !empty;
      this.#scroller.hidden = empty;
    }
    this.#setRowCount();
    this.#window.update();
  }

  #setSort(key: string): void {
    const column = this.#columns.find((c) => c.key === key);
    if (!column?.sortValue && !column?.sortable) return;
    const next = nextSort(this.#sort, column);
    if (this.#options.sortsExternally) {
      // The owner sorts, then shows the sort it used (setSort).
      this.#options.onSortChange?.(next);
      return;
    }
    this.setSort(next);
    this.#head.querySelector<HTMLElement>(`[data-sort="${key}"]`)?.focus();
    this.#options.onSortChange?.(next);
  }

  /** A body row (`index` >= 0) or a totals row (`index` -1, `footIndex` its place). */
  #buildRow(row: Row, index: number, footIndex: number): HTMLTableRowElement {
    const key = this.#options.key(row);
    const body = index >= 0;
    return this.#markup.row(row, key, {
      index: body ? index : undefined,
      rowIndex: bodyRowIndex(body ? index : this.#rows.length + footIndex),
      fresh: this.#fresh.delete(key),
      open: this.#open.has(key),
    });
  }

  readonly #onKey = (event: KeyboardEvent): void => {
    const tr = this.#window.rowOf(event.target);
    if (!tr || event.altKey || event.metaKey) return;
    const key = tr.dataset["key"] as string;
    const index = Number(tr.dataset["index"]);
    const moves: Record<string, () => number> = {
      ArrowDown: () => index + 1,
      ArrowUp: () => index - 1,
      PageDown: () => index + this.#window.pageSize(),
      PageUp: () => index - this.#window.pageSize(),
      Home: () => 0,
      End: () => this.#rows.length - 1,
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      this.focusRow(move());
      return;
    }
    if (!this.#markup.hasDetails) return;
    const open = this.#open.has(key);
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.toggleDetails(key, !open);
    } else if (event.key === "ArrowRight" && !open) {
      event.preventDefault();
      this.toggleDetails(key, true);
    } else if (event.key === "ArrowLeft" && open) {
      event.preventDefault();
      this.toggleDetails(key, false);
    }
  };

  readonly #onClick = (event: MouseEvent): void => {
    const sort = (event.target as Element).closest<HTMLElement>("[data-sort]");
    if (sort && this.#head.contains(sort)) {
      this.#setSort(sort.dataset["sort"] as string);
      return;
    }
    const tr = this.#window.rowOf(event.target);
    if (!tr) return;
    const key = tr.dataset["key"] as string;
    if ((event.target as Element).closest(".payi-dt__toggle")) this.toggleDetails(key);
    this.#window.activate(key);
  };

  /** Whatever put focus on a row (a click, a screen reader), it becomes the row in the tab order. */
  readonly #onFocusIn = (event: FocusEvent): void => {
    const tr = this.#window.rowOf(event.target);
    const key = tr?.dataset["key"];
    if (key !== undefined) this.#window.adopt(key);
  };
}

/** Renders a data table into `host` (appended; the caller owns `host`). */
export function createDataTable<Row>(
  host: HTMLElement,
  options: DataTableOptions<Row>,
): DataTable<Row> {
  return new DataTable(host, options);
}
