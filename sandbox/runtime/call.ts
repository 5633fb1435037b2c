/**
 * One instrumented call, from the request the SDK built to the event: tag it (tagged-call.ts),
 * refuse it if a block limit says so (proxy mode), send it to the provider, price its usage and
 * charge its limits (call-charge.ts), attach the tracking result to the response
 * (call-responses.ts), and emit the event (event-channel.ts). Calls made without
 * instrumentation are reported too (as "uncaptured"), so the learner sees the record that is
 * missing.
 */
import type { CallApi, UncapturedCall } from "../../shared/calls/event.ts";
import { BLOCKING_LIMIT_NOT_ALLOWED, CallCharge } from "./call-charge.ts";
import {
  apiError,
  failedCopy,
  limitReachedResponse,
  withBody,
  xproxyResultOf,
} from "./call-responses.ts";
import { rememberCallSite } from "./error-call-site.ts";
import { emit, nextCallSeq, nextUncapturedPlace } from "./event-channel.ts";
import { warn, type SourcePosition } from "./host-hooks.ts";
import { relaySse } from "./sse-relay.ts";
import {
  callEvent,
  modelOf,
  parseJsonBody,
  providerRequest,
  tagCall,
  type CallOutcome,
  type CallTicket,
} from "./tagged-call.ts";
import { unitsFromUsage } from "./usage.ts";

/** A call the program made with instrumentation off or outside every context. */
export interface UncapturedTicket {
  uncaptured: UncapturedCall["reason"];
  time: string;
  callSite: SourcePosition | null;
}

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

interface CallInput {
  ticket: CallTicket;
  api: CallApi;
  url: string;
  init: RequestInit;
  transport: FetchLike;
}

export async function runCall({ ticket, api, url, init, transport }: CallInput): Promise<Response> {
  const call = tagCall(nextCallSeq(), ticket, api, init);
  const { seq, tags, warnings } = call;
  const charge = new CallCharge({
    mode: call.mode,
    model: call.model,
    priceAs: tags.priceAs.resource,
    limitIds: call.limitIds,
    warnings,
  });
  const finish = (outcome: CallOutcome): void =>
    emit(callEvent(call, outcome, charge.ingestRefused ? BLOCKING_LIMIT_NOT_ALLOWED : null));

  const refusal = charge.refusal();
  if (refusal) {
    finish({
      status: 400,
      error: { type: "limit_reached", message: refusal.message },
      units: null,
      cost: { status: "not-charged", reason: "blocked by a limit" },
      limits: refusal.limits,
    });
    return limitReachedResponse(seq, tags, refusal.limits);
  }

  const request = providerRequest(call, init);
  let response: Response;
  try {
    response = await transport(url, request.init);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    if (ticket.callSite && typeof error === "object" && error !== null)
      rememberCallSite(error, ticket.callSite);
    finish({
      status: 0,
      error: { type: failure.name, message: failure.message },
      units: null,
      cost: { status: "not-charged", reason: "no response" },
      limits: charge.limitsAfter(0),
    });
    throw error;
  }

  if (!response.ok) {
    const text = await response.text();
    finish({
      status: response.status,
      error: apiError(text, response.status),
      units: null,
      cost: { status: "not-charged", reason: "the call failed" },
      limits: charge.limitsAfter(0),
    });
    const failed = failedCopy(text, response);
    // The SDK's error keeps this very Headers object: an uncaught error can name the call's line.
    if (ticket.callSite) rememberCallSite(failed.headers, ticket.callSite);
    return failed;
  }

  if (!call.streaming || !response.body) {
    const payload = (await response.json()) as Record<string, unknown>;
    const units = unitsFromUsage(api, payload["usage"] as Parameters<typeof unitsFromUsage>[1]);
    const { cost, limits } = charge.settle(units);
    finish({ status: response.status, error: null, units, cost, limits });
    payload["xproxy_result"] = charge.ingestRefused
      ? { ...BLOCKING_LIMIT_NOT_ALLOWED }
      : xproxyResultOf(seq, tags, cost, limits);
    return withBody(JSON.stringify(payload), response);
  }

  const relayed = relaySse(response.body, api, request.hideUsageChunk, (units, cancelled) => {
    if (cancelled && !units)
      warnings.push("the stream was cancelled before the provider reported usage");
    const { cost, limits } = charge.settle(units);
    finish({ status: response.status, error: null, units, cost, limits });
  });
  return withBody(relayed, response);
}

const UNCAPTURED_WHY: Record<UncapturedCall["reason"], string> = {
  "not-instrumented": "made before payiInstrument(), so Pay-i never hears of it",
  "no-context":
    "made outside every ingest()/trackContext() scope while globalInstrumentation is false",
};

/** A call without instrumentation: it goes to the provider as it would without Pay-i, and is reported as missing. */
export async function runUncapturedCall({
  ticket,
  api,
  url,
  init,
  transport,
}: {
  ticket: UncapturedTicket;
  api: CallApi;
  url: string;
  init: RequestInit;
  transport: FetchLike;
}): Promise<Response> {
  const body = parseJsonBody(init.body);
  const line = ticket.callSite ? ` at line ${ticket.callSite.line}` : "";
  warn(`the OpenAI call${line} is not tracked: it was ${UNCAPTURED_WHY[ticket.uncaptured]}.`);
  emit({
    v: 1,
    type: "uncaptured",
    ...nextUncapturedPlace(),
    time: ticket.time,
    resource: modelOf(body),
    api,
    reason: ticket.uncaptured,
    why: UNCAPTURED_WHY[ticket.uncaptured],
    callSite: ticket.callSite,
  });
  return transport(url, init);
}
