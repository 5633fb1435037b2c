/**
 * The four tables, one per tab panel, drawn from the dashboard view: the selected one at once,
 * the hidden ones when the page is idle, so switching tabs shows a table already drawn. The small
 * tables are sorted here; the Calls tab's rows come sorted from the data engine, only as many as
 * are drawn.
 */
import { TABLES, sortTable, type BuiltTable, type TabId, type TableSpec } from "../tables.ts";
import { renderTable } from "../table-view.ts";
import { MAX_ROWS } from "../data/protocol.ts";
import type { DashboardView } from "../data/view.ts";
import type { PageState } from "./state.ts";

const TABS = Object.keys(TABLES) as TabId[];

/** The table of `tab`; null for the Calls tab while its rows are being read. */
export function tableOf(
  view: DashboardView,
  state: PageState,
  tab: TabId,
): BuiltTable<unknown> | null {
  const spec = TABLES[tab] as TableSpec<unknown>;
  if (tab === "calls") {
    if (!view.calls?.rows) return null;
    // Sorted by the engine: the sort is the one it used.
    return { spec, rows: view.calls.rows, sort: view.calls.sort, total: view.calls.total };
  }
  const rows: readonly unknown[] =
    tab === "users" ? view.users : tab === "use-cases" ? view.useCases : view.limits;
  return { spec, ...sortTable(spec, rows, state.sorts[tab]) };
}

type OnSort = (
  tab: TabId,
  key: string,
  numeric: boolean,
  current: BuiltTable<unknown>["sort"],
) => void;

const idle: (callback: () => void) => void =
  typeof requestIdleCallback === "function"
    ? (callback) => requestIdleCallback(callback, { timeout: 1000 })
    : (callback) => setTimeout(callback, 50);

export class TablePanels {
  readonly #root: HTMLElement;
  readonly #onSort: OnSort;
  /** What each panel shows now: the view (its id) and the sort it was drawn for. */
  readonly #drawn = new Map<TabId, { view: number; sort: string }>();
  #view: DashboardView | undefined;
  #state: PageState | undefined;
  #idleQueued = false;

  constructor(root: HTMLElement, onSort: OnSort) {
    this.#root = root;
    this.#onSort = onSort;
  }

  /** A new view or new choices: the selected tab is drawn now, the others later. */
  show(view: DashboardView, state: PageState): void {
    this.#view = view;
    this.#state = state;
    this.#draw(state.tab);
    this.#drawHiddenWhenIdle();
  }

  #drawHiddenWhenIdle(): void {
    if (this.#idleQueued) return;
    this.#idleQueued = true;
    idle(() => {
      this.#idleQueued = false;
      const state = this.#state;
      const stale = TABS.find((tab) => tab !== state?.tab && !this.#fresh(tab));
      if (!stale) return;
      this.#draw(stale);
      // One table per idle moment: the Calls tab alone draws 500 rows.
      this.#drawHiddenWhenIdle();
    });
  }

  #sortKey(tab: TabId): string {
    // The Calls tab's sort is part of its view.
    const sort = tab === "calls" ? undefined : this.#state?.sorts[tab];
    return sort ? `${sort.key} ${sort.direction}` : "";
  }

  #fresh(tab: TabId): boolean {
    const drawn = this.#drawn.get(tab);
    if (!this.#view) return true;
    // The Calls rows not read yet: there is nothing newer to draw.
    if (tab === "calls" && !this.#view.calls?.rows) return true;
    return drawn?.view === this.#view.id && drawn.sort === this.#sortKey(tab);
  }

  #draw(tab: TabId): void {
    const view = this.#view;
    const state = this.#state;
    if (!view || !state || this.#fresh(tab)) return;
    const table = tableOf(view, state, tab);
    const host = this.#root.querySelector<HTMLElement>(`[data-panel="${tab}"] [data-role=table]`);
    if (!table || !host) return;
    this.#drawn.set(tab, { view: view.id, sort: this.#sortKey(tab) });
    renderTable(host, table, {
      maxRows: MAX_ROWS,
      emptyText:
        tab === "limits"
          ? "No call in this view reported a limit. Limits appear once a program sets limitIds (Day 5)."
          : "No calls match these filters.",
      onSort: (key, numeric) => this.#onSort(tab, key, numeric, table.sort),
    });
  }
}
