/**
 * The Cost Drivers figures from stored calls: per user, per use case, per limit, totals and spend
 * over time. Pure (no DOM). Per-user sums come from the live panel's `summarize.ts` (its running
 * tally), so the dashboard and a sandbox's panel can never disagree about the same calls.
 * Unpriced calls are counted, never added as $0.
 */
import type { SpendPoint } from "../ui/spend-charts.ts";
import type { LimitReport, LimitState } from "../../shared/calls/event.ts";
import {
  addToTally,
  createSpendTally,
  summarizeTally,
  type SpendCounts,
  type SpendTally,
} from "../../shared/calls/summarize.ts";
import { callTime, type CallFacts } from "./record.ts";

export const UNATTRIBUTED = "unattributed";

export interface UserRow extends SpendCounts {
  /** `null`: the calls nobody can be charged for. */
  userId: string | null;
  unattributed: boolean;
  /** Spend divided by the calls whose cost is known (priced, failed, blocked); `null` if none. */
  avgCostUsd: number | null;
  /** Epoch ms of the first and last call. */
  firstSeen: number;
  lastSeen: number;
}

export interface UseCaseRow extends SpendCounts {
  /** `null`: calls made outside any use case. */
  name: string | null;
  /** Distinct use case instance ids. */
  instances: number;
}

export interface LimitRow {
  id: string;
  name: string | null;
  type: LimitReport["type"];
  max: number | null;
  /** What the latest report said had been spent against the limit, USD. */
  spentUsd: number;
  /** The latest state seen (in record order). */
  state: LimitState;
  why: string;
  /** Calls that reported this limit. */
  calls: number;
  lastSeen: number;
}

export interface Aggregate {
  totals: SpendCounts & { users: number; runs: number };
  users: UserRow[];
  useCases: UseCaseRow[];
  limits: LimitRow[];
}

/** Calls whose cost is known: priced, or failed/blocked (not charged, so truly $0). */
function knownCostCalls(counts: SpendCounts): number {
  return counts.requests - counts.unpricedCalls;
}

export function averageCost(counts: SpendCounts): number | null {
  const known = knownCostCalls(counts);
  return known > 0 ? counts.spendUsd / known : null;
}

function userKey(call: CallFacts): string | null {
  // An empty id attributes to nobody, exactly as in summarize.ts.
  return call.event.userId.value || null;
}

/**
 * Running totals: each call is folded in once (per user, use case, limit and run), so a live
 * update adds only the new calls, and `result()` costs the number of groups, not of calls. Calls
 * must be added in record order (the latest limit report wins).
 */
export class Aggregator {
  readonly #spend: SpendTally = createSpendTally();
  readonly #spans = new Map<string | null, { first: number; last: number }>();
  readonly #useCases = new Map<string | null, { tally: SpendTally; ids: Set<string> }>();
  readonly #limits = new Map<string, LimitRow>();
  readonly #runs = new Set<string>();

  add(call: CallFacts): void {
    addToTally(this.#spend, call.event);
    const time = callTime(call);
    const key = userKey(call);
    const span = this.#spans.get(key);
    if (!span) this.#spans.set(key, { first: time, last: time });
    else {
      span.first = Math.min(span.first, time);
      span.last = Math.max(span.last, time);
    }

    const useCase = call.event.useCase.value;
    const name = useCase ? useCase.name : null;
    let group = this.#useCases.get(name);
    if (!group) {
      group = { tally: createSpendTally(), ids: new Set() };
      this.#useCases.set(name, group);
    }
    addToTally(group.tally, call.event);
    if (useCase?.id) group.ids.add(useCase.id);

    for (const report of call.event.limits) {
      const before = this.#limits.get(report.id);
      // Calls are in record order, so the last report is the latest state.
      this.#limits.set(report.id, {
        id: report.id,
        name: report.name ?? before?.name ?? null,
        type: report.type ?? before?.type ?? null,
        max: report.max ?? before?.max ?? null,
        spentUsd: report.spent,
        state: report.state,
        why: report.why,
        calls: (before?.calls ?? 0) + 1,
        lastSeen: time,
      });
    }
    this.#runs.add(call.runId);
  }

  result(): Aggregate {
    const summary = summarizeTally(this.#spend);
    return {
      totals: {
        ...summary.totals,
        users: summary.users.filter((user) => !user.unattributed).length,
        runs: this.#runs.size,
      },
      users: summary.users.map((user) => {
        const span = this.#spans.get(user.userId) ?? { first: NaN, last: NaN };
        return {
          ...user,
          avgCostUsd: averageCost(user),
          firstSeen: span.first,
          lastSeen: span.last,
        };
      }),
      useCases: [...this.#useCases].map(([name, group]) => ({
        name,
        instances: group.ids.size,
        ...summarizeTally(group.tally).totals,
      })),
      limits: [...this.#limits.values()].map((limit) => ({ ...limit })),
    };
  }
}

export function aggregate(calls: readonly CallFacts[]): Aggregate {
  const aggregator = new Aggregator();
  for (const call of calls) aggregator.add(call);
  return aggregator.result();
}

export function aggregateUsers(calls: readonly CallFacts[]): UserRow[] {
  return aggregate(calls).users;
}

export function aggregateUseCases(calls: readonly CallFacts[]): UseCaseRow[] {
  return aggregate(calls).useCases;
}

export function aggregateLimits(calls: readonly CallFacts[]): LimitRow[] {
  return aggregate(calls).limits;
}

/**
 * Cumulative priced spend in call-time order, for the "spend over time" chart. At most `maxPoints`
 * points (the last one always kept), so a flood of calls does not make a huge chart.
 */
export function spendOverTime(calls: readonly CallFacts[], maxPoints = 1000): SpendPoint[] {
  const priced = calls
    .filter((call) => call.event.cost.status === "priced")
    .map((call) => ({
      time: callTime(call),
      usd: call.event.cost.status === "priced" ? call.event.cost.total : 0,
    }))
    .sort((a, b) => a.time - b.time);
  const points: SpendPoint[] = [];
  // Integer picodollars, as in summarize.ts: float sums of tiny prices drift.
  let pico = 0;
  for (const call of priced) {
    pico += Math.round(call.usd * 1e12);
    points.push({ time: call.time, cumulativeUsd: pico / 1e12 });
  }
  if (points.length <= maxPoints) return points;
  const step = points.length / maxPoints;
  const sampled: SpendPoint[] = [];
  for (let i = step - 1; i < points.length - 1; i += step) sampled.push(points[Math.floor(i)]!);
  sampled.push(points.at(-1)!);
  return sampled;
}
