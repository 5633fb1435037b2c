/**
 * Who is asking: the hooks that authenticate a request before its handler runs, and what they
 * found. An attendee token (`att_…`) opens its own room's attendee routes; a room's admin key
 * (`adm_…`) opens that room's admin routes. Both travel as `Authorization: Bearer <secret>`.
 */
import type { FastifyRequest } from "fastify";
import { ApiFailure, noRoom } from "./errors.ts";
import { ATTENDEE_PREFIX, bearer, hashSecret, secretMatches } from "./secrets.ts";
import type { AttendeeRecord, RoomRecord, RoomStore } from "./store/room-store.ts";
import type { RoomParams } from "./validation/requests.ts";

// What each hook found, for the handlers of the request it authenticated.
const admins = new WeakMap<FastifyRequest, RoomRecord>();
const attendees = new WeakMap<FastifyRequest, AttendeeRecord>();

function roomCodeOf(request: FastifyRequest): string {
  return (request.params as RoomParams).code;
}

/** The room whose admin key the request carries; throws 401/403/404 otherwise. */
function authenticateAdmin(store: RoomStore, request: FastifyRequest): RoomRecord {
  const code = roomCodeOf(request);
  const room = store.room(code);
  const secret = bearer(request.headers.authorization);
  if (!secret)
    throw new ApiFailure(
      401,
      "unauthorized",
      "This needs the room's admin key (Authorization: Bearer <key>). Open the admin link printed by `npm run workshop`.",
    );
  if (secret.startsWith(ATTENDEE_PREFIX))
    throw new ApiFailure(
      403,
      "forbidden",
      "That is an attendee token; the dashboard needs the room's admin key.",
    );
  if (!room) throw noRoom(code);
  if (!secretMatches(secret, room.adminKeyHash))
    throw new ApiFailure(403, "forbidden", `That admin key is not the key of room ${room.code}.`);
  return room;
}

/** The attendee whose token the request carries, in the room of the path; throws otherwise. */
function authenticateAttendee(store: RoomStore, request: FastifyRequest): AttendeeRecord {
  const code = roomCodeOf(request);
  const secret = bearer(request.headers.authorization);
  if (!secret)
    throw new ApiFailure(
      401,
      "unauthorized",
      "Join the room first: calls need the attendee token issued at join.",
    );
  const attendee = store.attendeeByTokenHash(hashSecret(secret));
  if (!attendee) {
    if (!store.room(code)) throw noRoom(code);
    throw new ApiFailure(
      401,
      "unauthorized",
      "This attendee token is not known here: join the room again.",
    );
  }
  if (attendee.roomCode !== code)
    throw new ApiFailure(
      403,
      "forbidden",
      `This attendee token belongs to room ${attendee.roomCode}, not ${code}.`,
    );
  return attendee;
}

/** A hook that lets only the room's admin key through. */
export function requireAdmin(store: RoomStore) {
  return async (request: FastifyRequest): Promise<void> => {
    admins.set(request, authenticateAdmin(store, request));
  };
}

/** A hook that lets only an attendee of the room through. */
export function requireAttendee(store: RoomStore) {
  return async (request: FastifyRequest): Promise<void> => {
    attendees.set(request, authenticateAttendee(store, request));
  };
}

/** The room `requireAdmin` authenticated this request for. */
export function adminRoom(request: FastifyRequest): RoomRecord {
  const room = admins.get(request);
  if (!room) throw new Error(`${request.url}: the route has no requireAdmin hook`);
  return room;
}

/** The attendee `requireAttendee` authenticated this request as, if it ran. */
export function attendeeOf(request: FastifyRequest): AttendeeRecord | undefined {
  return attendees.get(request);
}

/** The attendee `requireAttendee` authenticated this request as. */
export function signedInAttendee(request: FastifyRequest): AttendeeRecord {
  const attendee = attendees.get(request);
  if (!attendee) throw new Error(`${request.url}: the route has no requireAttendee hook`);
  return attendee;
}
