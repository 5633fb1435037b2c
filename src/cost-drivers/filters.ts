/**
 * Which calls the page shows. Pure (no DOM). Page-wide filters (lesson, time range, one run) apply
 * to every tab and the charts; the Calls tab can narrow further by user, use case and runner.
 */
import type { RunnerKind } from "../../shared/calls/meta.ts";
import { callTime, type CallFacts } from "./record.ts";

export const TIME_RANGES = {
  all: { label: "All time", ms: Infinity },
  "15m": { label: "Last 15 minutes", ms: 15 * 60_000 },
  "1h": { label: "Last hour", ms: 60 * 60_000 },
  "24h": { label: "Last 24 hours", ms: 24 * 60 * 60_000 },
  "7d": { label: "Last 7 days", ms: 7 * 24 * 60 * 60_000 },
} as const;

export type TimeRange = keyof typeof TIME_RANGES;

export interface PageFilters {
  /** Lesson slug ("day-2"); `null`: every lesson. */
  lesson: string | null;
  range: TimeRange;
  /** One run's id (from `?run=`); `null`: every run. */
  run: string | null;
}

/** Narrowing of the Calls tab; `undefined` means "any", `null` means "none" (no user, no use case). */
export interface CallFilters {
  user?: string | null;
  useCase?: string | null;
  runner?: RunnerKind;
}

export const NO_FILTERS: PageFilters = { lesson: null, range: "all", run: null };

export function isTimeRange(value: string): value is TimeRange {
  return Object.hasOwn(TIME_RANGES, value);
}

export function filterCalls<Call extends CallFacts>(
  calls: readonly Call[],
  filters: PageFilters,
  now: number,
): Call[] {
  const since = now - TIME_RANGES[filters.range].ms;
  return calls.filter(
    (call) =>
      (filters.lesson === null || call.lesson === filters.lesson) &&
      (filters.run === null || call.runId === filters.run) &&
      (filters.range === "all" || callTime(call) >= since),
  );
}

export function filterCallList<Call extends CallFacts>(
  calls: readonly Call[],
  filters: CallFilters,
): Call[] {
  return calls.filter((call) => {
    const user = call.event.userId.value || null;
    const useCase = call.event.useCase.value?.name ?? null;
    return (
      (filters.user === undefined || user === filters.user) &&
      (filters.useCase === undefined || useCase === filters.useCase) &&
      (filters.runner === undefined || call.runner === filters.runner)
    );
  });
}

/** "day-2" reads "Day 2"; other slugs are shown as they are. */
export function lessonLabel(slug: string): string {
  const day = /^day-(\d+)$/.exec(slug)?.[1];
  return day ? `Day ${day}` : slug;
}

function dayNumber(slug: string): number {
  const day = /^day-(\d+)$/.exec(slug)?.[1];
  return day ? Number(day) : Infinity;
}

/** The lessons present in the calls, in course order. */
export function lessonsIn(calls: readonly CallFacts[]): string[] {
  return [...new Set(calls.map((call) => call.lesson))].sort(
    (a, b) => dayNumber(a) - dayNumber(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
}

/** Distinct values of the Calls tab's filters, for its menus. */
export function callFilterOptions(calls: readonly CallFacts[]): {
  users: (string | null)[];
  useCases: (string | null)[];
  runners: RunnerKind[];
} {
  const users = new Set<string | null>();
  const useCases = new Set<string | null>();
  const runners = new Set<RunnerKind>();
  for (const call of calls) {
    users.add(call.event.userId.value || null);
    useCases.add(call.event.useCase.value?.name ?? null);
    runners.add(call.runner);
  }
  // Named values alphabetically, the "none" bucket last.
  const order = (a: string | null, b: string | null) =>
    a === null ? 1 : b === null ? -1 : a.localeCompare(b, "en");
  return {
    users: [...users].sort(order),
    useCases: [...useCases].sort(order),
    runners: [...runners].sort(),
  };
}

/** The page filters a URL asks for: only `?run=` today (links from a sandbox's live panel). */
export function filtersFromUrl(search: string): PageFilters {
  const run = new URLSearchParams(search).get("run");
  return { ...NO_FILTERS, run: run ? run : null };
}
