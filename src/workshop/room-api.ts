/**
 * The browser's side of the room service's HTTP API (shared/workshop/protocol.ts), for the
 * attendee's join page and forwarder and for the instructor's dashboard. Same origin as the site,
 * so plain `fetch` with no CORS; attendee tokens and admin keys go in the Authorization header,
 * never in a URL. Every failure becomes a `RoomApiError`: the server's `{ error: { code, message } }`
 * when it sent one, a code read from the HTTP status when it did not, `offline` when no answer came
 * at all (the instructor's laptop asleep, another Wi-Fi, a request that hung), so callers decide on
 * one field.
 *
 * The two pages read two things differently, on purpose, and say so in their `ClientPolicy`:
 * what a 404 that is not the service's JSON means, and how an unanswered request is put into words.
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
  type RoomInfo,
} from "../../shared/workshop/protocol.ts";
import type { Membership } from "./attendee/membership.ts";

/**
 * `offline`: no HTTP answer (network error or timeout). `bad_response`: an answer that is not the
 * room service's JSON (a captive portal's page, a proxy's error page). `not_served`: this site is
 * not served by the room service at all (the dashboard's reading of a bare 404).
 */
export type ClientErrorCode = ApiErrorCode | "offline" | "bad_response" | "not_served";

export class RoomApiError extends Error {
  override name = "RoomApiError";
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

  /** The key (or token) is wrong for this room: the dashboard asks for another. */
  get keyRejected(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Why a request got no answer, for the page's sentence. */
export interface Unanswered {
  /** Abandoned after `timeoutMs`, rather than refused by the network. */
  timedOut: boolean;
  timeoutMs: number;
  error: unknown;
}

/** Where the two pages read the same answer differently. */
export interface ClientPolicy {
  /**
   * A 404 (or 405) whose body is not the service's JSON. `room-gone`: the attendee's reading, the
   * room's routes answer 404 once it is deleted, so the code is `room_not_found` as the status says.
   * `not-served`: the dashboard's, it is opened from an admin link, so a bare 404 means this copy
   * of the site is served by something other than the room service (a static host, `astro dev`).
   */
  bareNotFound: "room-gone" | "not-served";
  /** The sentence for a request that got no answer. */
  unreachable(why: Unanswered): string;
}

/** The attendee is on a phone or laptop in the room: the sentence says what was tried. */
export const ATTENDEE_POLICY: ClientPolicy = {
  bareNotFound: "room-gone",
  unreachable: ({ timedOut, timeoutMs, error }) =>
    timedOut
      ? `The room service did not answer within ${Math.round(timeoutMs / 1000)} seconds.`
      : `Could not reach the room service (${error instanceof Error ? error.message : String(error)}).`,
};

/** The dashboard's sentence for no answer, also used by its live stream. */
export const DASHBOARD_UNREACHABLE =
  "The room service did not answer. Is `npm run workshop` still running on the instructor's machine?";

export const NOT_SERVED =
  "This site is not served by the room service (`npm run workshop`), so there is no room to manage.";

/** The instructor runs the service: the sentence says what to check on their machine. */
export const DASHBOARD_POLICY: ClientPolicy = {
  bareNotFound: "not-served",
  unreachable: () => DASHBOARD_UNREACHABLE,
};

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

/** The error a refused request stands for: the server's words when it sent them. */
async function errorOf(response: Response, policy: ClientPolicy): Promise<RoomApiError> {
  const { status, statusText } = response;
  const body = await readJson(response);
  const error = isApiError(body) ? body.error : null;
  if (!error && policy.bareNotFound === "not-served" && (status === 404 || status === 405))
    return new RoomApiError(status, "not_served", NOT_SERVED);
  const code =
    error?.code ?? CODE_BY_STATUS[status] ?? (status >= 500 ? "internal" : "bad_response");
  const message =
    error?.message ||
    `The room service answered HTTP ${status}${statusText ? ` ${statusText}` : ""}.`;
  return new RoomApiError(
    status,
    code,
    message,
    parseRetryAfter(response.headers.get("retry-after")),
  );
}

interface TransportOptions {
  policy: ClientPolicy;
  fetch?: FetchLike | undefined;
  /** null: wait as long as the browser does. */
  timeoutMs: number | null;
}

/** The one fetch wrapper: every request of both pages goes through it. */
class Transport {
  readonly #policy: ClientPolicy;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number | null;

  constructor(options: TransportOptions) {
    this.#policy = options.policy;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#timeoutMs = options.timeoutMs;
  }

  /** Any answer at all; only no answer throws (`offline`). */
  async send(path: string, init: RequestInit = {}): Promise<Response> {
    const timeoutMs = this.#timeoutMs;
    // AbortSignal.timeout is missing in some browsers still in use; a controller works everywhere.
    const controller =
      timeoutMs !== null && typeof AbortController === "function"
        ? new AbortController()
        : undefined;
    const timer = controller ? setTimeout(() => controller.abort(), timeoutMs!) : undefined;
    try {
      return await this.#fetch(path, {
        ...init,
        signal: controller?.signal ?? null,
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (error) {
      const timedOut = controller?.signal.aborted === true;
      const why = { timedOut, timeoutMs: timeoutMs ?? 0, error };
      throw new RoomApiError(0, "offline", this.#policy.unreachable(why));
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  /** A 2xx answer; anything else throws. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await this.send(path, init);
    if (!response.ok) throw await errorOf(response, this.#policy);
    return response;
  }

  /** A 2xx answer's JSON object; an answer that is not the service's JSON is `bad_response`. */
  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await this.request(path, init);
    const body = await readJson(response);
    if (body === undefined || typeof body !== "object" || body === null) {
      throw new RoomApiError(
        response.status,
        "bad_response",
        "The answer was not from the room service (not its JSON).",
      );
    }
    return body as T;
  }

  /** The service's health JSON; null when the answer is not it. Throws only when offline. */
  async health(): Promise<Partial<Health> | null> {
    const response = await this.send(`${API_BASE}/health`);
    const body = (await readJson(response)) as Partial<Health> | undefined;
    return response.ok && typeof body === "object" && body !== null ? body : null;
  }
}

function withToken(token: string, init: RequestInit = {}): RequestInit {
  return {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  };
}

function jsonBody(method: string, body: unknown): RequestInit {
  return { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** Opens a new room; the service allows it only from its own machine (403 `forbidden` elsewhere). */
function createRoom(transport: Transport, name: string | undefined): Promise<CreateRoomResponse> {
  return transport.json(`${API_BASE}/rooms`, jsonBody("POST", name ? { name } : {}));
}

/**
 * `service`: the room service answers here. `absent`: the site is served by something else (a
 * static host, `astro dev`): a 404, a page that is not the health JSON. `unreachable`: no answer at
 * all (the server stopped, or the learner is offline).
 */
export type HealthResult =
  { kind: "service"; health: Health } | { kind: "absent" } | { kind: "unreachable" };

export interface AttendeeClient {
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

export function createAttendeeClient(
  fetchImpl?: FetchLike,
  timeoutMs = REQUEST_TIMEOUT_MS,
): AttendeeClient {
  const transport = new Transport({ policy: ATTENDEE_POLICY, fetch: fetchImpl, timeoutMs });
  return {
    async health(pagePath = typeof location === "object" ? location.pathname : "/") {
      try {
        // GET, not HEAD: some servers leave custom headers off HEAD answers. The body is read, not
        // cancelled: a cancelled download shows as a failed request in the browser's tools.
        const page = await transport.send(pagePath);
        await page.arrayBuffer().catch(() => undefined);
        if (!page.headers.has(SERVICE_HEADER)) return { kind: "absent" };
        const health = await transport.health();
        if (health?.service === "payi-workshop" && health.version === PROTOCOL_VERSION) {
          return { kind: "service", health: health as Health };
        }
        return { kind: "absent" };
      } catch {
        return { kind: "unreachable" };
      }
    },
    createRoom: (name) => createRoom(transport, name),
    join: (code, displayName) =>
      transport.json(roomPath(code, "/attendees"), jsonBody("POST", { displayName })),
    me: (membership) =>
      transport.json(roomPath(membership.roomCode, "/me"), withToken(membership.token)),
    postCalls: (membership, calls) =>
      transport.json(
        roomPath(membership.roomCode, "/events"),
        withToken(membership.token, jsonBody("POST", { calls })),
      ),
  };
}

let shared: AttendeeClient | undefined;

/** The attendee's client for this page's origin. */
export function attendeeApi(): AttendeeClient {
  shared ??= createAttendeeClient();
  return shared;
}

/** What the dashboard may do to one room, with its admin key. */
export interface RoomAdmin {
  freeze(frozen: boolean): Promise<RoomInfo>;
  /** Deletes every call in the room; attendees stay. Resolves to the number of calls deleted. */
  reset(): Promise<number>;
  remove(): Promise<void>;
  callsCsv(): Promise<Blob>;
}

export interface DashboardClient {
  /** Works only on the instructor's machine, like the attendee's. */
  createRoom(name?: string): Promise<CreateRoomResponse>;
  admin(room: string, key: string): RoomAdmin;
  /** The service's health JSON (its attendee addresses); null when there is none. Never throws. */
  health(): Promise<Partial<Health> | null>;
}

export function createDashboardClient(fetchImpl?: FetchLike): DashboardClient {
  // No timeout, as the dashboard always had: a CSV export of a full room may take a while.
  const transport = new Transport({ policy: DASHBOARD_POLICY, fetch: fetchImpl, timeoutMs: null });
  return {
    createRoom: (name) => createRoom(transport, name),
    health: () => transport.health().catch(() => null),
    admin(room, key) {
      const request = (rest: string, init?: RequestInit) =>
        transport.request(roomPath(room, rest), withToken(key, init));
      return {
        freeze: (frozen) =>
          transport.json(roomPath(room, "/freeze"), withToken(key, jsonBody("POST", { frozen }))),
        async reset() {
          const response = await request("/reset", { method: "POST" });
          const body = (await response.json().catch(() => ({}))) as { deleted?: unknown };
          return typeof body.deleted === "number" ? body.deleted : 0;
        },
        async remove() {
          await request("", { method: "DELETE" });
        },
        async callsCsv() {
          const response = await request("/calls.csv", { headers: { accept: "text/csv" } });
          const blob = await response.blob();
          return blob.type ? blob : new Blob([blob], { type: "text/csv;charset=utf-8" });
        },
      };
    },
  };
}
