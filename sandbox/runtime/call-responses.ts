/**
 * What the instrumented fetch answers the SDK besides the provider's own response: the proxy's
 * refusal (`limit_reached`), the tracking result attached to a response, copies of the provider's
 * responses (their body re-read); and the error an event reports for a provider's error answer.
 */
import type { CallCost, CallEvent, LimitReport } from "../../shared/calls/event.ts";
import { LIMIT_REACHED_MESSAGE } from "./call-charge.ts";
import type { EffectiveTags } from "./resolve.ts";

/** The error of a provider's error answer: its own `error` object, or its HTTP status. */
export function apiError(text: string, status: number): NonNullable<CallEvent["error"]> {
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

/** The `xproxy_result` of a recorded call (see result.ts for its shape). */
export function xproxyResultOf(
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
export function limitReachedBody(seq: number, tags: EffectiveTags, limits: LimitReport[]): unknown {
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

/** The refusal as a response; the SDK is told not to retry it. */
export function limitReachedResponse(
  seq: number,
  tags: EffectiveTags,
  limits: LimitReport[],
): Response {
  return new Response(JSON.stringify(limitReachedBody(seq, tags, limits)), {
    status: 400,
    headers: { "content-type": "application/json", "x-should-retry": "false" },
  });
}

/** The provider's response with a new body (its status and headers kept). */
export function withBody(body: string | ReadableStream<Uint8Array>, response: Response): Response {
  return new Response(body, { status: response.status, headers: copyHeaders(response.headers) });
}

/** A copy of the provider's error answer, its status line kept, for the SDK to raise. */
export function failedCopy(text: string, response: Response): Response {
  return new Response(text, {
    status: response.status,
    statusText: response.statusText,
    headers: copyHeaders(response.headers),
  });
}

function copyHeaders(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.delete("content-length"); // the body is re-serialised
  return copy;
}
