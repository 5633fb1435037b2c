/**
 * What the Cost Drivers store keeps: one record per instrumented call, the call event exactly as
 * the sandbox emitted it plus where it came from. Pure (no DOM, no storage), shared by the recorder
 * and the page.
 */
import * as v from "valibot";
import { CallEventSchema, type CallEvent } from "../../shared/calls/event.ts";
import { CallMetaSchema, type CallMeta } from "../../shared/calls/meta.ts";

export interface NewCall extends CallMeta {
  event: CallEvent;
}

/** A stored call; `key` grows with every write, so it is also the order calls were recorded in. */
export interface StoredCall extends NewCall {
  key: number;
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
export function callTime(call: NewCall): number {
  const time = Date.parse(call.event.time);
  return Number.isFinite(time) ? time : Date.parse(call.recordedAt);
}
