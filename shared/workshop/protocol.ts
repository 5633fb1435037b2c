/**
 * The room service's contract, shared by the server (server/), the attendee's forwarder and the
 * instructor's dashboard (src/workshop). Every request and response body is a valibot schema here,
 * with its TypeScript type derived from it, like the call event (../calls/event.ts): the server
 * validates requests with these schemas (server/validation/), and clients check error bodies with
 * `isApiError`. Limits and a few pure helpers complete it. No Node or DOM code, so both sides
 * import it. Every route is under `API_BASE`; the site and the API share one origin, so the
 * site's COOP/COEP headers need no CORS.
 *
 * Secrets never travel in URLs: the attendee token and the admin key go in
 * `Authorization: Bearer …`; the admin link carries its key in the fragment (`#room=…&key=…`),
 * which browsers never send to a server, and the dashboard removes it from the address bar.
 */
import * as v from "valibot";
import { CallEventSchema } from "../calls/event.ts";
import { CallMetaSchema, type CallMeta } from "../calls/meta.ts";
import { fileStamp } from "../csv.ts";

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

/** Every error response: `{ error: { code, message } }`; `message` is a sentence for people. */
export const ApiErrorSchema = v.object({
  error: v.object({ code: v.picklist(API_ERROR_CODES), message: v.string() }),
});
export type ApiError = v.InferOutput<typeof ApiErrorSchema>;

/** A body in the service's error shape, with a code this protocol knows. */
export function isApiError(value: unknown): value is ApiError {
  return v.is(ApiErrorSchema, value);
}

/** GET /api/workshop/health → 200 (a 404 or network error means the site is not served by `npm run workshop`). */
export const HealthSchema = v.object({
  service: v.literal("payi-workshop"),
  version: v.literal(PROTOCOL_VERSION),
  /**
   * Where attendees reach this server ("http://192.168.1.20:4400"), as `npm run workshop` found
   * its network addresses; empty when unknown. A dashboard opened on localhost builds its join
   * link from the first.
   */
  attendeeOrigins: v.array(v.string()),
});
export type Health = v.InferOutput<typeof HealthSchema>;

export const RoomInfoSchema = v.object({
  code: v.string(),
  name: v.string(),
  createdAt: v.string(),
  frozen: v.boolean(),
});
export type RoomInfo = v.InferOutput<typeof RoomInfoSchema>;

/** POST /api/workshop/rooms (only from the instructor's machine: loopback) */
export const CreateRoomRequestSchema = v.object({
  name: v.optional(v.string()),
});
export type CreateRoomRequest = v.InferOutput<typeof CreateRoomRequestSchema>;

/** 201 */
export const CreateRoomResponseSchema = v.object({
  room: RoomInfoSchema,
  adminKey: v.string(),
  /** Site-relative: "/workshop/room/#room=K7PQ2M&key=…" */
  adminPath: v.string(),
  /** Site-relative: "/workshop/?room=K7PQ2M" */
  joinPath: v.string(),
});
export type CreateRoomResponse = v.InferOutput<typeof CreateRoomResponseSchema>;

export const AttendeeSchema = v.object({
  /** Normalized from the display name, unique in the room: "Zoë O'Neil" → "zoe-oneil" (then "zoe-oneil-2"). */
  userId: v.string(),
  displayName: v.string(),
  joinedAt: v.string(),
});
export type Attendee = v.InferOutput<typeof AttendeeSchema>;

/** POST /api/workshop/rooms/:code/attendees */
export const JoinRequestSchema = v.object({
  displayName: v.string(),
});
export type JoinRequest = v.InferOutput<typeof JoinRequestSchema>;

/** 201 */
export const JoinResponseSchema = v.object({
  room: RoomInfoSchema,
  attendee: AttendeeSchema,
  /** The attendee's token: `Authorization: Bearer <token>` on …/events and …/me. */
  token: v.string(),
});
export type JoinResponse = v.InferOutput<typeof JoinResponseSchema>;

/** GET /api/workshop/rooms/:code/me (attendee token) → 200 */
export const MeResponseSchema = v.object({
  room: RoomInfoSchema,
  attendee: AttendeeSchema,
});
export type MeResponse = v.InferOutput<typeof MeResponseSchema>;

/** Where a call was made, as the sandbox controller reports it (the same record Cost Drivers keeps). */
export type CallOrigin = CallMeta;

/** One forwarded call. `id` is made by the attendee's browser, so a retried batch stores nothing twice. */
export const ForwardedCallSchema = v.object({
  /** 8–64 characters of [A-Za-z0-9_-]. */
  id: v.string(),
  event: CallEventSchema,
  meta: CallMetaSchema,
});
export type ForwardedCall = v.InferOutput<typeof ForwardedCallSchema>;

/** POST /api/workshop/rooms/:code/events (attendee token). All or nothing: a 4xx stores none of the batch. */
export const PostCallsRequestSchema = v.object({
  calls: v.array(ForwardedCallSchema),
});
export type PostCallsRequest = v.InferOutput<typeof PostCallsRequestSchema>;

/** 200 */
export const PostCallsResponseSchema = v.object({
  /** New calls stored. */
  stored: v.number(),
  /** Calls already stored by an earlier attempt (same id): ignored. */
  duplicates: v.number(),
});
export type PostCallsResponse = v.InferOutput<typeof PostCallsResponseSchema>;

/** How a call's cost is counted: its event's `cost.status`. */
export const COST_STATUSES = ["priced", "unpriced", "not-charged"] as const;

/** One call as the dashboard sees it: flat, text-safe values only. */
export const RoomCallSchema = v.object({
  /** Server sequence number: grows with every stored call in the room. */
  seq: v.number(),
  receivedAt: v.string(),
  /** The attendee's room user id. */
  attendee: v.string(),
  /** When the call was made (the event's time). */
  time: v.string(),
  resource: v.string(),
  api: v.string(),
  /** The user id the learner's code tagged the call with (may differ from the attendee; null: none). */
  taggedUserId: v.nullable(v.string()),
  useCase: v.nullable(v.string()),
  inputTokens: v.number(),
  cachedInputTokens: v.number(),
  outputTokens: v.number(),
  /** USD; null when the call is unpriced (never counted as $0). */
  costUsd: v.nullable(v.number()),
  costStatus: v.picklist(COST_STATUSES),
  status: v.nullable(v.number()),
  lesson: v.string(),
  /** The event's explanation of its user id ("user id set by ingest() at line 7"). */
  why: v.string(),
});
export type RoomCall = v.InferOutput<typeof RoomCallSchema>;

export const TotalsSchema = v.object({
  requests: v.number(),
  inputTokens: v.number(),
  cachedInputTokens: v.number(),
  outputTokens: v.number(),
  /** Sum of priced calls, USD. */
  spendUsd: v.number(),
  unpricedCalls: v.number(),
  failedCalls: v.number(),
});
export type Totals = v.InferOutput<typeof TotalsSchema>;

export const AttendeeRowSchema = v.object({
  ...TotalsSchema.entries,
  userId: v.string(),
  displayName: v.string(),
  joinedAt: v.string(),
  /** ISO time of the last call received, null before the first. */
  lastCallAt: v.nullable(v.string()),
  lastResource: v.nullable(v.string()),
});
export type AttendeeRow = v.InferOutput<typeof AttendeeRowSchema>;

export const UseCaseRowSchema = v.object({
  ...TotalsSchema.entries,
  /** null: calls made outside any use case. */
  name: v.nullable(v.string()),
});
export type UseCaseRow = v.InferOutput<typeof UseCaseRowSchema>;

/** GET /api/workshop/rooms/:code (admin) → 200; also the first `snapshot` event of the stream. */
export const RoomSnapshotSchema = v.object({
  room: RoomInfoSchema,
  totals: TotalsSchema,
  attendees: v.array(AttendeeRowSchema),
  useCases: v.array(UseCaseRowSchema),
  /** The newest calls, oldest first (at most LIMITS.recentCalls). */
  recent: v.array(RoomCallSchema),
  /** seq of the newest stored call (0 when none). */
  lastSeq: v.number(),
});
export type RoomSnapshot = v.InferOutput<typeof RoomSnapshotSchema>;

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
export const StreamEventSchema = v.variant("event", [
  v.object({ event: v.literal("snapshot"), data: RoomSnapshotSchema }),
  v.object({ event: v.literal("calls"), data: v.object({ calls: v.array(RoomCallSchema) }) }),
  v.object({ event: v.literal("attendee"), data: AttendeeSchema }),
  v.object({ event: v.literal("room"), data: RoomInfoSchema }),
  v.object({ event: v.literal("reset"), data: RoomSnapshotSchema }),
  v.object({ event: v.literal("deleted"), data: v.record(v.string(), v.never()) }),
]);
export type StreamEvent = v.InferOutput<typeof StreamEventSchema>;

/**
 * Admin routes (Authorization: Bearer <adminKey>):
 * - POST   /api/workshop/rooms/:code/freeze  { frozen: boolean } → 200 RoomInfo
 * - POST   /api/workshop/rooms/:code/reset   → 200 { deleted: number }
 * - DELETE /api/workshop/rooms/:code         → 204 (room, attendees and calls deleted)
 * - GET    /api/workshop/rooms/:code/calls.csv → text/csv, one row per call
 */
export const FreezeRequestSchema = v.object({
  frozen: v.boolean(),
});
export type FreezeRequest = v.InferOutput<typeof FreezeRequestSchema>;

/** 200 from POST …/reset */
export const ResetResponseSchema = v.object({
  /** Calls deleted. */
  deleted: v.number(),
});
export type ResetResponse = v.InferOutput<typeof ResetResponseSchema>;

export function roomPath(code: string, rest = ""): string {
  return `${API_BASE}/rooms/${encodeURIComponent(code)}${rest}`;
}

/** The CSV export's file name, "workshop-K7PQ2M-2026-11-27T10-00-00.csv" (server and dashboard). */
export function csvFileName(room: string, at: Date): string {
  return `workshop-${room}-${fileStamp(at)}.csv`;
}
