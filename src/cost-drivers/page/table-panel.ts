/**
 * The four tables, one per tab panel, each the site's data table (src/ui/data-table/). Users, Use
 * cases and Limits hold their few rows, sorted here by the same definition the exports use
 * (tables.ts), with a totals row under Users and Use cases. Calls stands for every call of the
 * view, virtualized: a snapshot brings the rows of the engine's window, and as the table scrolls
 * the engine is asked for the rows around what comes into view.
 *
 * Only the selected tab is drawn, when it is selected or its data changes: a table drawn in a
 * hidden panel would measure its rows as 0 px high, and drawing the few rows in view costs less
 * than keeping four tables up to date.
 */
import { formatTokens, plural } from "../../../shared/calls/format.ts";
import { DataTable } from "../../ui/data-table/data-table.ts";
import { el } from "../../ui/dom.ts";
import { averageCost, type UseCaseRow, type UserRow } from "../aggregate.ts";
import { TABLES, sortTable, type TabId, type TableSpec } from "../tables.ts";
import type { StoredCall } from "../record.ts";
import type { SortState } from "../sort.ts";
import type { CallRows } from "../data/client.ts";
import type { DashboardView } from "../data/view.ts";
import { dataColumns, minWidthOf } from "./table-columns.ts";
import type { PageState } from "./state.ts";

/** Rows asked for beyond those in view, on either side, in steps of this many. */
const WINDOW_STEP = 50;

const EMPTY: Record<TabId, string> = {
  users: "No calls match these filters.",
  "use-cases": "No calls match these filters.",
  limits:
    "No call in this view reported a limit. Limits appear once a program sets limitIds (Day 5).",
  calls: "No calls match these filters.",
};

type OnSort = (tab: TabId, sort: SortState) => void;
type ShowCalls = (view: number, from: number, to: number) => void;

/** The rows of a small table, sorted as the export sorts them, and its totals row. */
function smallTable(
  view: DashboardView,
  state: PageState,
  tab: Exclude<TabId, "calls">,
): { rows: unknown[]; sort: SortState; footer: unknown[] } {
  const spec = TABLES[tab] as TableSpec<unknown>;
  const rows: readonly unknown[] =
    tab === "users" ? view.users : tab === "use-cases" ? view.useCases : view.limits;
  const sorted = sortTable(spec, rows, state.sorts[tab]);
  return { ...sorted, footer: rows.length > 1 ? totalsRow(view, tab) : [] };
}

/**
 * The totals under Users and Use cases, drawn by the same columns as the rows. None under
 * Limits: a call counts against every limit it names, so their spends do not add up.
 */
function totalsRow(view: DashboardView, tab: TabId): unknown[] {
  const totals = view.totals;
  if (tab === "users") {
    const row: UserRow = {
      ...totals,
      userId: "All users",
      unattributed: false,
      avgCostUsd: averageCost(totals),
      firstSeen: Math.min(...view.users.map((user) => user.firstSeen)),
      lastSeen: Math.max(...view.users.map((user) => user.lastSeen)),
    };
    return [row];
  }
  if (tab === "use-cases") {
    const row: UseCaseRow = {
      ...totals,
      name: "All use cases",
      instances: view.useCases.reduce((sum, useCase) => sum + useCase.instances, 0),
    };
    return [row];
  }
  return [];
}

function keyOf(tab: TabId): (row: unknown) => string {
  switch (tab) {
    case "users":
      return (row) => (row as UserRow).userId ?? "\u0000unattributed";
    case "use-cases":
      return (row) => (row as UseCaseRow).name ?? "\u0000none";
    case "limits":
      return (row) => (row as { id: string }).id;
    case "calls":
      return (row) => String((row as StoredCall).key);
  }
}

export class TablePanels {
  readonly #root: HTMLElement;
  readonly #onSort: OnSort;
  readonly #showCalls: ShowCalls;
  readonly #tables = new Map<TabId, DataTable<unknown>>();
  /** What each table shows now: the view (its id) and the sort it was drawn for. */
  readonly #drawn = new Map<TabId, string>();
  readonly #callsNote = el("p", { class: "cd__count", role: "note" });
  #view: DashboardView | undefined;
  #state: PageState | undefined;
  /** The view whose Calls rows the table holds; the window asked for, and whether one is out. */
  #callsView = -1;
  #asked = "";
  #asking = false;
  #wanted: [number, number] | null = null;

  constructor(root: HTMLElement, onSort: OnSort, showCalls: ShowCalls) {
    this.#root = root;
    this.#onSort = onSort;
    this.#showCalls = showCalls;
  }

  /** A new view or new choices: the selected tab is drawn (the others when selected). */
  show(view: DashboardView, state: PageState): void {
    this.#view = view;
    this.#state = state;
    this.#draw(state.tab);
  }

  /** Calls rows the engine read for the window asked for. */
  rows(rows: CallRows): void {
    if (rows.view !== this.#callsView) return;
    this.#tables.get("calls")?.setRowsAt(rows.from, rows.rows);
    this.#asking = false;
    const wanted = this.#wanted;
    this.#wanted = null;
    if (wanted) this.#need(wanted[0], wanted[1]);
  }

  #table(tab: TabId): DataTable<unknown> | undefined {
    const existing = this.#tables.get(tab);
    if (existing) return existing;
    const host = this.#root.querySelector<HTMLElement>(`[data-panel="${tab}"] [data-role=table]`);
    if (!host) return undefined;
    const spec = TABLES[tab] as TableSpec<unknown>;
    const columns = dataColumns(spec);
    const calls = tab === "calls";
    const table = new DataTable<unknown>(host, {
      caption: spec.caption,
      tableAttributes: { "data-table": tab },
      columns,
      key: keyOf(tab),
      // Stored calls never change; the small tables' rows are new objects in every view.
      version: calls ? (row) => (row as StoredCall).key : (row) => JSON.stringify(row),
      rowAttributes: (row): Record<string, string> =>
        spec.flagged?.(row) ? { class: "cd__flagged" } : {},
      emptyText: EMPTY[tab],
      sort: spec.defaultSort,
      sortsExternally: true,
      onSortChange: (sort) => this.#onSort(tab, sort),
      cards: false,
      minWidth: minWidthOf(columns),
      // A one-line row's height as drawn: rows that match their estimate are placed once, not
      // again after being measured (which redoes the positions of every row below them).
      estimateRowHeight: 35,
      ...(calls
        ? {
            onRowsNeeded: (from: number, to: number) => this.#need(from, to),
            pendingText: "Reading this call…",
          }
        : {}),
    });
    if (calls) host.append(this.#callsNote);
    this.#tables.set(tab, table);
    return table;
  }

  #draw(tab: TabId): void {
    const view = this.#view;
    const state = this.#state;
    if (!view || !state) return;
    if (tab === "calls") {
      this.#drawCalls(view);
      return;
    }
    const sort = state.sorts[tab];
    const drawn = `${view.id} ${sort ? `${sort.key} ${sort.direction}` : ""}`;
    if (this.#drawn.get(tab) === drawn) return;
    const table = this.#table(tab);
    if (!table) return;
    this.#drawn.set(tab, drawn);
    const { rows, sort: used, footer } = smallTable(view, state, tab);
    table.setSort(used);
    table.setRows(rows);
    table.setFooter(footer);
  }

  #drawCalls(view: DashboardView): void {
    const calls = view.calls;
    // Until the rows of its window are read, the table keeps showing the last view's.
    if (!calls?.window || this.#drawn.get("calls") === String(view.id)) return;
    const table = this.#table("calls");
    if (!table) return;
    this.#drawn.set("calls", String(view.id));
    this.#callsView = view.id;
    this.#asked = "";
    this.#asking = false;
    this.#wanted = null;
    table.setSort(calls.sort);
    table.setRowCount(calls.total, calls.window.from, calls.window.rows);
    this.#callsNote.hidden = calls.total < 2;
    this.#callsNote.textContent =
      `${plural(calls.total, "call")} in this view, all in the table: scroll it, or move ` +
      `through the rows with the arrow keys, Page Up and Page Down. The exports hold all ` +
      `${formatTokens(calls.total)}.`;
  }

  /** Rows [from, to) are drawn as placeholders: ask for them and some around, one ask at a time. */
  #need(from: number, to: number): void {
    const start = Math.max(0, Math.floor((from - WINDOW_STEP) / WINDOW_STEP) * WINDOW_STEP);
    const end = Math.ceil((to + WINDOW_STEP) / WINDOW_STEP) * WINDOW_STEP;
    if (this.#asking) {
      this.#wanted = [from, to];
      return;
    }
    const ask = `${this.#callsView} ${start} ${end}`;
    if (ask === this.#asked) return;
    this.#asked = ask;
    this.#asking = true;
    this.#showCalls(this.#callsView, start, end);
  }
}
