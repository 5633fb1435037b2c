/**
 * One instrumented call, from the request the SDK built to the event: effective tags, mode,
 * block limits (proxy mode: refused before the provider; ingest mode: the ingest is refused after
 * it), the provider request, usage, cost, limit states, the result object attached to the
 * response, and the event. Calls made without instrumentation are reported too
 * (as "uncaptured"), so the learner sees the record that is missing.
 *
 * Events leave only through the sink the host installs before the program is imported (once);
 * nothing here is handed to the program, so its own output can never create an event.
 */
import { priceCall } from "../pricing/index.ts";
import type {
  CallApi,
  CallCost,
  CallEvent,
  LimitReport,
  SandboxEvent,
  UncapturedCall,
  Units,
} from "../../shared/calls/event.ts";
import { partitionHeaders, type HeaderKey } from "./headers.ts";
import { warn, type SourcePosition } from "./host-hooks.ts";
import {
  blockLimitNames,
  blockingLimits,
  chargeLimits,
  notRecordedReports,
  refusedReports,
} from "./limits.ts";
import { resolveTags, type EffectiveTags } from "./resolve.ts";
import type { XproxyError } from "./result.ts";
import type { Scope } from "./scope.ts";
import { relaySse } from "./sse-relay.ts";
import { unitsFromUsage } from "./usage.ts";
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

/** A call the program made with instrumentation off or outside every context. */
export interface UncapturedTicket {
  uncaptured: UncapturedCall["reason"];
  time: string;
  callSite: SourcePosition | null;
}

type EventSink = (event: SandboxEvent) => void;
let sink: EventSink | undefined;
const testListeners = new Set<EventSink>();

/**
 * Where events go: installed once by the host, before the program is imported. A second call
 * (the program's, say) is refused, so the channel cannot be taken over.
 */
export function installEventSink(next: EventSink): void {
  if (sink) throw new Error("The event sink is installed once, by the host.");
  sink = next;
}

function emit(event: SandboxEvent): void {
  sink?.(event);
  for (const listener of testListeners) listener(event);
}

/** For in-process tests: every event, as emitted. */
export function observeEventsForTests(listener: EventSink): () => void {
  testListeners.add(listener);
  return () => testListeners.delete(listener);
}

/**
 * Where in the program an SDK error's call was made, by the object the SDK's error carries (the
 * response's `Headers`, or the transport failure as `cause`): uncaught errors are reported there.
 */
const callSitesByErrorPart = new WeakMap<object, SourcePosition>();

export function callSiteOfError(error: unknown): SourcePosition | null {
  if (typeof error !== "object" || error === null) return null;
  for (const part of [
    (error as { headers?: unknown }).headers,
    (error as { cause?: unknown }).cause,
  ]) {
    if (typeof part === "object" && part !== null) {
      const site = callSitesByErrorPart.get(part);
      if (site) return site;
    }
  }
  return null;
}

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

interface CallInput {
  ticket: CallTicket;
  api: CallApi;
  url: string;
  init: RequestInit;
  transport: FetchLike;
}

interface Outcome {
  status: number;
  error: CallEvent["error"];
  units: Units | null;
  cost: CallCost;
  limits: LimitReport[];
}

let sequence = 0;
let uncapturedCount = 0;
/** Invalid use case names already warned about in the output (the event warns on every call). */
const warnedNames = new Set<string>();

/** For tests only. */
export function resetCallSequenceForTests(): void {
  sequence = 0;
  uncapturedCount = 0;
  sink = undefined;
  warnedNames.clear();
}

/** Pay-i's refusal of an ingest that names a block limit (https://docs.pay-i.com/docs/error-code-strings). */
const BLOCKING_LIMIT_NOT_ALLOWED: XproxyError = {
  code: "blocking_limit_not_allowed",
  message: "Block limits cannot be used for ingest requests",
};

/** Pay-i's message for a call a block limit refused (https://docs.pay-i.com/docs/handling-errors). */
const LIMIT_REACHED_MESSAGE = "Insufficient limit for the requested operation";

function parseJsonBody(body: RequestInit["body"]): Record<string, unknown> | null {
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

function costOf(model: string, priceAs: string | null, units: Units | null): CallCost {
  if (!units) return { status: "not-charged", reason: "no usage was reported" };
  const pricedAs = priceAs ?? model;
  const result = priceCall(pricedAs, units);
  return { ...result, pricedAs } as CallCost;
}

function apiError(text: string, status: number): NonNullable<CallEvent["error"]> {
  try {
    const parsed = JSON.parse(text) as {
      error?: { type?: string; code?: string; message?: string };
    };
    if (parsed.error?.message)
      return {
        type: parsed.error.code ?? parsed.error.type ?? "error",
        message: parsed.error.message,
      };
  } catch {
    // Not JSON: fall through to the status line.
  }
  return { type: "http_error", message: `HTTP ${status}` };
}

function copyHeaders(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.delete("content-length"); // the body is re-serialised
  return copy;
}

function buildXproxyResult(
  seq: number,
  tags: EffectiveTags,
  cost: CallCost,
  limits: LimitReport[],
): Record<string, unknown> {
  return {
    request_id: `payi_req_${seq}`,
    user_id: tags.userId.value,
    use_case_name: tags.useCase.value?.name ?? null,
    use_case_id: tags.useCase.value?.id ?? null,
    use_case_version: tags.useCase.value?.version ?? null,
    request_tags: tags.requestTags.value ?? [],
    cost:
      cost.status === "priced"
        ? {
            currency: "usd",
            input: cost.input + cost.cachedInput,
            output: cost.output,
            total: cost.total,
          }
        : { status: cost.status },
    limits: Object.fromEntries(limits.map((limit) => [limit.id, { state: limit.state }])),
  };
}

/**
 * The proxy's answer to a call a block limit refused: HTTP 400 with Pay-i's documented body
 * (`statusCode`, `message`, `xproxy_error`, `xproxy_result`; https://docs.pay-i.com/docs/handling-errors).
 * The `error` object is the sandbox's addition: the `openai` npm SDK keeps only that key of an
 * error body (as `error.code`, `error.type`), so without it a program could not tell a budget
 * refusal from any other 400. In Python, `APIStatusError.body` holds the whole body.
 */
function limitReachedBody(seq: number, tags: EffectiveTags, limits: LimitReport[]): unknown {
  const blocked = limits.filter((limit) => limit.state === "blocked").map((limit) => limit.id);
  return {
    statusCode: 400,
    message: "Bad Request",
    xproxy_error: { code: "limit_reached", message: LIMIT_REACHED_MESSAGE },
    xproxy_result: {
      request_id: `payi_req_${seq}`,
      user_id: tags.userId.value,
      limits: Object.fromEntries(limits.map((limit) => [limit.id, { state: limit.state }])),
      blocked_limit_ids: blocked,
    },
    error: {
      message: LIMIT_REACHED_MESSAGE,
      type: "limit_reached",
      code: "limit_reached",
      param: null,
    },
  };
}

function jsonResponse(
  status: number,
  payload: unknown,
  extraHeaders: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(payload), {
    status,
    headers: { "content-type": "application/json", ...extraHeaders },
  });
}

export async function runCall({ ticket, api, url, init, transport }: CallInput): Promise<Response> {
  const seq = ++sequence;
  const { tags: sentTags, rest } = partitionHeaders(new Headers(init.headers));
  const headerTags = { ...sentTags, ...ticket.rawTags };
  const tags = resolveTags(ticket.scope, headerTags);
  const mode = ticket.scope.proxy ? "proxy" : "ingest";
  const body = parseJsonBody(init.body);
  const model = typeof body?.["model"] === "string" ? body["model"] : "unknown";
  const streaming = body?.["stream"] === true;
  const limitIds = tags.limitIds.value ?? [];
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

  // Ingest mode reports the call to Pay-i after the provider answered; Pay-i refuses an ingest
  // that names a block limit, so nothing of this call is recorded (its limits count nothing).
  const blockNames = mode === "ingest" ? blockLimitNames(limitIds) : [];
  const ingestRefused = blockNames.length > 0;
  if (ingestRefused) {
    warnings.push(
      `Pay-i refused to record this call (blocking_limit_not_allowed: ${BLOCKING_LIMIT_NOT_ALLOWED.message}): ` +
        `${blockNames.join(", ")} ${blockNames.length === 1 ? "is a block limit" : "are block limits"}, ` +
        "which need proxy mode. The provider still answered and charged for the call.",
    );
  }
  const limitsAfter = (costUsd: number): LimitReport[] =>
    ingestRefused ? notRecordedReports(limitIds) : chargeLimits(limitIds, costUsd);

  const finish = (outcome: Outcome): void => {
    const event: CallEvent = {
      v: 1, // the schema version: shared/calls/event.ts (checked by the CallEvent type)
      type: "call",
      seq,
      time: ticket.time,
      endTime: new Date().toISOString(),
      category: "system.openai",
      resource: model,
      api,
      streaming,
      mode,
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
      warnings,
      ingestError: ingestRefused ? { ...BLOCKING_LIMIT_NOT_ALLOWED } : null,
    };
    emit(event);
  };

  const settle = (units: Units | null) => {
    const cost = costOf(model, tags.priceAs.resource, units);
    if (cost.status === "unpriced")
      warnings.push(
        `${cost.pricedAs} has no price in ${cost.source.name}: its cost is unknown, not $0`,
      );
    const limits = limitsAfter(cost.status === "priced" ? cost.total : 0);
    return { cost, limits };
  };

  if (mode === "proxy") {
    const blocked = blockingLimits(limitIds);
    if (blocked.length > 0) {
      const names = blocked.map((limit) => limit.name).join(", ");
      const message = `${LIMIT_REACHED_MESSAGE}: ${names} is over its max. The Pay-i proxy refused the call; nothing was sent to the provider.`;
      const limits = refusedReports(limitIds, blocked);
      finish({
        status: 400,
        error: { type: "limit_reached", message },
        units: null,
        cost: { status: "not-charged", reason: "blocked by a limit" },
        limits,
      });
      return jsonResponse(400, limitReachedBody(seq, tags, limits), { "x-should-retry": "false" });
    }
  }

  // Streaming chat calls need usage to be priced: ask for it, and hide the extra chunk unless the caller asked too.
  let providerBody = body;
  let hideUsageChunk = false;
  if (api === "chat.completions" && streaming && body) {
    const streamOptions = (body["stream_options"] ?? {}) as Record<string, unknown>;
    if (streamOptions["include_usage"] !== true) {
      providerBody = { ...body, stream_options: { ...streamOptions, include_usage: true } };
      hideUsageChunk = true;
    }
  }

  let response: Response;
  try {
    response = await transport(url, {
      ...init,
      // Ingest mode: the xProxy-* headers are tracking data, not for the provider. Proxy mode: they travel.
      headers: mode === "ingest" ? rest : new Headers(init.headers),
      body: providerBody ? JSON.stringify(providerBody) : init.body,
    });
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    if (ticket.callSite && typeof error === "object" && error !== null)
      callSitesByErrorPart.set(error, ticket.callSite);
    finish({
      status: 0,
      error: { type: failure.name, message: failure.message },
      units: null,
      cost: { status: "not-charged", reason: "no response" },
      limits: limitsAfter(0),
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
      limits: limitsAfter(0),
    });
    const failed = new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: copyHeaders(response.headers),
    });
    // The SDK's error keeps this very Headers object: an uncaught error can name the call's line.
    if (ticket.callSite) callSitesByErrorPart.set(failed.headers, ticket.callSite);
    return failed;
  }

  if (!streaming || !response.body) {
    const payload = (await response.json()) as Record<string, unknown>;
    const units = unitsFromUsage(api, payload["usage"] as Parameters<typeof unitsFromUsage>[1]);
    const { cost, limits } = settle(units);
    finish({ status: response.status, error: null, units, cost, limits });
    payload["xproxy_result"] = ingestRefused
      ? { ...BLOCKING_LIMIT_NOT_ALLOWED }
      : buildXproxyResult(seq, tags, cost, limits);
    return new Response(JSON.stringify(payload), {
      status: response.status,
      headers: copyHeaders(response.headers),
    });
  }

  const relayed = relaySse(response.body, api, hideUsageChunk, (units, cancelled) => {
    if (cancelled && !units)
      warnings.push("the stream was cancelled before the provider reported usage");
    const { cost, limits } = settle(units);
    finish({ status: response.status, error: null, units, cost, limits });
  });
  return new Response(relayed, { status: response.status, headers: copyHeaders(response.headers) });
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
    afterSeq: sequence,
    index: ++uncapturedCount,
    time: ticket.time,
    resource: typeof body?.["model"] === "string" ? body["model"] : "unknown",
    api,
    reason: ticket.uncaptured,
    why: UNCAPTURED_WHY[ticket.uncaptured],
    callSite: ticket.callSite,
  });
  return transport(url, init);
}
