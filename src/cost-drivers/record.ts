/**
 * What the Cost Drivers store keeps: one record per instrumented call, the call event exactly as
 * the sandbox emitted it plus where it came from. Pure (no DOM, no storage), shared by the recorder
 * and the page.
 */
import type { CallEvent } from "../../sandbox/runtime/events/schema.ts";

export type RunnerKind = "browser" | "webcontainer";

/** Where a call was made: passed by the sandbox controller with each event. */
export interface CallMeta {
  runId: string;
  sandboxId: string;
  /** The lesson page's slug, e.g. "day-2". */
  lesson: string;
  runner: RunnerKind;
  /** ISO time the controller received the event. */
  recordedAt: string;
}

/**
 * `meta` with every field of its type, whatever a caller passed: recording and forwarding store
 * what they are given, so a stray value must not reach a store or the room as something else.
 */
export function cleanMeta(meta: CallMeta): CallMeta {
  return {
    runId: String(meta.runId),
    sandboxId: String(meta.sandboxId),
    lesson: String(meta.lesson),
    runner: meta.runner === "webcontainer" ? "webcontainer" : "browser",
    recordedAt: String(meta.recordedAt),
  };
}

export interface NewCall extends CallMeta {
  event: CallEvent;
}

/** A stored call; `key` grows with every write, so it is also the order calls were recorded in. */
export interface StoredCall extends NewCall {
  key: number;
}

const COST_STATUSES = new Set(["priced", "unpriced", "not-charged"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isTagged(value: unknown): boolean {
  return isObject(value) && "value" in value && typeof value["why"] === "string";
}

/**
 * A call event of the one schema version this page understands. Checks what aggregation reads, so
 * a record written by an older build or another program is skipped instead of breaking the page.
 */
export function isCallEvent(value: unknown): value is CallEvent {
  if (!isObject(value)) return false;
  const cost = value["cost"];
  const units = value["units"];
  return (
    value["v"] === 1 &&
    value["type"] === "call" &&
    Number.isInteger(value["seq"]) &&
    typeof value["time"] === "string" &&
    typeof value["resource"] === "string" &&
    isTagged(value["userId"]) &&
    isTagged(value["useCase"]) &&
    Array.isArray(value["limits"]) &&
    isObject(cost) &&
    COST_STATUSES.has(cost["status"] as string) &&
    (cost["status"] !== "priced" || Number.isFinite(cost["total"])) &&
    (units === null ||
      (isObject(units) &&
        Number.isFinite(units["input"]) &&
        Number.isFinite(units["cachedInput"]) &&
        Number.isFinite(units["output"])))
  );
}

export function isStoredCall(value: unknown): value is StoredCall {
  return (
    isObject(value) &&
    Number.isInteger(value["key"]) &&
    typeof value["runId"] === "string" &&
    typeof value["sandboxId"] === "string" &&
    typeof value["lesson"] === "string" &&
    (value["runner"] === "browser" || value["runner"] === "webcontainer") &&
    typeof value["recordedAt"] === "string" &&
    isCallEvent(value["event"])
  );
}

/** When the call happened, in ms; the record time when the event's own time is unreadable. */
export function callTime(call: NewCall): number {
  const time = Date.parse(call.event.time);
  return Number.isFinite(time) ? time : Date.parse(call.recordedAt);
}
