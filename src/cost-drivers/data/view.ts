/**
 * What the dashboard shows for the stored calls and the learner's choices: a plain object (no DOM,
 * nothing that cannot be posted from a worker) that the page's components render. One place
 * computes it, so the figures, the tables, the charts and the exports describe the same calls.
 *
 * It reads every call's facts (record.ts's `CallFacts`), so the data engine runs it off the main
 * thread. The Calls tab comes back as the order of its calls; the engine reads in full only the
 * rows the page has in view (its window), and others when the page scrolls to them.
 */
import type { SpendPoint, UserBar } from "../../ui/spend-charts.ts";
import { aggregate, spendOverTime, type Aggregate } from "../aggregate.ts";
import { userBars } from "../chart-data.ts";
import { callFilterOptions, filterCallList, filterCalls, lessonsIn } from "../filters.ts";
import type { CallFacts, StoredCall } from "../record.ts";
import { CALLS, sortTable } from "../tables.ts";
import type { PageState } from "../page/state.ts";
import type { SortState } from "../sort.ts";

/** The choices a view depends on (the selected tab is not one: every tab is in the view). */
export type ViewChoices = Pick<PageState, "filters" | "callFilters" | "sorts">;

export interface RunSummary {
  id: string;
  /** The run's first call in view, for its lesson and sandbox; null when none is left. */
  first: { lesson: string; sandboxId: string } | null;
  calls: number;
}

export interface DashboardView {
  /** Numbers the computations: a later snapshot of the same one only adds the Calls tab's rows. */
  id: number;
  /** Every readable call in the store, whatever the filters. */
  recorded: number;
  /** The lessons with calls, in course order (the lesson filter's menu). */
  lessons: string[];
  run: RunSummary | null;
  totals: Aggregate["totals"];
  users: Aggregate["users"];
  useCases: Aggregate["useCases"];
  limits: Aggregate["limits"];
  /** The Calls tab's menus. */
  callOptions: ReturnType<typeof callFilterOptions>;
  /**
   * The Calls tab: how many calls it has, and how many of those are unpriced; and the calls of
   * the page's window (`from` on, in the chosen order), read in full (null until they are). Null
   * until worked out, as `chart`.
   */
  calls: {
    window: { from: number; rows: StoredCall[] } | null;
    sort: SortState;
    total: number;
    unpriced: number;
  } | null;
  chart: { bars: UserBar[]; points: SpendPoint[]; pricedCalls: number } | null;
}

/**
 * What the first snapshot needs (figures, the small tables, the menus), and the calls in view
 * for `addDetail`: the Calls tab's order and the chart points come second.
 */
export function summaryView(
  all: readonly CallFacts[],
  choices: ViewChoices,
  now: number,
  /** The totals of the calls in view, when kept running elsewhere (data engine). */
  running?: Aggregate,
): { view: DashboardView; visible: CallFacts[] } {
  const visible = filterCalls(all, choices.filters, now);
  const figures = running ?? aggregate(visible);
  const first = visible[0];
  const view: DashboardView = {
    id: 0,
    recorded: all.length,
    lessons: lessonsIn(all),
    run:
      choices.filters.run === null
        ? null
        : {
            id: choices.filters.run,
            first: first ? { lesson: first.lesson, sandboxId: first.sandboxId } : null,
            calls: visible.length,
          },
    totals: figures.totals,
    users: figures.users,
    useCases: figures.useCases,
    limits: figures.limits,
    callOptions: callFilterOptions(visible),
    calls: null,
    chart: null,
  };
  return { view, visible };
}

/** Adds the Calls tab (without its rows) and the charts; returns the Calls tab's order. */
export function addDetail(
  view: DashboardView,
  visible: readonly CallFacts[],
  choices: ViewChoices,
): CallFacts[] {
  const calls = sortTable(CALLS, filterCallList(visible, choices.callFilters), choices.sorts.calls);
  let unpriced = 0;
  for (const call of calls.rows) if (call.event.cost.status === "unpriced") unpriced += 1;
  view.calls = { window: null, sort: calls.sort, total: calls.rows.length, unpriced };
  view.chart = {
    bars: userBars(view.users),
    points: spendOverTime(visible),
    pricedCalls: view.totals.pricedCalls,
  };
  return calls.rows;
}

/** The whole view (its Calls rows aside), and the Calls tab's calls in order. */
export function computeView(
  all: readonly CallFacts[],
  choices: ViewChoices,
  now: number,
): { view: DashboardView; listed: CallFacts[] } {
  const { view, visible } = summaryView(all, choices, now);
  return { view, listed: addDetail(view, visible, choices) };
}
