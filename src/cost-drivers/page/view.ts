/**
 * What the dashboard shows for the stored calls and the learner's choices: a plain object (no DOM)
 * that the page's components render. One place computes it, so the figures, the tables, the charts
 * and the exports always describe the same calls.
 */
import { aggregate, spendOverTime, type Aggregate, type SpendPoint } from "../aggregate.ts";
import { userBars, type UserBar } from "../chart-data.ts";
import { callFilterOptions, filterCallList, filterCalls, lessonsIn } from "../filters.ts";
import type { StoredCall } from "../record.ts";
import { buildTable, CALLS } from "../tables.ts";
import type { PageState } from "./state.ts";

export interface RunSummary {
  id: string;
  /** The run's first call in view, for its lesson and sandbox; null when none is left. */
  first: { lesson: string; sandboxId: string } | null;
  calls: number;
}

export interface DashboardView {
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
  /** The Calls tab: its calls in the chosen order, how many, and how many of them are unpriced. */
  calls: { rows: StoredCall[]; total: number; unpriced: number };
  chart: { bars: UserBar[]; points: SpendPoint[]; pricedCalls: number };
}

export function buildView(
  all: readonly StoredCall[],
  state: PageState,
  now: number,
): DashboardView {
  const visible = filterCalls(all, state.filters, now);
  const figures = aggregate(visible);
  const listed = filterCallList(visible, state.callFilters);
  const first = visible[0];
  return {
    recorded: all.length,
    lessons: lessonsIn(all),
    run:
      state.filters.run === null
        ? null
        : {
            id: state.filters.run,
            first: first ? { lesson: first.lesson, sandboxId: first.sandboxId } : null,
            calls: visible.length,
          },
    totals: figures.totals,
    users: figures.users,
    useCases: figures.useCases,
    limits: figures.limits,
    callOptions: callFilterOptions(visible),
    calls: {
      rows: buildTable(CALLS, listed, state.sorts.calls).rows,
      total: listed.length,
      unpriced: listed.filter((call) => call.event.cost.status === "unpriced").length,
    },
    chart: {
      bars: userBars(figures.users),
      points: spendOverTime(visible),
      pricedCalls: visible.filter((call) => call.event.cost.status === "priced").length,
    },
  };
}
