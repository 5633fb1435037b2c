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
 */
import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type VirtualItem,
} from "@tanstack/virtual-core";
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
import { RowMarkup } from "./row-markup.ts";
import "./data-table.css";

export type { DataTableOptions } from "./options.ts";

interface RowView {
  tr: HTMLTableRowElement;
  version: unknown;
  index: number;
}

const HEADER_ROWS = 1;
/** Rows highlighted in one update at most: in a flood a highlight on every row is only work. */
const MARK_NEW_AT_MOST = 5;

/**
 * Sets a row's tabindex only when it changes (an attribute written, even unchanged, invalidates
 * style). Compared as the attribute: a row without one also reads `tabIndex` -1, but cannot be
 * focused.
 */
function setTabIndex(tr: HTMLTableRowElement, tabIndex: 0 | -1): void {
  if (tr.getAttribute("tabindex") !== String(tabIndex)) tr.tabIndex = tabIndex;
}

export class DataTable<Row> {
  readonly element: HTMLElement;
  readonly #options: DataTableOptions<Row>;
  readonly #columns: DataColumn<Row>[];
  readonly #markup: RowMarkup<Row>;
  readonly #scroller: HTMLElement;
  readonly #table: HTMLTableElement;
  readonly #head: HTMLTableSectionElement;
  readonly #body: HTMLTableSectionElement;
  readonly #foot: HTMLTableSectionElement;
  readonly #empty: HTMLElement | null;
  readonly #virtualizer: Virtualizer<HTMLElement, HTMLTableRowElement>;
  readonly #cleanup: () => void;
  readonly #headObserver: ResizeObserver;
  readonly #captionNote: HTMLElement | null;

  readonly #rows: KeyedRows<Row>;
  #views = new Map<string, RowView>();
  #open = new Set<string>();
  #footer: Row[] = [];
  #sort: SortState | undefined;
  /** The row in the tab order (key), and whether the next draw should focus it. */
  #active: string | undefined;
  #focusActive = false;
  #drawnOnce = false;
  #fresh = new Set<string>();
  #destroyed = false;
  /** Whether the list has been placed below a header that has its size (see `#update`). */
  #headMeasured = false;
  #drawing = false;
  #redraw = false;
  /** Placeholders drawn by the last draw, [from, to); and the last range reported. */
  #missing: [number, number] | null = null;
  #reported = "";

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
    this.#body = el("tbody", { role: "rowgroup", class: "payi-dt__body" });
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
      [caption, this.#head, this.#body, this.#foot],
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

    this.#virtualizer = new Virtualizer<HTMLElement, HTMLTableRowElement>({
      count: 0,
      getScrollElement: () => this.#scroller,
      estimateSize: () => options.estimateRowHeight ?? 48,
      getItemKey: (index) => this.#rows.keyAt(index),
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      overscan: 6,
      // Sizes come from the ResizeObserver the virtualizer puts on each drawn row, after layout.
      // The default also reads a new row's size right after it is drawn, which forces a
      // synchronous layout in the middle of the frame; until the observer reports, a new row
      // keeps the size it had (or the estimate).
      measureElement: (element, entry, instance) => {
        const box = entry?.borderBoxSize?.[0];
        if (box) return Math.round(box.blockSize);
        const index = instance.indexFromElement(element);
        const size = instance.itemSizeCache.get(instance.options.getItemKey(index));
        return size ?? instance.options.estimateSize(index);
      },
      // Measuring rows while drawing them reports changes: draw again once, after this draw.
      onChange: () => this.#requestDraw(),
    });
    // A row that grows (measured, or its details opened) moves the view only when the row lies
    // wholly above it; the default also moved it for the rows at the top of an unscrolled list.
    this.#virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, instance) => {
      const offset = instance.scrollOffset ?? 0;
      return item.start < offset && item.end <= offset;
    };
    this.#cleanup = this.#virtualizer._didMount();
    this.#virtualizer._willUpdate();
    // The list starts below the caption and header, inside the same scrolling box; read when
    // they change size, not on every draw (a read there would force a layout each frame).
    this.#headObserver = new ResizeObserver(() => this.#measureHead());
    this.#headObserver.observe(this.#head);
    if (caption) this.#headObserver.observe(caption);

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
    return this.#views.size;
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
    this.#reported = "";
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
    return this.#rows.fill(start, rows, (index, key) => {
      // The placeholder in the tab order becomes the row it stood for (focus follows it).
      if (this.#active === PENDING + index) this.#active = key;
    });
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
    this.#active = undefined;
    this.#drawnOnce = false;
    this.#virtualizer.scrollToOffset(0);
    this.#update();
  }

  /** Moves keyboard focus to row `index` (0-based), scrolling it into view. */
  focusRow(index: number): void {
    if (this.#rows.length === 0) return;
    const at = Math.max(0, Math.min(this.#rows.length - 1, index));
    this.#active = this.#rows.keyAt(at);
    this.#focusActive = true;
    this.#virtualizer.scrollToIndex(at, { align: "auto" });
    this.#draw();
  }

  /** Opens or closes a row's details. */
  toggleDetails(key: string, open = !this.#open.has(key)): void {
    const row = this.#rows.get(key);
    if (row === undefined) return;
    if (open) this.#open.add(key);
    else this.#open.delete(key);
    const view = this.#views.get(key);
    if (view) this.#markup.showDetails(view.tr, row, open);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#cleanup();
    this.#headObserver.disconnect();
    this.#table.removeEventListener("keydown", this.#onKey);
    this.#table.removeEventListener("click", this.#onClick);
    this.#table.removeEventListener("focusin", this.#onFocusIn);
    this.element.remove();
    this.#views.clear();
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

  /** After the rows changed: counts, the virtualizer, then the drawn window. */
  #update(): void {
    if (this.#destroyed) return;
    if (this.#fresh.size > MARK_NEW_AT_MOST) this.#fresh.clear();
    const empty = this.#rows.length === 0;
    if (this.#empty) {
      this.#empty.hidden = !empty;
      this.#scroller.hidden = empty;
    }
    this.#setRowCount();
    // The first rows: place the list below the header now rather than when the ResizeObserver
    // reports the header a frame later, which would work out every row's position a second time
    // (50,000 of them in Cost Drivers' Calls tab).
    if (!this.#headMeasured && this.#rows.length > 0 && this.element.isConnected)
      this.#placeBelowHead();
    this.#virtualizer.setOptions({ ...this.#virtualizer.options, count: this.#rows.length });
    this.#draw();
  }

  #measureHead(): void {
    if (this.#destroyed) return;
    if (this.#placeBelowHead()) this.#draw();
  }

  /** Starts the list below the caption and header (not drawn here); true when that moved it. */
  #placeBelowHead(): boolean {
    const margin = this.#body.offsetTop;
    // A hidden table has no header size yet: measured again when it shows.
    this.#headMeasured = this.#head.offsetHeight > 0;
    const options = this.#virtualizer.options;
    if (options.scrollMargin === margin && options.scrollPaddingStart === this.#head.offsetHeight)
      return false;
    this.#virtualizer.setOptions({
      ...options,
      scrollMargin: margin,
      scrollPaddingStart: this.#head.offsetHeight,
    });
    return true;
  }

  #requestDraw(): void {
    if (this.#drawing) this.#redraw = true;
    else this.#draw();
  }

  /** Draws the rows in view (and the focused one), reusing those already drawn. */
  #draw(): void {
    if (this.#destroyed) return;
    this.#drawing = true;
    try {
      let passes = 0;
      do {
        this.#redraw = false;
        this.#drawOnce();
        passes += 1;
      } while (this.#redraw && passes < 3);
    } finally {
      this.#drawing = false;
      // Rows marked but not drawn now are not highlighted later, when scrolled to.
      this.#fresh.clear();
    }
    this.#reportMissing();
  }

  #reportMissing(): void {
    const missing = this.#missing;
    const report = missing ? `${missing[0]}-${missing[1]}-${this.#rows.length}` : "";
    if (report === this.#reported) return;
    this.#reported = report;
    if (missing) this.#options.onRowsNeeded?.(missing[0], missing[1]);
  }

  #drawOnce(): void {
    const virtualizer = this.#virtualizer;
    const margin = virtualizer.options.scrollMargin;
    const items: VirtualItem[] = virtualizer.getVirtualItems();
    const height = `${virtualizer.getTotalSize()}px`;
    if (this.#body.style.height !== height) this.#body.style.height = height;

    let activeAt = this.#active === undefined ? -1 : this.#rows.indexOfKey(this.#active);
    if (activeAt < 0) {
      activeAt = 0;
      this.#active = this.#rows.length > 0 ? this.#rows.keyAt(0) : undefined;
    }
    const wanted = new Map<string, number>();
    let missingFrom = Infinity;
    let missingTo = -Infinity;
    for (const item of items) {
      wanted.set(String(item.key), item.index);
      if (this.#rows.at(item.index) === undefined) {
        missingFrom = Math.min(missingFrom, item.index);
        missingTo = Math.max(missingTo, item.index + 1);
      }
    }
    this.#missing = missingTo > missingFrom ? [missingFrom, missingTo] : null;
    // The focused row stays drawn wherever it is, or focus would fall back to the page.
    if (this.#active !== undefined && !wanted.has(this.#active)) wanted.set(this.#active, activeAt);
    const focused = document.activeElement;
    for (const [key, view] of this.#views) {
      if (wanted.has(key) && this.#rows.indexOfKey(key) >= 0) continue;
      // A focused row that goes (a placeholder filled in) hands focus to the row now active.
      if (view.tr.contains(focused)) this.#focusActive = true;
      view.tr.remove();
      this.#views.delete(key);
    }
    const ordered = [...wanted].sort((a, b) => a[1] - b[1]);
    let previous: HTMLTableRowElement | null = null;
    const measure: HTMLTableRowElement[] = [];
    for (const [key, index] of ordered) {
      const row = this.#rows.at(index);
      const version =
        row === undefined ? PENDING : this.#options.version ? this.#options.version(row) : row;
      let view = this.#views.get(key);
      if (!view || view.version !== version) {
        const tr =
          row === undefined
            ? this.#markup.pending(PENDING + index, index, index + HEADER_ROWS + 1)
            : this.#buildRow(row, index, 0);
        if (view?.tr.contains(focused)) this.#focusActive = true;
        if (view) view.tr.replaceWith(tr);
        view = { tr, version, index };
        this.#views.set(key, view);
        measure.push(tr);
      }
      if (view.index !== index || view.tr.dataset["index"] !== String(index)) {
        view.index = index;
        view.tr.dataset["index"] = String(index);
        view.tr.setAttribute("aria-rowindex", String(index + HEADER_ROWS + 1));
      }
      const start = (virtualizer.measurementsCache[index]?.start ?? 0) - margin;
      const transform = `translateY(${start}px)`;
      if (view.tr.style.transform !== transform) view.tr.style.transform = transform;
      setTabIndex(view.tr, key === this.#active ? 0 : -1);
      // Document order is row order: reading order and Tab follow the table.
      const expected: ChildNode | null = previous ? previous.nextSibling : this.#body.firstChild;
      if (expected !== view.tr) this.#body.insertBefore(view.tr, expected);
      previous = view.tr;
    }
    this.#drawnOnce ||= this.#rows.length > 0;
    for (const tr of measure) virtualizer.measureElement(tr);
    if (this.#focusActive && this.#active !== undefined) {
      this.#focusActive = false;
      this.#views.get(this.#active)?.tr.focus({ preventScroll: true });
    }
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
      rowIndex: body ? index + HEADER_ROWS + 1 : HEADER_ROWS + this.#rows.length + footIndex + 1,
      fresh: this.#fresh.delete(key),
      open: this.#open.has(key),
    });
  }

  #rowOf(target: EventTarget | null): HTMLTableRowElement | null {
    const tr = (target as Element | null)?.closest?.<HTMLTableRowElement>("tr.payi-dt__row");
    return tr && tr.parentElement === this.#body ? tr : null;
  }

  /** Rows that fit in the scrolling box, for Page Up and Page Down. */
  #pageSize(): number {
    const visible = this.#scroller.clientHeight - this.#head.offsetHeight;
    const drawn = [...this.#views.values()];
    const average =
      drawn.reduce((sum, view) => sum + view.tr.offsetHeight, 0) / Math.max(1, drawn.length) ||
      (this.#options.estimateRowHeight ?? 48);
    return Math.max(1, Math.floor(visible / average) - 1);
  }

  readonly #onKey = (event: KeyboardEvent): void => {
    const tr = this.#rowOf(event.target);
    if (!tr || event.altKey || event.metaKey) return;
    const key = tr.dataset["key"] as string;
    const index = Number(tr.dataset["index"]);
    const moves: Record<string, () => number> = {
      ArrowDown: () => index + 1,
      ArrowUp: () => index - 1,
      PageDown: () => index + this.#pageSize(),
      PageUp: () => index - this.#pageSize(),
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
    const tr = this.#rowOf(event.target);
    if (!tr) return;
    const key = tr.dataset["key"] as string;
    if ((event.target as Element).closest(".payi-dt__toggle")) this.toggleDetails(key);
    if (this.#active !== key) {
      this.#active = key;
      this.#draw();
    }
  };

  /** Whatever put focus on a row (a click, a screen reader), it becomes the row in the tab order. */
  readonly #onFocusIn = (event: FocusEvent): void => {
    const tr = this.#rowOf(event.target);
    const key = tr?.dataset["key"];
    if (key === undefined || key === this.#active) return;
    this.#active = key;
    for (const [k, view] of this.#views) setTabIndex(view.tr, k === key ? 0 : -1);
  };
}

/** Renders a data table into `host` (appended; the caller owns `host`). */
export function createDataTable<Row>(
  host: HTMLElement,
  options: DataTableOptions<Row>,
): DataTable<Row> {
  return new DataTable(host, options);
}
