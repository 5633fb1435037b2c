/**
 * The room service's contract, shared by the server (workshop/server), the attendee's forwarder and
 * the instructor's dashboard (src/workshop). Types, limits and a few pure helpers: no Node or DOM
 * code, so both sides import it. Every route is under `API_BASE`; the site and the API share one
 * origin, so the site's COOP/COEP headers need no CORS.
 *
 * Secrets never travel in URLs: the attendee token and the admin key go in
 * `Authorization: Bearer …`; the admin link carries its key in the fragment (`#room=…&key=…`),
 * which browsers never send to a server, and the dashboard removes it from the address bar.
 */
import type { CallEvent } from "../calls/event.ts";
import { fileStamp } from "../csv.ts";
import type { CallMeta } from "../calls/meta.ts";

export const API_BASE = "/api/workshop";
export const PROTOCOL_VERSION = 1;

/**
 * Sent with every response of the room service ("payi-workshop/1"). A page served by it can tell
 * from a HEAD request for its own URL; on a static host the header is simply absent, so checking
 * costs no 404.
 */
export const SERVICE_HEADER = "X-Payi-Workshop";

/** Limits the server enforces (and clients respect, so they never trip them in normal use). */
export const LIMITS = {
  /** Bytes in one request body (413 above). */
  maxRequestBytes: 256 * 1024,
  /** Calls in one POST …/events batch. */
  maxBatch: 100,
  /** Bytes of one call event's JSON. */
  maxEventBytes: 16 * 1024,
  /** Calls kept per room (409 room_full above: reset the room or open a new one). */
  maxCallsPerRoom: 200_000,
  /** Attendees per room. */
  maxAttendeesPerRoom: 500,
  /** Requests per attendee per minute to …/events (429 with Retry-After above). */
  eventPostsPerMinute: 120,
  /** Joins per client address per minute. */
  joinsPerMinute: 300,
  displayNameMaxLength: 40,
  userIdMaxLength: 32,
  roomNameMaxLength: 60,
  /** Calls in a snapshot's `recent` feed. */
  recentCalls: 50,
} as const;

/** Room codes: 6 characters from an alphabet without look-alikes (0/O, 1/I/L), e.g. "K7PQ2M". */
export const ROOM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const ROOM_CODE_PATTERN = "^[A-HJKMNP-Z2-9]{6}$";

/** Every error response: `{ error: { code, message } }`; `message` is a sentence for people. */
export interface ApiError {
  error: { code: ApiErrorCode; message: string };
}

export const API_ERROR_CODES = [
  "invalid_request", // 400: schema validation failed; message names the field
  "invalid_name", // 400: display name has no letter or digit, or control characters
  "unauthorized", // 401: no/unknown attendee token or admin key
  "forbidden", // 403: the key/token is for another room, or rooms can only be created on the instructor's machine
  "room_not_found", // 404
  "room_full", // 409: attendee or call cap reached
  "too_large", // 413: body over maxRequestBytes or an event over maxEventBytes
  "room_frozen", // 423: the instructor froze the room; calls are not accepted now
  "rate_limited", // 429: Retry-After header says when to retry
  "internal", // 500
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** A body in the service's error shape, with a code this protocol knows. */
export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const error = (value as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof message === "string" && (API_ERROR_CODES as readonly unknown[]).includes(code);
}

/** GET /api/workshop/health → 200 (a 404 or network error means the site is not served by `npm run workshop`). */
export interface Health {
  service: "payi-workshop";
  version: typeof PROTOCOL_VERSION;
  /**
   * Where attendees reach this server ("http://192.168.1.20:4400"), as `npm run workshop` found
   * its network addresses; empty when unknown. A dashboard opened on localhost builds its join
   * link from the first.
   */
  attendeeOrigins: string[];
}

/** POST /api/workshop/rooms (only from the instructor's machine: loopback) */
export interface CreateRoomRequest {
  name?: string;
}
/** 201 */
export interface CreateRoomResponse {
  room: RoomInfo;
  adminKey: string;
  /** Site-relative: "/workshop/room/#room=K7PQ2M&key=…" */
  adminPath: string;
  /** Site-relative: "/workshop/?room=K7PQ2M" */
  joinPath: string;
}

export interface RoomInfo {
  code: string;
  name: string;
  createdAt: string;
  frozen: boolean;
}

/** POST /api/workshop/rooms/:code/attendees */
export interface JoinRequest {
  displayName: string;
}
/** 201 */
export interface JoinResponse {
  room: RoomInfo;
  attendee: Attendee;
  /** The attendee's token: `Authorization: Bearer <token>` on …/events and …/me. */
  token: string;
}

export interface Attendee {
  /** Normalized from the display name, unique in the room: "Zoë O'Neil" → "zoe-oneil" (then "zoe-oneil-2"). */
  userId: string;
  displayName: string;
  joinedAt: string;
}

/** GET /api/workshop/rooms/:code/me (attendee token) → 200 */
export interface MeResponse {
  room: RoomInfo;
  attendee: Attendee;
}

/** Where a call was made, as the sandbox controller reports it (the same record Cost Drivers keeps). */
export type CallOrigin = CallMeta;

/** One forwarded call. `id` is made by the attendee's browser, so a retried batch stores nothing twice. */
export interface ForwardedCall {
  /** 8–64 characters of [A-Za-z0-9_-]. */
  id: string;
  event: CallEvent;
  meta: CallOrigin;
}

/** POST /api/workshop/rooms/:code/events (attendee token). All or nothing: a 4xx stores none of the batch. */
export interface PostCallsRequest {
  calls: ForwardedCall[];
}
/** 200 */
export interface PostCallsResponse {
  /** New calls stored. */
  stored: number;
  /** Calls already stored by an earlier attempt (same id): ignored. */
  duplicates: number;
}

/** One call as the dashboard sees it: flat, text-safe values only. */
export interface RoomCall {
  /** Server sequence number: grows with every stored call in the room. */
  seq: number;
  receivedAt: string;
  /** The attendee's room user id. */
  attendee: string;
  /** When the call was made (the event's time). */
  time: string;
  resource: string;
  api: string;
  /** The user id the learner's code tagged the call with (may differ from the attendee; null: none). */
  taggedUserId: string | null;
  useCase: string | null;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** USD; null when the call is unpriced (never counted as $0). */
  costUsd: number | null;
  costStatus: "priced" | "unpriced" | "not-charged";
  status: number | null;
  lesson: string;
  /** The event's explanation of its user id ("user id set by ingest() at line 7"). */
  why: string;
}

export interface Totals {
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** Sum of priced calls, USD. */
  spendUsd: number;
  unpricedCalls: number;
  failedCalls: number;
}

export interface AttendeeRow extends Totals {
  userId: string;
  displayName: string;
  joinedAt: string;
  /** ISO time of the last call received, null before the first. */
  lastCallAt: string | null;
  lastResource: string | null;
}

export interface UseCaseRow extends Totals {
  /** null: calls made outside any use case. */
  name: string | null;
}

/** GET /api/workshop/rooms/:code (admin) → 200; also the first `snapshot` event of the stream. */
export interface RoomSnapshot {
  room: RoomInfo;
  totals: Totals;
  attendees: AttendeeRow[];
  useCases: UseCaseRow[];
  /** The newest calls, oldest first (at most LIMITS.recentCalls). */
  recent: RoomCall[];
  /** seq of the newest stored call (0 when none). */
  lastSeq: number;
}

/**
 * GET /api/workshop/rooms/:code/stream (admin) → text/event-stream. Event names and data:
 * - `snapshot`: RoomSnapshot (first, and again after every reconnect)
 * - `calls`:    { calls: RoomCall[] } new calls, in seq order, batched (at most every 250 ms)
 * - `attendee`: Attendee (someone joined)
 * - `room`:     RoomInfo (frozen or unfrozen)
 * - `reset`:    RoomSnapshot (calls cleared; attendees kept)
 * - `deleted`:  {} (the room and its data are gone)
 * Comment lines (": ping") every 15 s keep proxies from closing the stream.
 */
export type StreamEvent =
  | { event: "snapshot"; data: RoomSnapshot }
  | { event: "calls"; data: { calls: RoomCall[] } }
  | { event: "attendee"; data: Attendee }
  | { event: "room"; data: RoomInfo }
  | { event: "reset"; data: RoomSnapshot }
  | { event: "deleted"; data: Record<string, never> };

/**
 * Admin routes (Authorization: Bearer <adminKey>):
 * - POST   /api/workshop/rooms/:code/freeze  { frozen: boolean } → 200 RoomInfo
 * - POST   /api/workshop/rooms/:code/reset   → 200 { deleted: number }
 * - DELETE /api/workshop/rooms/:code         → 204 (room, attendees and calls deleted)
 * - GET    /api/workshop/rooms/:code/calls.csv → text/csv, one row per call
 */
export interface FreezeRequest {
  frozen: boolean;
}

export function roomPath(code: string, rest = ""): string {
  return `${API_BASE}/rooms/${encodeURIComponent(code)}${rest}`;
}

/** The CSV export's file name, "workshop-K7PQ2M-2026-11-27T10-00-00.csv" (server and dashboard). */
export function csvFileName(room: string, at: Date): string {
  return `workshop-${room}-${fileStamp(at)}.csv`;
}
