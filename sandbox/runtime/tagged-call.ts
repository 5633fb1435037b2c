/**
 * One instrumented call as the SDK built it, tagged: its order number, its effective tags (the
 * scope, then the call's own `xProxy-*` headers), its mode, model and the warnings its event will
 * carry; the request the provider gets; and, once the call has an outcome, its event.
 */
import type { CallApi, CallCost, CallEvent, LimitReport, Units } from "../../shared/calls/event.ts";
import type { CallMode } from "./call-charge.ts";
import { partitionHeaders, type HeaderKey } from "./headers.ts";
import { warn, type SourcePosition } from "./host-hooks.ts";
import { resolveTags, type EffectiveTags } from "./resolve.ts";
import type { XproxyError } from "./result.ts";
import type { Scope } from "./scope.ts";
import { useCaseNameProblem } from "./use-case-name.ts";

export interface CallTicket {
  scope: Scope;
  startedAt: number;
  time: string;
  callSite: SourcePosition | null;
  /**
   * The call's `xProxy-*` headers exactly as the program wrote them (the SDK's `Headers` trims
   * values before they reach the transport), by key; filled in when the SDK resolves the request.
   */
  rawTags?: Partial<Record<HeaderKey, string>>;
}

export interface TaggedCall {
  seq: number;
  ticket: CallTicket;
  api: CallApi;
  tags: EffectiveTags;
  mode: CallMode;
  /** The request body, when it is a JSON object. */
  body: Record<string, unknown> | null;
  model: string;
  streaming: boolean;
  limitIds: string[];
  /** The warnings of the call's event; more are added as the call goes on. */
  warnings: string[];
  /** The request's headers without the `xProxy-*` ones. */
  untagged: Headers;
}

/** How a call ended, for its event. */
export interface CallOutcome {
  status: number;
  error: CallEvent["error"];
  units: Units | null;
  cost: CallCost;
  limits: LimitReport[];
}

/** Invalid use case names already warned about in the output (the event warns on every call). */
const warnedNames = new Set<string>();

export function parseJsonBody(body: RequestInit["body"]): Record<string, unknown> | null {
  if (typeof body !== "string") return null;
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The model a request body names ("unknown" when it names none). */
export function modelOf(body: Record<string, unknown> | null): string {
  return typeof body?.["model"] === "string" ? body["model"] : "unknown";
}

/** Tags the call `seq` the SDK built (`init`); an invalid use case name is warned about once. */
export function tagCall(
  seq: number,
  ticket: CallTicket,
  api: CallApi,
  init: RequestInit,
): TaggedCall {
  const { tags: sentTags, rest } = partitionHeaders(new Headers(init.headers));
  const tags = resolveTags(ticket.scope, { ...sentTags, ...ticket.rawTags });
  const body = parseJsonBody(init.body);
  const warnings: string[] = [];
  const useCaseName = tags.useCase.value?.name;
  const nameProblem = useCaseName ? useCaseNameProblem(useCaseName) : null;
  if (nameProblem && useCaseName) {
    warnings.push(nameProblem);
    if (!warnedNames.has(useCaseName)) {
      warnedNames.add(useCaseName);
      warn(nameProblem);
    }
  }
  return {
    seq,
    ticket,
    api,
    tags,
    mode: ticket.scope.proxy ? "proxy" : "ingest",
    body,
    model: modelOf(body),
    streaming: body?.["stream"] === true,
    limitIds: tags.limitIds.value ?? [],
    warnings,
    untagged: rest,
  };
}

/**
 * The request the provider gets. Ingest mode: the `xProxy-*` headers are tracking data, not for
 * the provider; proxy mode: they travel. Streaming chat calls need usage to be priced: ask for
 * it, and hide the extra chunk (`hideUsageChunk`) unless the caller asked too.
 */
export function providerRequest(
  call: TaggedCall,
  init: RequestInit,
): { init: RequestInit; hideUsageChunk: boolean } {
  const { body } = call;
  let providerBody = body;
  let hideUsageChunk = false;
  if (call.api === "chat.completions" && call.streaming && body) {
    const streamOptions = (body["stream_options"] ?? {}) as Record<string, unknown>;
    if (streamOptions["include_usage"] !== true) {
      providerBody = { ...body, stream_options: { ...streamOptions, include_usage: true } };
      hideUsageChunk = true;
    }
  }
  return {
    init: {
      ...init,
      headers: call.mode === "ingest" ? call.untagged : new Headers(init.headers),
      body: providerBody ? JSON.stringify(providerBody) : init.body,
    },
    hideUsageChunk,
  };
}

/** The call's event, now that it ended (`ingestError`: Pay-i refused to record it). */
export function callEvent(
  call: TaggedCall,
  outcome: CallOutcome,
  ingestError: XproxyError | null,
): CallEvent {
  const { ticket, tags } = call;
  return {
    v: 1, // the schema version: shared/calls/event.ts (checked by the CallEvent type)
    type: "call",
    seq: call.seq,
    time: ticket.time,
    endTime: new Date().toISOString(),
    category: "system.openai",
    resource: call.model,
    api: call.api,
    streaming: call.streaming,
    mode: call.mode,
    userId: tags.userId,
    useCase: tags.useCase,
    limitIds: tags.limitIds,
    requestTags: tags.requestTags,
    priceAs: tags.priceAs,
    units: outcome.units,
    cost: outcome.cost,
    limits: outcome.limits,
    latencyMs: Math.round(performance.now() - ticket.startedAt),
    status: outcome.status,
    error: outcome.error,
    callSite: ticket.callSite,
    warnings: call.warnings,
    ingestError: ingestError ? { ...ingestError } : null,
  };
}

/** For tests only: every invalid name is warned about again. */
export function resetTaggingForTests(): void {
  warnedNames.clear();
}
