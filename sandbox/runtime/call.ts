/**
 * One instrumented call, from the request the SDK built to the event: effective tags, mode,
 * block limits (proxy mode: refused before the provider; ingest mode: the ingest is refused after
 * it), the provider request, usage, cost, limit states, the result object attached to the
 * response, and the event.
 */
import { priceCall } from "../pricing/index.ts";
import type { CallApi, CallCost, CallEvent, LimitReport, Units } from "../../shared/calls/event.ts";
import { partitionHeaders } from "./headers.ts";
import { emitEvent, warn, type SourcePosition } from "./host-hooks.ts";
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
import { takeUntrackedCalls } from "./untracked.ts";
import { unitsFromUsage } from "./usage.ts";
import { useCaseNameProblem } from "./use-case-name.ts";

export interface CallTicket {
  scope: Scope;
  startedAt: number;
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

interface Outcome {
  status: number;
  error: CallEvent["error"];
  units: Units | null;
  cost: CallCost;
  limits: LimitReport[];
}

let sequence = 0;
/** Invalid use case names already warned about in the output (the event warns on every call). */
const warnedNames = new Set<string>();

/** For tests only. */
export function resetCallSequenceForTests(): void {
  sequence = 0;
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
  const { tags: headerTags, rest } = partitionHeaders(new Headers(init.headers));
  const tags = resolveTags(ticket.scope, headerTags);
  const mode = ticket.scope.proxy ? "proxy" : "ingest";
  const body = parseJsonBody(init.body);
  const model = typeof body?.["model"] === "string" ? body["model"] : "unknown";
  const streaming = body?.["stream"] === true;
  const limitIds = tags.limitIds.value ?? [];
  const warnings: string[] = [];

  const untracked = takeUntrackedCalls();
  if (untracked.warning) warnings.push(untracked.warning);

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
      ingestError: ingestRefused ? { ...BLOCKING_LIMIT_NOT_ALLOWED } : null,
      ...(untracked.count > 0 ? { untrackedBefore: untracked.count } : {}),
      callSite: ticket.callSite,
      warnings,
    };
    emitEvent(event);
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
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: copyHeaders(response.headers),
    });
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
