/** The HTTP edge of the mock: reading fetch arguments and building Responses (JSON or server-sent events). */
import type { MockApiError } from "./errors.ts";
import { abortReason } from "./latency.ts";

/** What the router needs from one fetch call. */
export interface MockRequest {
  readonly method: string;
  /** The path below the API root, e.g. "/chat/completions" (a "/v1" prefix is removed). */
  readonly path: string;
  /** The path as sent, for error messages. */
  readonly fullPath: string;
  readonly bodyText: string;
  readonly signal: AbortSignal | undefined;
}

/** Reads fetch's arguments in any of their forms (URL string, URL, Request; any BodyInit). */
export async function readRequest(
  input: string | URL | Request,
  init?: RequestInit,
): Promise<MockRequest> {
  const request = typeof input === "string" || input instanceof URL ? undefined : input;
  const url = new URL(request ? request.url : String(input), "https://api.openai.com/v1/");
  let bodyText = "";
  if (typeof init?.body === "string") bodyText = init.body;
  else if (init?.body != null) bodyText = await new Response(init.body).text();
  else if (request?.body) bodyText = await request.text();
  return {
    method: (init?.method ?? request?.method ?? "GET").toUpperCase(),
    // Whatever the base URL, endpoints are named relative to the API version root.
    path: url.pathname.replace(/^.*?\/v1(?=\/)/, "").replace(/\/+$/, ""),
    fullPath: url.pathname,
    bodyText,
    signal: init?.signal ?? request?.signal ?? undefined,
  };
}

function apiHeaders(requestId: string, contentType: string, processingMs: number): Headers {
  return new Headers({
    "content-type": contentType,
    "x-request-id": requestId,
    "openai-version": "2020-10-01",
    "openai-processing-ms": String(Math.round(processingMs)),
  });
}

/** A JSON response with the headers the API sends. */
export function jsonResponse(
  status: number,
  body: unknown,
  requestId: string,
  processingMs = 0,
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: apiHeaders(requestId, "application/json", processingMs),
  });
}

/** The API's error response for `error`. */
export function errorResponse(error: MockApiError, requestId: string): Response {
  return jsonResponse(error.status, error.toJSON(), requestId);
}

/** One server-sent event, due `atMs` after the response's headers. */
export interface SseEvent {
  readonly atMs: number;
  readonly data: string;
  /** The SSE `event:` field (the Responses API names its events; Chat Completions does not). */
  readonly event?: string;
}

/**
 * A text/event-stream response that releases each event at its time. With all
 * times at 0 the whole body is queued at once and no timer is ever set. Abort
 * errors the body with the signal's reason, as fetch does; cancelling it
 * (breaking out of the SDK's stream) stops the timers.
 */
export function sseResponse(
  events: readonly SseEvent[],
  requestId: string,
  processingMs: number,
  signal: AbortSignal | undefined,
): Response {
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = (): void => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let next = 0;
      let elapsedMs = 0;
      const release = (): void => {
        while (next < events.length && (events[next]?.atMs ?? 0) <= elapsedMs) {
          const { event, data } = events[next++] as SseEvent;
          controller.enqueue(
            encoder.encode(`${event ? `event: ${event}\n` : ""}data: ${data}\n\n`),
          );
        }
        const upcoming = events[next];
        if (!upcoming) {
          stop();
          controller.close();
          return;
        }
        timer = setTimeout(() => {
          elapsedMs = upcoming.atMs;
          release();
        }, upcoming.atMs - elapsedMs);
      };
      onAbort = () => {
        stop();
        controller.error(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      release();
    },
    cancel: stop,
  });
  return new Response(body, {
    status: 200,
    headers: apiHeaders(requestId, "text/event-stream; charset=utf-8", processingMs),
  });
}
