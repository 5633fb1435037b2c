/**
 * The attendee's routes: join a room (anyone who can reach the server), then, with the token
 * issued at join, read the membership and append calls to that room only.
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import {
  LIMITS,
  type JoinRequest,
  type JoinResponse,
  type MeResponse,
  type PostCallsRequest,
  type PostCallsResponse,
} from "../../shared/workshop/protocol.ts";
import { attendeeOf, requireAttendee, signedInAttendee } from "../auth.ts";
import { ApiFailure, noRoom } from "../errors.ts";
import { checkDisplayName } from "../names.ts";
import { roomInfo } from "../store/room-store.ts";
import { ATTENDEE_PREFIX, hashSecret, newSecret } from "../secrets.ts";
import {
  JoinBodySchema,
  PostCallsBodySchema,
  RoomParamsSchema,
  type RoomParams,
} from "../validation/requests.ts";
import type { RouteContext } from "./context.ts";

export interface AttendeeRoutesOptions extends RouteContext {
  /** Per-minute limits; tests lower them. */
  eventPostsPerMinute?: number;
  joinsPerMinute?: number;
}

export const attendeeRoutes: FastifyPluginAsync<AttendeeRoutesOptions> = async (api, options) => {
  const { store, live, now } = options;
  const authenticate = requireAttendee(store);

  api.post<{ Params: RoomParams; Body: JoinRequest }>(
    "/rooms/:code/attendees",
    {
      schema: { params: RoomParamsSchema, body: JoinBodySchema },
      config: {
        rateLimit: { max: options.joinsPerMinute ?? LIMITS.joinsPerMinute, timeWindow: 60_000 },
      },
    },
    async (request, reply) => {
      const room = store.room(request.params.code);
      if (!room) throw noRoom(request.params.code);
      const name = checkDisplayName(request.body.displayName);
      if (!name.ok) throw new ApiFailure(400, "invalid_name", name.message);
      const token = newSecret(ATTENDEE_PREFIX);
      const attendee = store.addAttendee({
        roomCode: room.code,
        baseUserId: name.userId,
        displayName: name.displayName,
        tokenHash: hashSecret(token),
        joinedAt: now().toISOString(),
      });
      if (!attendee)
        throw new ApiFailure(
          409,
          "room_full",
          `Room ${room.code} is full (${store.caps.maxAttendeesPerRoom} attendees).`,
        );
      const { userId, displayName, joinedAt } = attendee;
      live.send(room.code, { event: "attendee", data: { userId, displayName, joinedAt } });
      const joined: JoinResponse = {
        room: roomInfo(room),
        attendee: { userId, displayName, joinedAt },
        token,
      };
      return reply.code(201).send(joined);
    },
  );

  api.get<{ Params: RoomParams }>(
    "/rooms/:code/me",
    { schema: { params: RoomParamsSchema }, preHandler: authenticate },
    async (request): Promise<MeResponse> => {
      const attendee = signedInAttendee(request);
      const room = store.room(attendee.roomCode);
      if (!room) throw noRoom(request.params.code);
      const { userId, displayName, joinedAt } = attendee;
      return { room: roomInfo(room), attendee: { userId, displayName, joinedAt } };
    },
  );

  api.post<{ Params: RoomParams; Body: PostCallsRequest }>(
    "/rooms/:code/events",
    {
      schema: { params: RoomParamsSchema, body: PostCallsBodySchema },
      // Authenticate before the body is read, so a stranger's upload is refused at once.
      onRequest: authenticate,
      config: {
        rateLimit: {
          max: options.eventPostsPerMinute ?? LIMITS.eventPostsPerMinute,
          timeWindow: 60_000,
          hook: "preHandler",
          keyGenerator: (request: FastifyRequest) =>
            `attendee:${attendeeOf(request)?.id ?? request.ip}`,
        },
      },
    },
    async (request): Promise<PostCallsResponse> => {
      const attendee = signedInAttendee(request);
      const room = store.room(attendee.roomCode);
      if (!room) throw noRoom(request.params.code);
      if (room.frozen)
        throw new ApiFailure(
          423,
          "room_frozen",
          "The instructor froze the room: calls made now are not recorded.",
        );
      const calls = request.body.calls;
      calls.forEach((call, index) => {
        if (JSON.stringify(call.event).length > LIMITS.maxEventBytes)
          throw new ApiFailure(
            413,
            "too_large",
            `Call ${index + 1} of the batch is larger than ${LIMITS.maxEventBytes / 1024} KB; nothing in the batch was stored.`,
          );
      });
      const result = store.insertCalls(attendee, calls, now().toISOString());
      if (!result)
        throw new ApiFailure(
          409,
          "room_full",
          `Room ${room.code} holds its maximum of ${store.caps.maxCallsPerRoom} calls; the instructor can reset it.`,
        );
      live.calls(room.code, result.stored);
      return { stored: result.stored.length, duplicates: result.duplicates };
    },
  );
};
