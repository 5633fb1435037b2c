/**
 * What the learner chose on the page: the page-wide filters (the run one comes from the URL, so a
 * sandbox's "Open in Cost Drivers" link opens that run), the Calls tab's own filters, the selected
 * tab and each table's sort. Pure: the page turns form changes into a new state and redraws.
 */
import { isRunnerKind } from "../../../shared/calls/meta.ts";
import { filtersFromUrl, isTimeRange, type CallFilters, type PageFilters } from "../filters.ts";
import type { SortState } from "../sort.ts";
import { TABLES, type TabId } from "../tables.ts";

export interface PageState {
  filters: PageFilters;
  callFilters: CallFilters;
  tab: TabId;
  /** Sorts the learner chose; a table without one uses its default. */
  sorts: Partial<Record<TabId, SortState>>;
}

export function initialState(search: string): PageState {
  return { filters: filtersFromUrl(search), callFilters: {}, tab: "users", sorts: {} };
}

export function isTab(value: string): value is TabId {
  return Object.hasOwn(TABLES, value);
}

/** A change in the page filters form (`lesson`, `range`). */
export function withPageFilter(state: PageState, name: string, value: string): PageState {
  if (name === "lesson") return { ...state, filters: { ...state.filters, lesson: value || null } };
  if (name === "range" && isTimeRange(value))
    return { ...state, filters: { ...state.filters, range: value } };
  return state;
}

/**
 * A change in the Calls tab's filters (`user`, `useCase`, `runner`). Option values: "*" is any,
 * "" is none (no user, no use case), "=x" is the value x.
 */
export function withCallFilter(state: PageState, name: string, option: string): PageState {
  const value = option === "*" ? undefined : option === "" ? null : option.slice(1);
  const callFilters = state.callFilters;
  if (name === "user") return { ...state, callFilters: { ...callFilters, user: value } };
  if (name === "useCase") return { ...state, callFilters: { ...callFilters, useCase: value } };
  if (name === "runner")
    return {
      ...state,
      callFilters: { ...callFilters, runner: isRunnerKind(value) ? value : undefined },
    };
  return state;
}

export function withSort(state: PageState, tab: TabId, sort: SortState): PageState {
  return { ...state, sorts: { ...state.sorts, [tab]: sort } };
}
