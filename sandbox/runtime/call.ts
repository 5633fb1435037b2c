/**
 * One instrumented call, from the request the SDK built to the event: effective tags, mode,
 * block limits (proxy mode), the provider request, usage, cost, limit states, the result object
 * attached to the response, and the event. Calls made without instrumentation are reported too
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
import type { SourcePosition } from "./host-hooks.ts";
import { blockingLimits, chargeLimits, refusedReports } from "./limits.ts";
import { resolveTags, type EffectiveTags } from "./resolve.ts";
import type { Scope } from "./scope.ts";
import { relaySse } from "./sse-relay.ts";
import { unitsFromUsage } from "./usage.ts";

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

/** For tests only. */
export function resetCallSequenceForTests(): void {
  sequence = 0;
  uncapturedCount = 0;
  sink = undefined;
}

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
    };
    emit(event);
  };

  const settle = (units: Units | null) => {
    const cost = costOf(model, tags.priceAs.resource, units);
    if (cost.status === "unpriced")
      warnings.push(
        `${cost.pricedAs} has no price in ${cost.source.name}: its cost is unknown, not $0`,
      );
    const limits = chargeLimits(limitIds, cost.status === "priced" ? cost.total : 0, mode);
    return { cost, limits };
  };

  if (mode === "proxy") {
    const blocked = blockingLimits(limitIds);
    if (blocked.length > 0) {
      const message = `Limit reached: ${blocked.map((limit) => limit.name).join(", ")}. The Pay-i proxy blocked this call; nothing was sent to the provider.`;
      finish({
        status: 429,
        error: { type: "limit_reached", message },
        units: null,
        cost: { status: "not-charged", reason: "blocked by a limit" },
        limits: refusedReports(limitIds, blocked),
      });
      return jsonResponse(
        429,
        { error: { message, type: "limit_reached", param: null, code: "limit_reached" } },
        { "x-should-retry": "false" },
      );
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
      limits: chargeLimits(limitIds, 0, mode),
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
      limits: chargeLimits(limitIds, 0, mode),
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
    payload["xproxy_result"] = buildXproxyResult(seq, tags, cost, limits);
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
  "not-instrumented": "made before payiInstrument() was called: Pay-i never sees it",
  "no-context":
    "made outside every context (global instrumentation is off and no ingest()/trackContext() scope was open): Pay-i never sees it",
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
