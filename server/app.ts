/**
 * The room service: the built site plus the workshop API on one origin (so the site's COOP/COEP
 * headers need no CORS). Routes follow workshop/protocol.ts. Who may do what:
 * - anyone who can reach the server: read the site, check health, join a room;
 * - the instructor's machine (loopback) only: create rooms;
 * - an attendee token: append calls to its own room, read its own membership;
 * - the room's admin key: see the dashboard, stream, freeze, reset, delete, export.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { csvField } from "../shared/csv.ts";
import { isolationHeaders } from "../shared/isolation-headers.ts";
import {
  API_BASE,
  csvFileName,
  LIMITS,
  PROTOCOL_VERSION,
  SERVICE_HEADER,
  type ApiErrorCode,
  type CreateRoomRequest,
  type FreezeRequest,
  type Health,
  type JoinRequest,
  type PostCallsRequest,
  type RoomInfo,
} from "../shared/workshop/protocol.ts";
import { LiveRooms, type LiveOptions } from "./live.ts";
import { checkDisplayName } from "./names.ts";
import { createRoomBody, freezeBody, joinBody, postCallsBody, roomParams } from "./schemas.ts";
import {
  ADMIN_PREFIX,
  ATTENDEE_PREFIX,
  bearer,
  hashSecret,
  newRoomCode,
  newSecret,
  secretMatches,
} from "./secrets.ts";
import type { AttendeeRecord, RoomRecord, RoomStore } from "./store.ts";

export interface AppOptions {
  store: RoomStore;
  /** The built site (dist/); without it only the API is served. */
  siteDir?: string;
  /** Per-minute limits; tests lower them. */
  eventPostsPerMinute?: number;
  joinsPerMinute?: number;
  live?: LiveOptions;
  /** Origins attendees can reach (the CLI's LAN addresses), announced by /health. */
  attendeeOrigins?: () => string[];
  /** Fastify's request log (pino) on stdout. URLs carry no secrets, so logging them is safe. */
  log?: boolean;
  now?: () => Date;
}

export class ApiFailure extends Error {
  readonly statusCode: number;
  readonly code: ApiErrorCode;
  constructor(statusCode: number, code: ApiErrorCode, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function info(room: RoomRecord): RoomInfo {
  return { code: room.code, name: room.name, createdAt: room.createdAt, frozen: room.frozen };
}

function noRoom(code: string): ApiFailure {
  return new ApiFailure(
    404,
    "room_not_found",
    `There is no room ${code} on this server. Check the code on the instructor's screen; the room may have been deleted.`,
  );
}

type RoomRequest = FastifyRequest<{ Params: { code: string } }>;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const live = new LiveRooms(options.live);
  const attendees = new WeakMap<FastifyRequest, AttendeeRecord>();

  const app = Fastify({
    logger: options.log ?? false,
    bodyLimit: LIMITS.maxRequestBytes,
    // Strict validation: "5" is not a number, and unknown fields are errors, not silently dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });

  // JSON only: a text body would otherwise reach validation as a string ("body must be object").
  app.removeContentTypeParser("text/plain");

  app.addHook("onSend", async (_request, reply) => {
    for (const [name, value] of Object.entries(isolationHeaders)) reply.header(name, value);
    // Lets a page tell, from a HEAD request for itself, that the room service is here, without
    // a 404 (and its console error) on static hosts that have no API.
    reply.header(SERVICE_HEADER, `payi-workshop/${PROTOCOL_VERSION}`);
  });
  // Before Fastify waits for open connections to end: dashboards' streams never end by themselves.
  app.addHook("preClose", async () => live.shutdown());

  app.setErrorHandler(
    (
      error: Error & { statusCode?: number; code?: string; validation?: unknown },
      request,
      reply,
    ) => {
      const send = (status: number, code: ApiErrorCode, message: string) =>
        reply.code(status).header("Cache-Control", "no-store").send({ error: { code, message } });
      if (error instanceof ApiFailure) return send(error.statusCode, error.code, error.message);
      if (error.validation)
        return send(400, "invalid_request", `Invalid request: ${error.message}.`);
      if (error.statusCode === 413)
        return send(
          413,
          "too_large",
          `The request is larger than ${LIMITS.maxRequestBytes / 1024} KB: send fewer calls per request.`,
        );
      if (error.statusCode === 415)
        return send(
          415,
          "invalid_request",
          "Send the body as JSON (Content-Type: application/json).",
        );
      if (error.statusCode === 429) {
        return send(
          429,
          "rate_limited",
          "Too many requests: wait for the time in Retry-After, then send again.",
        );
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
        return send(error.statusCode, "invalid_request", `Invalid request: ${error.message}.`);
      request.log.error(error);
      return send(500, "internal", "The room service failed to handle this request; try again.");
    },
  );

  await app.register(fastifyRateLimit, {
    global: false,
    // Our error shape; the plugin adds Retry-After and x-ratelimit-* headers.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Rate limit exceeded, retry in ${context.after}`), {
        statusCode: 429,
      }),
  });

  const adminRoom = (request: RoomRequest): RoomRecord => {
    const room = store.room(request.params.code);
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
    if (!room) throw noRoom(request.params.code);
    if (!secretMatches(secret, room.adminKeyHash))
      throw new ApiFailure(403, "forbidden", `That admin key is not the key of room ${room.code}.`);
    return room;
  };

  const attendeeOf = (request: RoomRequest): AttendeeRecord => {
    const secret = bearer(request.headers.authorization);
    if (!secret)
      throw new ApiFailure(
        401,
        "unauthorized",
        "Join the room first: calls need the attendee token issued at join.",
      );
    const attendee = store.attendeeByTokenHash(hashSecret(secret));
    if (!attendee) {
      if (!store.room(request.params.code)) throw noRoom(request.params.code);
      throw new ApiFailure(
        401,
        "unauthorized",
        "This attendee token is not known here: join the room again.",
      );
    }
    if (attendee.roomCode !== request.params.code)
      throw new ApiFailure(
        403,
        "forbidden",
        `This attendee token belongs to room ${attendee.roomCode}, not ${request.params.code}.`,
      );
    return attendee;
  };

  await app.register(
    async (api) => {
      api.addHook("onSend", async (_request, reply) => {
        if (!reply.hasHeader("Cache-Control")) reply.header("Cache-Control", "no-store");
      });

      api.get("/health", async (): Promise<Health> => ({
        service: "payi-workshop",
        version: PROTOCOL_VERSION,
        attendeeOrigins: options.attendeeOrigins?.() ?? [],
      }));

      api.post<{ Body: CreateRoomRequest }>(
        "/rooms",
        { schema: { body: createRoomBody } },
        async (request, reply) => {
          if (!LOOPBACK.has(request.socket.remoteAddress ?? ""))
            throw new ApiFailure(
              403,
              "forbidden",
              "Rooms are created on the instructor's machine: open the site there (http://localhost) to create one.",
            );
          const room = createRoom(store, request.body?.name, now());
          return reply.code(201).send(room);
        },
      );

      api.post<{ Params: { code: string }; Body: JoinRequest }>(
        "/rooms/:code/attendees",
        {
          schema: { params: roomParams, body: joinBody },
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
          return reply
            .code(201)
            .send({ room: info(room), attendee: { userId, displayName, joinedAt }, token });
        },
      );

      api.get<{ Params: { code: string } }>(
        "/rooms/:code/me",
        { schema: { params: roomParams } },
        async (request) => {
          const attendee = attendeeOf(request);
          const room = store.room(attendee.roomCode);
          if (!room) throw noRoom(request.params.code);
          const { userId, displayName, joinedAt } = attendee;
          return { room: info(room), attendee: { userId, displayName, joinedAt } };
        },
      );

      api.post<{ Params: { code: string }; Body: PostCallsRequest }>(
        "/rooms/:code/events",
        {
          schema: { params: roomParams, body: postCallsBody },
          // Authenticate before the body is read, so a stranger's upload is refused at once.
          onRequest: async (request: RoomRequest) => {
            attendees.set(request, attendeeOf(request));
          },
          config: {
            rateLimit: {
              max: options.eventPostsPerMinute ?? LIMITS.eventPostsPerMinute,
              timeWindow: 60_000,
              hook: "preHandler",
              keyGenerator: (request: FastifyRequest) =>
                `attendee:${attendees.get(request)?.id ?? request.ip}`,
            },
          },
        },
        async (request) => {
          const attendee = attendees.get(request);
          if (!attendee) throw new ApiFailure(401, "unauthorized", "Join the room first.");
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

      api.get<{ Params: { code: string } }>(
        "/rooms/:code",
        { schema: { params: roomParams } },
        async (request) => {
          const room = adminRoom(request);
          return store.snapshot(room.code);
        },
      );

      api.get<{ Params: { code: string } }>(
        "/rooms/:code/stream",
        { schema: { params: roomParams } },
        async (request, reply) => {
          const room = adminRoom(request);
          const snapshot = store.snapshot(room.code);
          if (!snapshot) throw noRoom(room.code);
          reply.hijack();
          live.open(room.code, reply.raw, { event: "snapshot", data: snapshot });
        },
      );

      api.post<{ Params: { code: string }; Body: FreezeRequest }>(
        "/rooms/:code/freeze",
        { schema: { params: roomParams, body: freezeBody } },
        async (request) => {
          const room = adminRoom(request);
          store.setFrozen(room.code, request.body.frozen);
          const updated = info({ ...room, frozen: request.body.frozen });
          live.send(room.code, { event: "room", data: updated });
          return updated;
        },
      );

      api.post<{ Params: { code: string } }>(
        "/rooms/:code/reset",
        { schema: { params: roomParams } },
        async (request) => {
          const room = adminRoom(request);
          const deleted = store.resetRoom(room.code);
          const snapshot = store.snapshot(room.code);
          if (snapshot) live.send(room.code, { event: "reset", data: snapshot });
          return { deleted };
        },
      );

      api.delete<{ Params: { code: string } }>(
        "/rooms/:code",
        { schema: { params: roomParams } },
        async (request, reply) => {
          const room = adminRoom(request);
          store.deleteRoom(room.code);
          live.send(room.code, { event: "deleted", data: {} });
          live.close(room.code);
          return reply.code(204).send();
        },
      );

      api.get<{ Params: { code: string } }>(
        "/rooms/:code/calls.csv",
        { schema: { params: roomParams } },
        async (request, reply) => {
          const room = adminRoom(request);
          return reply
            .type("text/csv; charset=utf-8")
            .header(
              "Content-Disposition",
              `attachment; filename="${csvFileName(room.code, now())}"`,
            )
            .send(Readable.from(csvLines(store, room.code)));
        },
      );

      api.setNotFoundHandler((request, reply) =>
        reply.code(404).send({
          error: {
            code: "invalid_request",
            message: `No such room service route: ${request.method} ${request.url.split("?")[0]}.`,
          },
        }),
      );
    },
    { prefix: API_BASE },
  );

  if (options.siteDir) await serveSite(app, options.siteDir);
  return app;
}

/** Creates a room and its admin key (returned once: only its hash is stored). */
export function createRoom(store: RoomStore, name: string | undefined, at: Date) {
  let code = newRoomCode();
  while (store.room(code)) code = newRoomCode();
  const adminKey = newSecret(ADMIN_PREFIX);
  const roomName = name?.trim() || `Workshop ${at.toISOString().slice(0, 10)}`;
  store.createRoom({
    code,
    name: roomName,
    adminKeyHash: hashSecret(adminKey),
    createdAt: at.toISOString(),
  });
  const room = store.room(code);
  if (!room) throw new Error(`room ${code} was not stored`);
  return {
    room: info(room),
    adminKey,
    adminPath: `/workshop/room/#room=${code}&key=${adminKey}`,
    joinPath: `/workshop/?room=${code}`,
  };
}

const CSV_COLUMNS = [
  "seq",
  "received_at",
  "time",
  "attendee",
  "display_name",
  "tagged_user_id",
  "use_case",
  "resource",
  "api",
  "input_tokens",
  "cached_input_tokens",
  "output_tokens",
  "cost_usd",
  "cost_status",
  "status",
  "lesson",
  "run_id",
] as const;

function* csvLines(store: RoomStore, code: string): Generator<string> {
  yield `${CSV_COLUMNS.join(",")}\r\n`;
  for (const row of store.exportRows(code)) {
    const values = [
      row.seq,
      row.receivedAt,
      row.time,
      row.attendee,
      row.displayName,
      row.taggedUserId,
      row.useCase,
      row.resource,
      row.api,
      row.inputTokens,
      row.cachedInputTokens,
      row.outputTokens,
      row.costUsd,
      row.costStatus,
      row.status,
      row.lesson,
      row.runId,
    ];
    yield `${values.map(csvField).join(",")}\r\n`;
  }
}

async function serveSite(app: FastifyInstance, siteDir: string): Promise<void> {
  await app.register(fastifyStatic, { root: siteDir, redirect: true, index: "index.html" });
  const notFoundPage = join(siteDir, "404.html");
  app.setNotFoundHandler((_request, reply: FastifyReply) => {
    if (existsSync(notFoundPage)) return reply.code(404).sendFile("404.html");
    return reply.code(404).type("text/plain").send("Not found");
  });
}
