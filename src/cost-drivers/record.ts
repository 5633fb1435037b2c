/**
 * What the Cost Drivers store keeps: one record per instrumented call, the call event exactly as
 * the sandbox emitted it plus where it came from. Pure (no DOM, no storage), shared by the recorder
 * and the page.
 */
import * as v from "valibot";
import {
  CallEventSchema,
  type CallEvent,
  type LimitReport,
  type UseCaseTag,
} from "../../shared/calls/event.ts";
import { CallMetaSchema, type CallMeta } from "../../shared/calls/meta.ts";
import type { SpendEvent } from "../../shared/calls/summarize.ts";

export interface NewCall extends CallMeta {
  event: CallEvent;
}

/** A stored call; `key` grows with every write, so it is also the order calls were recorded in. */
export interface StoredCall extends NewCall {
  key: number;
}

/**
 * The parts of a stored call that the dashboard filters, adds up and sorts by: a `StoredCall` is
 * one, and so is the compact copy the page keeps of every call (./facts.ts), about a tenth of its
 * size. Only the rows a table draws are read in full.
 */
export interface CallFacts extends CallMeta {
  key: number;
  /** `callTime()` of the call, when already worked out (parsing 50,000 ISO times adds up). */
  at?: number;
  event: SpendEvent & {
    time: string;
    seq: number;
    resource: string;
    status: number;
    useCase: { value: Pick<UseCaseTag, "name" | "id"> | null };
    limits: LimitReport[];
  };
}

const StoredCallSchema = v.object({
  ...CallMetaSchema.entries,
  key: v.pipe(v.number(), v.integer()),
  event: CallEventSchema,
});

export function isStoredCall(value: unknown): value is StoredCall {
  return v.is(StoredCallSchema, value);
}

/** When the call happened, in ms; the record time when the event's own time is unreadable. */
export function callTime(call: Pick<CallFacts, "event" | "recordedAt" | "at">): number {
  if (call.at !== undefined) return call.at;
  const time = Date.parse(call.event.time);
  return Number.isFinite(time) ? time : Date.parse(call.recordedAt);
}
