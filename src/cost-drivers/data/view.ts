/**
 * What the dashboard shows for the stored calls and the learner's choices: a plain object (no DOM,
 * nothing that cannot be posted from a worker) that the page's components render. One place
 * computes it, so the figures, the tables, the charts and the exports describe the same calls.
 *
 * It reads every call's facts (record.ts's `CallFacts`), so the data engine runs it off the main
 * thread. The Calls tab comes back as the order of its calls; the engine reads in full only the
 * first rows, the ones the table draws.
 */
import { aggregate, spendOverTime, type Aggregate, type SpendPoint } from "../aggregate.ts";
import { userBars, type UserBar } from "../chart-data.ts";
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
   * The Calls tab: its first calls in the chosen order, read in full (null until they are); how
   * many calls it has, and how many of those are unpriced.
   */
  calls: { rows: StoredCall[] | null; sort: SortState; total: number; unpriced: number };
  chart: { bars: UserBar[]; points: SpendPoint[]; pricedCalls: number };
}

/** The view without the Calls tab's full rows, and the Calls tab's calls in order. */
export function computeView(
  all: readonly CallFacts[],
  choices: ViewChoices,
  now: number,
): { view: DashboardView; listed: CallFacts[] } {
  const visible = filterCalls(all, choices.filters, now);
  const figures = aggregate(visible);
  const calls = sortTable(CALLS, filterCallList(visible, choices.callFilters), choices.sorts.calls);
  const listed = calls.rows;
  const first = visible[0];
  let unpriced = 0;
  for (const call of listed) if (call.event.cost.status === "unpriced") unpriced += 1;
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
    calls: { rows: null, sort: calls.sort, total: listed.length, unpriced },
    chart: {
      bars: userBars(figures.users),
      points: spendOverTime(visible),
      pricedCalls: figures.totals.pricedCalls,
    },
  };
  return { view, listed };
}
