/**
 * A table that is redrawn many times a second without rebuilding itself: rows are keyed, a cell's
 * text is written only when it changed, and rows move only when their order did. With 200
 * attendees posting every few seconds, a frame touches the handful of cells that changed, not
 * thousands. Every value goes in as text (names and ids are chosen by attendees).
 */
import { el } from "../../ui/dom.ts";

export interface Cell {
  text: string;
  /** A second, smaller line (an id, an explanation). */
  sub?: string;
  tone?: "flag" | "muted" | "bad";
  /** Full text on hover, when `text` is shortened. */
  title?: string;
}

export interface Column<Row> {
  label: string;
  numeric?: boolean;
  /** Text that may wrap: "long" for explanations, "short" for names and models. */
  wrap?: "long" | "short";
  cell(row: Row): Cell | string;
}

export interface LiveTableOptions<Row> {
  /** Names the table for screen readers (the section heading's id). */
  labelledBy: string;
  columns: readonly Column<Row>[];
  key(row: Row): string;
  emptyText: string;
  /** Briefly highlight rows that appear after the first draw (the live feed). */
  markNew?: boolean;
}

interface CellParts {
  cell: HTMLTableCellElement;
  main: Text;
  sub: HTMLSpanElement;
}

interface RowEntry {
  tr: HTMLTableRowElement;
  cells: CellParts[];
  /** What each cell shows, to skip writes that would change nothing. */
  shown: string[];
}

/** New rows highlighted in one draw at most. */
const MAX_HIGHLIGHTS = 5;

function signature(cell: Cell): string {
  return `${cell.text}\u0001${cell.sub ?? ""}\u0001${cell.tone ?? ""}\u0001${cell.title ?? ""}`;
}

export class LiveTable<Row> {
  readonly #options: LiveTableOptions<Row>;
  readonly #scroll: HTMLElement;
  readonly #tbody: HTMLTableSectionElement;
  readonly #empty: HTMLElement;
  readonly #rows = new Map<string, RowEntry>();
  #drawn = false;

  constructor(host: HTMLElement, options: LiveTableOptions<Row>) {
    this.#options = options;
    this.#tbody = el("tbody");
    const head = el(
      "tr",
      {},
      options.columns.map((column) =>
        el("th", { scope: "col", class: column.numeric ? "wd__num" : "" }, [column.label]),
      ),
    );
    // Focusable, so a keyboard can scroll a long table; a group (not a second landmark inside the
    // section) named by the section heading.
    this.#scroll = el(
      "div",
      { class: "wd__scroll", tabindex: "0", role: "group", "aria-labelledby": options.labelledBy },
      [
        el("table", { class: "wd__table", "aria-labelledby": options.labelledBy }, [
          el("thead", {}, [head]),
          this.#tbody,
        ]),
      ],
    );
    this.#empty = el("p", { class: "wd__empty" }, [options.emptyText]);
    host.replaceChildren(this.#empty, this.#scroll);
    // Neither until the first update: no rows yet is not the same as none.
    this.#empty.hidden = true;
    this.#scroll.hidden = true;
  }

  /** Shows `rows` in this order. */
  update(rows: readonly Row[]): void {
    const { columns, key, markNew } = this.#options;
    const seen = new Set<string>();
    const created: HTMLTableRowElement[] = [];
    let cursor: ChildNode | null = this.#tbody.firstChild;
    for (const row of rows) {
      const id = key(row);
      if (seen.has(id)) continue;
      seen.add(id);
      let entry = this.#rows.get(id);
      if (!entry) {
        entry = this.#createRow();
        created.push(entry.tr);
        this.#rows.set(id, entry);
      }
      columns.forEach((column, index) => {
        const value = column.cell(row);
        const cell = typeof value === "string" ? { text: value } : value;
        const shown = signature(cell);
        if (entry.shown[index] === shown) return;
        entry.shown[index] = shown;
        this.#fill(entry.cells[index]!, cell);
      });
      if (entry.tr === cursor) cursor = cursor.nextSibling;
      else this.#tbody.insertBefore(entry.tr, cursor);
    }
    for (const [id, entry] of this.#rows) {
      if (seen.has(id)) continue;
      entry.tr.remove();
      this.#rows.delete(id);
    }
    // A few new rows are worth a glance; in a flood a highlight on every row is only work.
    if (markNew && this.#drawn && created.length <= MAX_HIGHLIGHTS)
      for (const tr of created) {
        tr.classList.add("wd__row--new");
        tr.addEventListener("animationend", () => tr.classList.remove("wd__row--new"), {
          once: true,
        });
      }
    this.#empty.hidden = rows.length > 0;
    this.#scroll.hidden = rows.length === 0;
    this.#drawn = true;
  }

  /** Forgets every row (a new room): the next draw starts afresh, without "new" highlights. */
  clear(): void {
    this.#tbody.replaceChildren();
    this.#rows.clear();
    this.#drawn = false;
    this.#empty.hidden = true;
    this.#scroll.hidden = true;
  }

  #createRow(): RowEntry {
    const cells = this.#options.columns.map((column, index): CellParts => {
      const classes = [
        column.numeric ? "wd__num" : "",
        column.wrap ? `wd__wrap wd__wrap--${column.wrap}` : "",
      ]
        .filter(Boolean)
        .join(" ");
      // The spans and text node stay for the row's life: an update rewrites text, not elements,
      // which spares the browser restyling the cell.
      const main = document.createTextNode("");
      const sub = el("span", { class: "wd__sub" });
      const cell =
        index === 0 ? el("th", { scope: "row", class: classes }) : el("td", { class: classes });
      cell.append(el("span", { class: "wd__main" }, [main]), sub);
      return { cell, main, sub };
    });
    return {
      tr: el(
        "tr",
        {},
        cells.map((parts) => parts.cell),
      ),
      cells,
      shown: [],
    };
  }

  #fill(parts: CellParts, value: Cell): void {
    const { cell, main, sub } = parts;
    if ((cell.dataset["tone"] ?? "") !== (value.tone ?? "")) {
      if (value.tone) cell.dataset["tone"] = value.tone;
      else delete cell.dataset["tone"];
    }
    if (cell.title !== (value.title ?? "")) cell.title = value.title ?? "";
    if (main.data !== value.text) main.data = value.text;
    const text = value.sub ?? "";
    if (sub.textContent !== text) sub.textContent = text;
    if (sub.hidden !== !text) sub.hidden = !text;
  }
}
