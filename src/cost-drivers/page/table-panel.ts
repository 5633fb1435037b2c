/**
 * The selected tab's table: its rows from the dashboard view, sorted as the learner chose, drawn
 * into its panel. Also what an export of the tab holds (the same rows, all of them).
 */
import { TABLES, sortTable, type BuiltTable, type TabId, type TableSpec } from "../tables.ts";
import { renderTable } from "../table-view.ts";
import type { PageState } from "./state.ts";
import type { DashboardView } from "./view.ts";

/** Rows drawn per table; the rest are counted and exported. */
export const MAX_ROWS = 500;

export interface ShownTable {
  table: BuiltTable<unknown>;
  /** Calls in the tab's view whose cost is unknown (said in exports). */
  unpriced: number;
}

export function shownTable(view: DashboardView, state: PageState): ShownTable {
  const tab: TabId = state.tab;
  if (tab === "calls") {
    return {
      table: {
        spec: TABLES.calls as TableSpec<unknown>,
        rows: view.calls.rows,
        sort: sortOf(state, tab),
      },
      unpriced: view.calls.unpriced,
    };
  }
  const rows = tab === "users" ? view.users : tab === "use-cases" ? view.useCases : view.limits;
  return {
    table: sortTable(TABLES[tab] as TableSpec<unknown>, rows, state.sorts[tab]),
    unpriced: view.totals.unpricedCalls,
  };
}

function sortOf(state: PageState, tab: TabId) {
  const spec = TABLES[tab] as TableSpec<unknown>;
  const wanted = state.sorts[tab];
  return wanted && spec.columns.some((column) => column.key === wanted.key)
    ? wanted
    : spec.defaultSort;
}

export function drawTable(
  root: HTMLElement,
  shown: ShownTable,
  tab: TabId,
  onSort: (key: string, numeric: boolean, current: BuiltTable<unknown>["sort"]) => void,
): void {
  const host = root.querySelector<HTMLElement>(`[data-panel="${tab}"] [data-role=table]`);
  if (!host) return;
  const { table } = shown;
  renderTable(host, table, {
    maxRows: MAX_ROWS,
    emptyText:
      tab === "limits"
        ? "No call in this view reported a limit. Limits appear once a program sets limitIds (Day 5)."
        : "No calls match these filters.",
    onSort: (key, numeric) => onSort(key, numeric, table.sort),
  });
}
