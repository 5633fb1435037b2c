/**
 * Limits (budgets) in the sandbox: spend is counted per limit within one run. A call counts
 * against every limit in its effective `limitIds`. As in Pay-i's service:
 * - a limit past its max is `overrun` (allow and block alike); `exceeded` means the threshold is
 *   reached but spend is still at most the max, and never blocks
 *   (https://docs.pay-i.com/docs/pay-i-proxy-configuration, "How it Works");
 * - a block limit over its max refuses the next calls, in proxy mode only;
 * - an ingest (a call reported after it went to the provider) that names a block limit is refused
 *   with `blocking_limit_not_allowed`, "Block limits cannot be used for ingest requests"
 *   (https://docs.pay-i.com/docs/error-code-strings), so none of its limits counts it.
 */
import type { LimitReport, LimitState as EventLimitState } from "../../shared/calls/event.ts";

export type LimitType = "allow" | "block";

/** A limit's state after a call. Spelled out (not imported) so the editor's types stay self-contained. */
export type LimitState = "ok" | "exceeded" | "overrun" | "blocked" | "unknown" | "not-recorded";
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
  /** `block` refuses calls once spend is over `max` (proxy mode only); `allow` (default) lets spend pass it. */
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
  return registerLimit(options);
}

/**
 * `createLimit` with an id chosen by the caller (Pay-i's Python `limits.create(limit_id=...)`);
 * without one, the id is made from the name as `createLimit` makes it.
 */
export function registerLimit(options: LimitOptions, requestedId?: string): Limit {
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
  if (requestedId !== undefined) {
    if (typeof requestedId !== "string" || requestedId.trim() === "")
      throw new TypeError("a limit id must be a non-empty string.");
    if (limits.has(requestedId))
      throw new Error(`a limit with id ${requestedId} already exists in this run.`);
    id = requestedId;
  } else for (let n = 2; limits.has(id); n++) id = `lim_${slug(name)}_${n}`;
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
  if (record.spent > record.max) return "overrun";
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

/** Before a proxy-mode call: the block limits that refuse it (spend over their max), if any. */
export function blockingLimits(ids: readonly string[]): LimitReport[] {
  const blocked: LimitReport[] = [];
  for (const id of ids) {
    const record = limits.get(id);
    if (record && record.type === "block" && record.spent > record.max) {
      blocked.push(
        report(
          record,
          "blocked",
          `block limit ${record.name} is over its max of $${record.max}; the proxy refused the call`,
        ),
      );
    }
  }
  return blocked;
}

/** The block limits among these ids, whatever their spend (an ingest naming one is refused). */
export function blockLimitNames(ids: readonly string[]): string[] {
  return ids.flatMap((id) => {
    const record = limits.get(id);
    return record && record.type === "block" ? [record.name] : [];
  });
}

/** After a call: adds its cost to each limit and reports the states. */
export function chargeLimits(ids: readonly string[], costUsd: number): LimitReport[] {
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
        record.type === "allow"
          ? `allow limit passed its max: ${spent} spent; calls still go through`
          : `block limit passed its max: ${spent} spent; the proxy refuses the calls after this one`,
      );
    return report(
      record,
      state,
      `${spent} spent (threshold ${Math.round(record.threshold * 100)}%)`,
    );
  });
}

/**
 * For an ingest Pay-i refused (a block limit in ingest mode): every limit of the call reports
 * `not-recorded` and keeps its spend, because Pay-i recorded nothing for the call.
 */
export function notRecordedReports(ids: readonly string[]): LimitReport[] {
  return ids.map((id) => {
    const record = limits.get(id);
    if (!record) return unknownLimit(id);
    const why =
      record.type === "block"
        ? `block limits cannot be used in ingest mode: Pay-i refused to record this call (blocking_limit_not_allowed), so ${record.name} counted nothing. Use proxy mode (trackContext({ proxy: true }) or payiInstrument({ proxy: true })) to enforce it, or make it an allow limit`
        : `not charged: Pay-i refused to record this call because a block limit came with it in ingest mode (blocking_limit_not_allowed)`;
    return report(record, "not-recorded", why);
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
