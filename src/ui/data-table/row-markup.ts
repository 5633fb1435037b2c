/**
 * The data table's rows as elements: the header row with its sort buttons, a body or totals row
 * with its cells and details disclosure, and the placeholder of a row not received yet. It only
 * builds them; which rows are drawn, and where, is the table's job (data-table.ts).
 */
import { el, uniqueId } from "../dom.ts";
import { cellClass, fillCell, type DataColumn, type SortState } from "./columns.ts";
import type { DataTableOptions } from "./options.ts";

/** Rows above the body: the header row. */
export const HEADER_ROWS = 1;

/** The `aria-rowindex` of body row `index`: its place among all rows, from 1. */
export function bodyRowIndex(index: number): number {
  return index + HEADER_ROWS + 1;
}

/** Where a row goes and how it shows. */
export interface RowPlace {
  /** Its place among the body rows, from 0; `undefined` for a totals row (no details). */
  index: number | undefined;
  /** Its `aria-rowindex`: the place among all rows, header and totals included, from 1. */
  rowIndex: number;
  /** Highlighted as new or changed. */
  fresh: boolean;
  /** Its details shown. */
  open: boolean;
}

export class RowMarkup<Row> {
  readonly #options: DataTableOptions<Row>;
  /** Columns of the grid (not "details"), in order. */
  readonly #gridColumns: readonly DataColumn<Row>[];
  readonly #detailColumns: readonly DataColumn<Row>[];
  readonly #cards: boolean;

  constructor(
    options: DataTableOptions<Row>,
    gridColumns: readonly DataColumn<Row>[],
    detailColumns: readonly DataColumn<Row>[],
    cards: boolean,
  ) {
    this.#options = options;
    this.#gridColumns = gridColumns;
    this.#detailColumns = detailColumns;
    this.#cards = cards;
  }

  /** Whether body rows have details to open (extra content, or columns shown there). */
  get hasDetails(): boolean {
    return this.#options.details !== undefined || this.#detailColumns.length > 0;
  }

  headerRow(sort: SortState | undefined): HTMLTableRowElement {
    const cells = this.#gridColumns.map((column) => {
      const label = column.headerLabel
        ? [
            el("span", { "aria-hidden": "true" }, [column.header]),
            el("span", { class: "payi-dt__sr" }, [column.headerLabel]),
          ]
        : [column.header];
      const th = el(
        "th",
        {
          role: "columnheader",
          class: cellClass(column),
          "data-placement": column.placement ?? "always",
        },
        column.sortValue || column.sortable ? [sortButton(column, label, sort)] : label,
      );
      if (sort?.key === column.key) th.setAttribute("aria-sort", sort.direction);
      return th;
    });
    // Names the details cell of each row for screen readers; takes no room.
    const detailsHeader = this.hasDetails
      ? el("th", { role: "columnheader", class: "payi-dt__sr payi-dt__details-header" }, [
          "Details",
        ])
      : null;
    return el("tr", { role: "row", class: "payi-dt__row", "aria-rowindex": "1" }, [
      ...cells,
      detailsHeader,
    ]);
  }

  /** A body row, or a totals row (`place.index` undefined). */
  row(row: Row, key: string, place: RowPlace): HTMLTableRowElement {
    const options = this.#options;
    const body = place.index !== undefined;
    const attributes: Record<string, string> = {
      role: "row",
      class: "payi-dt__row",
      "data-key": key,
      "aria-rowindex": String(place.rowIndex),
    };
    if (body) attributes["data-index"] = String(place.index);
    for (const [name, value] of Object.entries(options.rowAttributes?.(row) ?? {}))
      attributes[name] = name === "class" ? `payi-dt__row ${value}` : value;
    const tr = el("tr", attributes);
    if (place.fresh) tr.classList.add("payi-dt__row--new");
    const detailsId = uniqueId("payi-dt-details");
    this.#gridColumns.forEach((column, position) => {
      const header = column.rowHeader === true;
      const cell = el(header ? "th" : "td", {
        role: header ? "rowheader" : "gridcell",
        class: cellClass(column),
        "data-placement": column.placement ?? "always",
      });
      if (position === 0 && body && this.hasDetails) cell.append(this.#toggle(row, detailsId));
      // The column's name beside the value, for cards (hidden otherwise; the header says it).
      if (this.#cards && position > 0 && !header)
        cell.append(
          el("span", { class: "payi-dt__label", "aria-hidden": "true" }, [column.header]),
        );
      fillCell(cell, column.cell(row));
      tr.append(cell);
    });
    if (body && this.hasDetails) {
      tr.append(
        el("td", { role: "gridcell", class: "payi-dt__details", id: detailsId, hidden: "" }),
      );
      if (place.open) this.showDetails(tr, row, true);
      else tr.setAttribute("aria-expanded", "false");
    }
    return tr;
  }

  /** A row held elsewhere and not received yet: its place, said to be loading. */
  pending(key: string, index: number, rowIndex: number): HTMLTableRowElement {
    return el(
      "tr",
      {
        role: "row",
        class: "payi-dt__row payi-dt__row--pending",
        "data-key": key,
        "data-index": String(index),
        "aria-rowindex": String(rowIndex),
        "aria-busy": "true",
      },
      [
        el("td", { role: "gridcell", class: "payi-dt__cell payi-dt__pending" }, [
          this.#options.pendingText ?? "Loading…",
        ]),
      ],
    );
  }

  /** Opens or closes the details of `tr` (built from `row` the first time they open). */
  showDetails(tr: HTMLTableRowElement, row: Row, open: boolean): void {
    const cell = tr.querySelector<HTMLElement>(":scope > .payi-dt__details");
    if (!cell) return;
    tr.setAttribute("aria-expanded", String(open));
    tr.querySelector(".payi-dt__toggle")?.setAttribute("aria-expanded", String(open));
    if (open && cell.childElementCount === 0) {
      const list = el(
        "dl",
        { class: "payi-dt__facts" },
        this.#detailColumns.map((column) => {
          const value = el("dd");
          fillCell(value, column.cell(row));
          return el("div", { "data-placement": column.placement ?? "details" }, [
            el("dt", {}, [column.headerLabel ?? column.header]),
            value,
          ]);
        }),
      );
      const extra = this.#options.details?.(row) ?? null;
      cell.append(...(this.#detailColumns.length > 0 ? [list] : []), ...(extra ? [extra] : []));
    }
    cell.hidden = !open;
  }

  #toggle(row: Row, detailsId: string): HTMLButtonElement {
    const label = this.#options.detailsLabel?.(row) ?? "Details";
    return el(
      "button",
      {
        type: "button",
        class: "payi-dt__toggle",
        tabindex: "-1",
        "aria-expanded": "false",
        "aria-controls": detailsId,
        "aria-label": label,
        title: label,
      },
      [el("span", { class: "payi-dt__chevron", "aria-hidden": "true" }, ["▸"])],
    );
  }
}

function sortButton<Row>(
  column: DataColumn<Row>,
  label: (Node | string)[],
  sort: SortState | undefined,
): HTMLButtonElement {
  const active = sort?.key === column.key;
  const arrow = active ? (sort?.direction === "ascending" ? "▲" : "▼") : "↕";
  return el("button", { type: "button", class: "payi-dt__sort", "data-sort": column.key }, [
    ...label,
    el("span", { class: "payi-dt__arrow", "aria-hidden": "true" }, [arrow]),
  ]);
}
