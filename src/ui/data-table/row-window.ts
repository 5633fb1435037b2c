/**
 * The data table's body as a window onto its rows: @tanstack/virtual-core works out which rows
 * are in view, and only those, and the row in the tab order, are in the document. A drawn row is
 * kept while its key and version stay the same. One row is in the tab order (roving tabindex);
 * the table (data-table.ts) says which, and this draws it, scrolls to it and focuses it.
 */
import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type VirtualItem,
} from "@tanstack/virtual-core";
import { PENDING, type KeyedRows } from "./keyed-rows.ts";
import { bodyRowIndex } from "./row-markup.ts";

/** The table's rows and how to draw them. */
export interface WindowSource<Row> {
  readonly rows: KeyedRows<Row>;
  /** What makes a drawn row stale. */
  version(row: Row): unknown;
  /** Body row `index`. */
  build(row: Row, index: number): HTMLTableRowElement;
  /** The placeholder of the row at `index`, not received yet. */
  buildPending(index: number): HTMLTableRowElement;
  /** After each draw. */
  drawn(): void;
  /** Placeholders were drawn for the rows [from, to): the owner fetches them. */
  rowsNeeded?(from: number, to: number): void;
  /** Height guess for rows not drawn yet, px. */
  estimateRowHeight: number;
}

/** The table's elements the window works in. */
export interface WindowParts {
  scroller: HTMLElement;
  caption: HTMLElement | null;
  head: HTMLTableSectionElement;
  body: HTMLTableSectionElement;
}

interface RowView {
  tr: HTMLTableRowElement;
  version: unknown;
  index: number;
}

/**
 * Sets a row's tabindex only when it changes (an attribute written, even unchanged, invalidates
 * style). Compared as the attribute: a row without one also reads `tabIndex` -1, but cannot be
 * focused.
 */
function setTabIndex(tr: HTMLTableRowElement, tabIndex: 0 | -1): void {
  if (tr.getAttribute("tabindex") !== String(tabIndex)) tr.tabIndex = tabIndex;
}

export class RowWindow<Row> {
  readonly #source: WindowSource<Row>;
  readonly #rows: KeyedRows<Row>;
  readonly #scroller: HTMLElement;
  readonly #head: HTMLTableSectionElement;
  readonly #body: HTMLTableSectionElement;
  readonly #virtualizer: Virtualizer<HTMLElement, HTMLTableRowElement>;
  readonly #cleanup: () => void;
  readonly #headObserver: ResizeObserver;

  #views = new Map<string, RowView>();
  /** The row in the tab order (key), and whether the next draw should focus it. */
  #active: string | undefined;
  #focusActive = false;
  #destroyed = false;
  /** Whether the list has been placed below a header that has its size (see `update`). */
  #headMeasured = false;
  #drawing = false;
  #redraw = false;
  /** Placeholders drawn by the last draw, [from, to); and the last range reported. */
  #missing: [number, number] | null = null;
  #reported = "";

  constructor(parts: WindowParts, source: WindowSource<Row>) {
    this.#source = source;
    this.#rows = source.rows;
    this.#scroller = parts.scroller;
    this.#head = parts.head;
    this.#body = parts.body;
    this.#virtualizer = new Virtualizer<HTMLElement, HTMLTableRowElement>({
      count: 0,
      getScrollElement: () => this.#scroller,
      estimateSize: () => source.estimateRowHeight,
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
    if (parts.caption) this.#headObserver.observe(parts.caption);
  }

  /** Rows in the document right now. */
  get drawnCount(): number {
    return this.#views.size;
  }

  /** The drawn row of `key`, if it is drawn. */
  drawnRow(key: string): HTMLTableRowElement | undefined {
    return this.#views.get(key)?.tr;
  }

  /** The drawn body row `target` is in. */
  rowOf(target: EventTarget | null): HTMLTableRowElement | null {
    const tr = (target as Element | null)?.closest?.<HTMLTableRowElement>("tr.payi-dt__row");
    return tr && tr.parentElement === this.#body ? tr : null;
  }

  /** After the rows changed: the virtualizer's count, then the drawn window. */
  update(): void {
    // The first rows: place the list below the header now rather than when the ResizeObserver
    // reports the header a frame later, which would work out every row's position a second time
    // (50,000 of them in Cost Drivers' Calls tab).
    if (!this.#headMeasured && this.#rows.length > 0 && this.#body.isConnected)
      this.#placeBelowHead();
    this.#virtualizer.setOptions({ ...this.#virtualizer.options, count: this.#rows.length });
    this.draw();
  }

  /** Puts row `index` (in range) in the tab order, scrolls to it and focuses it. */
  focus(index: number): void {
    this.#active = this.#rows.keyAt(index);
    this.#focusActive = true;
    this.#virtualizer.scrollToIndex(index, { align: "auto" });
    this.draw();
  }

  /** Puts the row of `key` in the tab order (a click on it). */
  activate(key: string): void {
    if (this.#active === key) return;
    this.#active = key;
    this.draw();
  }

  /** Whatever put focus on a row (a screen reader), it becomes the row in the tab order. */
  adopt(key: string): void {
    if (key === this.#active) return;
    this.#active = key;
    for (const [k, view] of this.#views) setTabIndex(view.tr, k === key ? 0 : -1);
  }

  /** The placeholder at `index` got its row, keyed `key`: if it was in the tab order, that is. */
  filled(index: number, key: string): void {
    // Focus follows it at the next draw.
    if (this.#active === PENDING + index) this.#active = key;
  }

  /** No row in the tab order, scrolled to the top (the table was emptied). */
  reset(): void {
    this.#active = undefined;
    this.#virtualizer.scrollToOffset(0);
  }

  /** The next draw reports the placeholders in view even if it reported the same ones last. */
  reportAgain(): void {
    this.#reported = "";
  }

  /** Rows that fit in the scrolling box, for Page Up and Page Down. */
  pageSize(): number {
    const visible = this.#scroller.clientHeight - this.#head.offsetHeight;
    const drawn = [...this.#views.values()];
    const average =
      drawn.reduce((sum, view) => sum + view.tr.offsetHeight, 0) / Math.max(1, drawn.length) ||
      this.#source.estimateRowHeight;
    return Math.max(1, Math.floor(visible / average) - 1);
  }

  /** Draws the rows in view (and the focused one), reusing those already drawn. */
  draw(): void {
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
      this.#source.drawn();
    }
    this.#reportMissing();
  }

  destroy(): void {
    this.#destroyed = true;
    this.#cleanup();
    this.#headObserver.disconnect();
    this.#views.clear();
  }

  #measureHead(): void {
    if (this.#destroyed) return;
    if (this.#placeBelowHead()) this.draw();
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
    else this.draw();
  }

  #reportMissing(): void {
    const missing = this.#missing;
    const report = missing ? `${missing[0]}-${missing[1]}-${this.#rows.length}` : "";
    if (report === this.#reported) return;
    this.#reported = report;
    if (missing) this.#source.rowsNeeded?.(missing[0], missing[1]);
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
      const version = row === undefined ? PENDING : this.#source.version(row);
      let view = this.#views.get(key);
      if (!view || view.version !== version) {
        const tr =
          row === undefined ? this.#source.buildPending(index) : this.#source.build(row, index);
        if (view?.tr.contains(focused)) this.#focusActive = true;
        if (view) view.tr.replaceWith(tr);
        view = { tr, version, index };
        this.#views.set(key, view);
        measure.push(tr);
      }
      if (view.index !== index || view.tr.dataset["index"] !== String(index)) {
        view.index = index;
        view.tr.dataset["index"] = String(index);
        view.tr.setAttribute("aria-rowindex", String(bodyRowIndex(index)));
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
    for (const tr of measure) virtualizer.measureElement(tr);
    if (this.#focusActive && this.#active !== undefined) {
      this.#focusActive = false;
      this.#views.get(this.#active)?.tr.focus({ preventScroll: true });
    }
  }
}
