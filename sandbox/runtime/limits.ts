/**
 * Limits (budgets) in the sandbox: spend is counted per limit within one run. A call counts
 * against every limit in its effective `limitIds`. Block limits refuse calls only in proxy mode,
 * as in Pay-i: in ingest mode the call has already gone to the provider when it is reported.
 */
import type { LimitReport, LimitState as EventLimitState } from "../../shared/calls/event.ts";

export type LimitType = "allow" | "block";

/** A limit's state after a call. Spelled out (not imported) so the editor's types stay self-contained. */
export type LimitState = "ok" | "exceeded" | "overrun" | "blocked" | "unknown";
// Fails to compile if the event schema's states and these drift apart.
const sameStates: [LimitState] extends [EventLimitState]
  ? [EventLimitState] extends [LimitState]
    ? true
    : false
  : false = true;
void sameStates;

export interface LimitOptions {
  /** A readable name, e.g. `budget-user_123`. */
  name: string;
  /** Maximum spend in USD. */
  max: number;
  /** `block` refuses calls once `max` is reached (proxy mode only); `allow` (default) lets spend pass it. */
  type?: LimitType;
  /** Fraction of `max` (0.75 to 0.99) at which the state becomes `exceeded`; default 1.0. */
  threshold?: number;
}

export interface Limit {
  readonly id: string;
  readonly name: string;
  readonly max: number;
  readonly type: LimitType;
  readonly threshold: number;
}

interface LimitRecord extends Limit {
  spent: number;
}

const limits = new Map<string, LimitRecord>();

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "limit"
  );
}

/** Creates a limit and returns it; attach it to calls with its `id` in `limitIds`. */
export function createLimit(options: LimitOptions): Limit {
  const { name, max, type = "allow", threshold = 1 } = options ?? ({} as LimitOptions);
  if (typeof name !== "string" || name.trim() === "")
    throw new TypeError(
      'createLimit: give the limit a name, e.g. createLimit({ name: "budget-user_123", max: 0.01 }).',
    );
  if (typeof max !== "number" || !(max > 0))
    throw new RangeError(`createLimit: max must be a positive number of USD, got ${String(max)}.`);
  if (type !== "allow" && type !== "block")
    throw new TypeError(
      `createLimit: type must be "allow" or "block", got ${JSON.stringify(type)}.`,
    );
  if (threshold !== 1 && !(threshold >= 0.75 && threshold <= 0.99)) {
    throw new RangeError(
      `createLimit: threshold must be between 0.75 and 0.99 (or left out for 1.0), got ${String(threshold)}.`,
    );
  }
  let id = `lim_${slug(name)}`;
  for (let n = 2; limits.has(id); n++) id = `lim_${slug(name)}_${n}`;
  const record: LimitRecord = { id, name, max, type, threshold, spent: 0 };
  limits.set(id, record);
  return { id, name, max, type, threshold };
}

/** Current spend and state of a limit in this run. */
export function limitStatus(id: string): { limit: Limit; spent: number; state: LimitState } | null {
  const record = limits.get(id);
  if (!record) return null;
  return { limit: { ...record }, spent: record.spent, state: stateOf(record) };
}

function stateOf(record: LimitRecord): LimitState {
  if (record.type === "allow" && record.spent > record.max) return "overrun";
  if (record.spent >= record.max * record.threshold) return "exceeded";
  return "ok";
}

function unknownLimit(id: string): LimitReport {
  return {
    id,
    name: null,
    type: null,
    max: null,
    threshold: null,
    spent: 0,
    state: "unknown",
    why: `no limit with id ${id} exists in this run; create it with createLimit() first`,
  };
}

function report(record: LimitRecord, state: LimitReport["state"], why: string): LimitReport {
  const { id, name, type, max, threshold, spent } = record;
  return { id, name, type, max, threshold, spent, state, why };
}

/** Before a proxy-mode call: the block limits that refuse it, if any. */
export function blockingLimits(ids: readonly string[]): LimitReport[] {
  const blocked: LimitReport[] = [];
  for (const id of ids) {
    const record = limits.get(id);
    if (record && record.type === "block" && record.spent >= record.max) {
      blocked.push(
        report(
          record,
          "blocked",
          `block limit ${record.name} reached its max of $${record.max}; the proxy refused the call`,
        ),
      );
    }
  }
  return blocked;
}

/** After a call: adds its cost to each limit and reports the states. */
export function chargeLimits(
  ids: readonly string[],
  costUsd: number,
  mode: "ingest" | "proxy",
): LimitReport[] {
  return ids.map((id) => {
    const record = limits.get(id);
    if (!record) return unknownLimit(id);
    record.spent += costUsd;
    const state = stateOf(record);
    const spent = `$${record.spent.toFixed(6)} of $${record.max}`;
    if (state === "ok") return report(record, state, `${spent} spent`);
    if (state === "overrun")
      return report(
        record,
        state,
        `allow limit passed its max: ${spent} spent; calls still go through`,
      );
    if (record.type === "block" && mode === "ingest" && record.spent >= record.max) {
      return report(
        record,
        state,
        `${spent} spent; in ingest mode a block limit cannot stop calls: use proxy mode (trackContext({ proxy: true }) or payiInstrument({ proxy: true })) to enforce it`,
      );
    }
    return report(
      record,
      state,
      `${spent} spent (threshold ${Math.round(record.threshold * 100)}%)`,
    );
  });
}

/** Reports for a refused call: blocked limits as blocked, the others unchanged. */
export function refusedReports(ids: readonly string[], blocked: LimitReport[]): LimitReport[] {
  return ids.map((id) => {
    const hit = blocked.find((b) => b.id === id);
    if (hit) return hit;
    const record = limits.get(id);
    return record
      ? report(record, stateOf(record), "not charged: the call was refused")
      : unknownLimit(id);
  });
}

/** For tests only. */
export function resetLimitsForTests(): void {
  limits.clear();
}
