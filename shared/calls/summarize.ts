/**
 * Per-user spend from call events: the table a learner compares with Pay-i's Cost Drivers view.
 * Pure (no DOM). Calls without a user id are one "unattributed" bucket, because that is the money
 * nobody can be charged for. Unpriced calls are counted, never added as $0.
 */
import type { CallEvent } from "./event.ts";

/**
 * The parts of a call event the sums read. A whole `CallEvent` is one; so is the compact copy
 * Cost Drivers keeps of each stored call.
 */
export interface SpendEvent {
  userId: { value: string | null };
  units: CallEvent["units"];
  cost: { status: "priced"; total: number } | { status: "unpriced" } | { status: "not-charged" };
  error: CallEvent["error"];
}

export interface SpendCounts {
  requests: number;
  /** Input tokens, cached ones included (as in the event's `units.input`). */
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** USD of priced calls only. */
  spendUsd: number;
  pricedCalls: number;
  /** Calls whose model has no price: their cost is unknown, so it is not in `spendUsd`. */
  unpricedCalls: number;
  /** Calls that failed or were blocked (`error` set). */
  errors: number;
}

export interface UserSpend extends SpendCounts {
  /** `null` for the unattributed bucket. */
  userId: string | null;
  unattributed: boolean;
}

export interface SpendSummary {
  /** Highest spend first; ties by requests, then user id, with "unattributed" after users. */
  users: UserSpend[];
  totals: SpendCounts;
}

/** Running sums, fed one event at a time so a flood of calls never re-reads the whole list. */
export interface SpendTally {
  byUser: Map<string | null, MutableCounts>;
  totals: MutableCounts;
}

interface MutableCounts extends Omit<SpendCounts, "spendUsd"> {
  /** Integer picodollars: sums of many tiny float prices would drift, integers do not. */
  spendPico: number;
}

const PICO_PER_USD = 1e12;

function zero(): MutableCounts {
  return {
    requests: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    spendPico: 0,
    pricedCalls: 0,
    unpricedCalls: 0,
    errors: 0,
  };
}

export function createSpendTally(): SpendTally {
  return { byUser: new Map(), totals: zero() };
}

function count(into: MutableCounts, event: SpendEvent): void {
  into.requests += 1;
  if (event.units) {
    into.inputTokens += event.units.input;
    into.cachedInputTokens += event.units.cachedInput;
    into.outputTokens += event.units.output;
  }
  if (event.cost.status === "priced") {
    into.pricedCalls += 1;
    into.spendPico += Math.round(event.cost.total * PICO_PER_USD);
  } else if (event.cost.status === "unpriced") {
    into.unpricedCalls += 1;
  }
  if (event.error) into.errors += 1;
}

export function addToTally(tally: SpendTally, event: SpendEvent): void {
  // An empty id attributes to nobody, exactly like a missing one.
  const user = event.userId.value || null;
  let bucket = tally.byUser.get(user);
  if (!bucket) {
    bucket = zero();
    tally.byUser.set(user, bucket);
  }
  count(bucket, event);
  count(tally.totals, event);
}

function finish(counts: MutableCounts): SpendCounts {
  const { spendPico, ...rest } = counts;
  return { ...rest, spendUsd: spendPico / PICO_PER_USD };
}

function bySpend(a: UserSpend, b: UserSpend): number {
  if (a.spendUsd !== b.spendUsd) return b.spendUsd - a.spendUsd;
  if (a.requests !== b.requests) return b.requests - a.requests;
  if (a.userId === null) return 1;
  if (b.userId === null) return -1;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

export function summarizeTally(tally: SpendTally): SpendSummary {
  const users = [...tally.byUser].map(([userId, counts]): UserSpend => ({
    userId,
    unattributed: userId === null,
    ...finish(counts),
  }));
  return { users: users.sort(bySpend), totals: finish(tally.totals) };
}

/** The per-user summary of a list of calls. */
export function summarizeByUser(events: Iterable<SpendEvent>): SpendSummary {
  const tally = createSpendTally();
  for (const event of events) addToTally(tally, event);
  return summarizeTally(tally);
}
