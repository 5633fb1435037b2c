/**
 * The attendee's side of the room service's HTTP API (workshop/protocol.ts). Same origin as the
 * site, so plain `fetch` with no CORS. Every failure becomes a `WorkshopApiError`: the server's
 * `{ error: { code, message } }` when it sent one, "offline" when no answer came at all (the
 * instructor's laptop asleep, another Wi-Fi, a request that hung), so callers decide on one field.
 */
import {
  API_BASE,
  isApiError,
  PROTOCOL_VERSION,
  roomPath,
  SERVICE_HEADER,
  type ApiErrorCode,
  type CreateRoomResponse,
  type ForwardedCall,
  type Health,
  type JoinResponse,
  type MeResponse,
  type PostCallsResponse,
} from "../../../shared/workshop/protocol.ts";
import type { Membership } from "./membership.ts";

/**
 * `offline`: no HTTP answer (network error or timeout). `bad_response`: an answer that is not the
 * room service's JSON (a captive portal's page, a proxy's error page).
 */
export type ClientErrorCode = ApiErrorCode | "offline" | "bad_response";

export class WorkshopApiError extends Error {
  override name = "WorkshopApiError";
  /** HTTP status; 0 when offline. */
  readonly status: number;
  readonly code: ClientErrorCode;
  /** From Retry-After (429, sometimes 503); null when the server did not say. */
  readonly retryAfterMs: number | null;

  constructor(
    status: number,
    code: ClientErrorCode,
    message: string,
    retryAfterMs = null as number | null,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  get offline(): boolean {
    return this.code === "offline";
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Long enough for a busy laptop on a crowded Wi-Fi; short enough that a dead one frees the queue. */
export const REQUEST_TIMEOUT_MS = 15_000;

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "room_not_found",
  409: "room_full",
  413: "too_large",
  423: "room_frozen",
  429: "rate_limited",
};

/** Retry-After in ms: seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

export interface ApiClient {
  /**
   * Whether this site is served by the room service (see `HealthResult`). Never throws. Asks for
   * `pagePath` (this page) first: only the room service marks its answers with SERVICE_HEADER, so on
   * a static host the check ends there, without a 404 for the API in the console.
   */
  health(pagePath?: string): Promise<HealthResult>;
  /** Works only on the instructor's machine (the server checks for a loopback address). */
  createRoom(name: string): Promise<CreateRoomResponse>;
  join(code: string, displayName: string): Promise<JoinResponse>;
  me(membership: Membership): Promise<MeResponse>;
  postCalls(membership: Membership, calls: ForwardedCall[]): Promise<PostCallsResponse>;
}

/**
 * `service`: the room service answers here. `absent`: the site is served by something else (a
 * static host, `astro dev`): a 404, a page that is not the health JSON. `unreachable`: no answer at
 * all (the server stopped, or the learner is offline).
 */
export type HealthResult =
  { kind: "service"; health: Health } | { kind: "absent" } | { kind: "unreachable" };

export function createApiClient(
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
  timeoutMs = REQUEST_TIMEOUT_MS,
): ApiClient {
  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    // AbortSignal.timeout is missing in some browsers still in use; a controller works everywhere.
    const controller = typeof AbortController === "function" ? new AbortController() : undefined;
    const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
    try {
      return await fetchImpl(path, {
        ...init,
        signal: controller?.signal ?? null,
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (error) {
      const timedOut = controller?.signal.aborted === true;
      throw new WorkshopApiError(
        0,
        "offline",
        timedOut
          ? `The room service did not answer within ${Math.round(timeoutMs / 1000)} seconds.`
          : `Could not reach the room service (${error instanceof Error ? error.message : String(error)}).`,
      );
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await send(path, init);
    const body = await readJson(response);
    if (response.ok) {
      if (body === undefined || typeof body !== "object" || body === null) {
        throw new WorkshopApiError(
          response.status,
          "bad_response",
          "The answer was not from the room service (not its JSON).",
        );
      }
      return body as T;
    }
    const error = isApiError(body) ? body.error : null;
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    const code =
      error?.code ??
      CODE_BY_STATUS[response.status] ??
      (response.status >= 500 ? "internal" : "bad_response");
    const message =
      error?.message ||
      `The room service answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`;
    throw new WorkshopApiError(response.status, code, message, retryAfterMs);
  }

  function json(method: string, body: unknown, token?: string): RequestInit {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers["authorization"] = `Bearer ${token}`;
    return { method, headers, body: JSON.stringify(body) };
  }

  function bearer(token: string): RequestInit {
    return { headers: { authorization: `Bearer ${token}` } };
  }

  return {
    async health(pagePath = typeof location === "object" ? location.pathname : "/") {
      try {
        // GET, not HEAD: some servers leave custom headers off HEAD answers. The body is read, not
        // cancelled: a cancelled download shows as a failed request in the browser's tools.
        const page = await send(pagePath);
        await page.arrayBuffer().catch(() => undefined);
        if (!page.headers.has(SERVICE_HEADER)) return { kind: "absent" };
        const response = await send(`${API_BASE}/health`);
        const body = (await readJson(response)) as Partial<Health> | undefined;
        if (response.ok && body?.service === "payi-workshop" && body.version === PROTOCOL_VERSION) {
          return { kind: "service", health: body as Health };
        }
        return { kind: "absent" };
      } catch {
        return { kind: "unreachable" };
      }
    },
    createRoom: (name) => call(`${API_BASE}/rooms`, json("POST", name ? { name } : {})),
    join: (code, displayName) => call(roomPath(code, "/attendees"), json("POST", { displayName })),
    me: (membership) => call(roomPath(membership.roomCode, "/me"), bearer(membership.token)),
    postCalls: (membership, calls) =>
      call(roomPath(membership.roomCode, "/events"), json("POST", { calls }, membership.token)),
  };
}

let shared: ApiClient | undefined;

/** The client for this page's origin. */
export function api(): ApiClient {
  shared ??= createApiClient();
  return shared;
}
