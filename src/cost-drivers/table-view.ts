/**
 * Draws one table of the page: a caption, header buttons that sort (with `aria-sort` on the
 * header cell), and the rows. The table scrolls inside its own keyboard-reachable region, so a
 * wide table never widens the page on a phone. Only the first `maxRows` rows are drawn; the rest
 * are counted (and are in exports). A table may hold only its first rows (`total` counts all).
 */
import { el, uniqueId } from "../ui/dom.ts";
import { formatTokens } from "../../shared/calls/format.ts";
import type { SortState } from "./sort.ts";
import type { Column } from "./columns.ts";
import type { BuiltTable } from "./tables.ts";

export interface TableViewOptions {
  maxRows: number;
  onSort(key: string, numeric: boolean): void;
  /** Shown instead of the table when there are no rows. */
  emptyText: string;
}

function headerCell<Row>(column: Column<Row>, sort: SortState, onSort: TableViewOptions["onSort"]) {
  const active = sort.key === column.key;
  const arrow = active ? (sort.direction === "ascending" ? "▲" : "▼") : "↕";
  const button = el("button", { type: "button", class: "cd__sort", "data-sort": column.key }, [
    column.label,
    el("span", { class: "cd__sort-arrow", "aria-hidden": "true" }, [arrow]),
  ]);
  button.addEventListener("click", () => onSort(column.key, column.numeric === true));
  const th = el("th", { scope: "col", class: column.numeric ? "cd__num" : "" }, [button]);
  if (active) th.setAttribute("aria-sort", sort.direction);
  return th;
}

function cell<Row>(column: Column<Row>, row: Row, first: boolean): HTMLTableCellElement {
  const note = column.note?.(row) ?? null;
  const title = column.title?.(row) ?? null;
  const attributes: Record<string, string> = { class: column.numeric ? "cd__num" : "" };
  if (title) attributes["title"] = title;
  if (first) attributes["scope"] = "row";
  const children = [
    el("span", { class: "cd__value" }, [column.text(row)]),
    note ? el("span", { class: "cd__note" }, [note]) : null,
  ];
  return first ? el("th", attributes, children) : el("td", attributes, children);
}

export function renderTable<Row>(
  host: HTMLElement,
  table: BuiltTable<Row>,
  options: TableViewOptions,
): void {
  // Keep the focused header button focused across the redraw a sort causes.
  const focusedSort = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>(
    "[data-sort]",
  );
  const refocus = focusedSort && host.contains(focusedSort) ? focusedSort.dataset["sort"] : null;
  const scroller = host.querySelector<HTMLElement>(".cd__scroll");
  const scrollLeft = scroller?.scrollLeft ?? 0;

  if (!table.rows.length) {
    host.replaceChildren(el("p", { class: "cd__none" }, [options.emptyText]));
    return;
  }
  const columns = table.spec.columns.filter((column) => !column.exportOnly);
  const captionId = uniqueId("cd-caption");
  const shown = table.rows.slice(0, options.maxRows);
  const body = el("tbody");
  for (const row of shown) {
    const tr = el(
      "tr",
      table.spec.flagged?.(row) ? { class: "cd__flagged" } : {},
      columns.map((column, index) => cell(column, row, index === 0)),
    );
    body.append(tr);
  }
  const sortedBy = columns.find((column) => column.key === table.sort.key)?.label;
  const caption = el("caption", { id: captionId }, [
    table.spec.caption,
    el("span", { class: "cd__sr-only" }, [
      sortedBy ? `, sorted by ${sortedBy}, ${table.sort.direction}` : "",
    ]),
  ]);
  const element = el("table", { class: "cd__table", "data-table": table.spec.id }, [
    caption,
    el("thead", {}, [
      el(
        "tr",
        {},
        columns.map((column) => headerCell(column, table.sort, options.onSort)),
      ),
    ]),
    body,
  ]);
  const region = el(
    "div",
    { class: "cd__scroll", role: "region", tabindex: "0", "aria-labelledby": captionId },
    [element],
  );
  const total = table.total ?? table.rows.length;
  const more =
    total > shown.length
      ? el("p", { class: "cd__more", role: "note" }, [
          `Showing the first ${formatTokens(shown.length)} of ${formatTokens(total)} rows in this order. ` +
            "Narrow them with the filters, or export them all.",
        ])
      : null;
  host.replaceChildren(region, ...(more ? [more] : []));
  region.scrollLeft = scrollLeft;
  if (refocus) host.querySelector<HTMLElement>(`[data-sort="${refocus}"]`)?.focus();
}
