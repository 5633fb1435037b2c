/**
 * The room service: the built site plus the workshop API on one origin (so the site's COOP/COEP
 * headers need no CORS). Routes follow shared/workshop/protocol.ts and live in plugins, one per
 * audience, each with the hook that authenticates it:
 * - anyone who can reach the server: read the site, check health, join a room (routes/rooms.ts,
 *   routes/attendee.ts);
 * - the instructor's machine (loopback) only: create rooms (routes/rooms.ts);
 * - an attendee token: append calls to its own room, read its own membership (routes/attendee.ts);
 * - the room's admin key: see the dashboard, stream, freeze, reset, delete, export
 *   (routes/admin.ts).
 * This file composes them with what every response shares: headers, limits, validation, errors.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { isolationHeaders } from "../shared/isolation-headers.ts";
import { API_BASE, LIMITS, PROTOCOL_VERSION, SERVICE_HEADER } from "../shared/workshop/protocol.ts";
import { handleError, sendError } from "./errors.ts";
import { LiveRooms, type LiveOptions } from "./live.ts";
import { adminRoutes } from "./routes/admin.ts";
import { attendeeRoutes } from "./routes/attendee.ts";
import type { RouteContext } from "./routes/context.ts";
import { roomRoutes } from "./routes/rooms.ts";
import type { RoomStore } from "./store/room-store.ts";
import { valibotValidatorCompiler } from "./validation/compiler.ts";

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

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const live = new LiveRooms(options.live);
  const context: RouteContext = {
    store: options.store,
    live,
    now: options.now ?? (() => new Date()),
  };

  const app = Fastify({ logger: options.log ?? false, bodyLimit: LIMITS.maxRequestBytes });
  // Every route's params and body are valibot schemas (server/validation/requests.ts).
  app.setValidatorCompiler(valibotValidatorCompiler);

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

  app.setErrorHandler(handleError);

  await app.register(fastifyRateLimit, {
    global: false,
    // Our error shape; the plugin adds Retry-After and x-ratelimit-* headers.
    errorResponseBuilder: (_request, rateLimit) =>
      Object.assign(new Error(`Rate limit exceeded, retry in ${rateLimit.after}`), {
        statusCode: 429,
      }),
  });

  await app.register(
    async (api) => {
      api.addHook("onSend", async (_request, reply) => {
        if (!reply.hasHeader("Cache-Control")) reply.header("Cache-Control", "no-store");
      });
      await api.register(roomRoutes, { ...context, attendeeOrigins: options.attendeeOrigins });
      await api.register(attendeeRoutes, {
        ...context,
        eventPostsPerMinute: options.eventPostsPerMinute,
        joinsPerMinute: options.joinsPerMinute,
      });
      await api.register(adminRoutes, context);
      api.setNotFoundHandler((request, reply) =>
        sendError(
          reply,
          404,
          "invalid_request",
          `No such room service route: ${request.method} ${request.url.split("?")[0]}.`,
        ),
      );
    },
    { prefix: API_BASE },
  );

  if (options.siteDir) await serveSite(app, options.siteDir);
  return app;
}

async function serveSite(app: FastifyInstance, siteDir: string): Promise<void> {
  await app.register(fastifyStatic, { root: siteDir, redirect: true, index: "index.html" });
  const notFoundPage = join(siteDir, "404.html");
  app.setNotFoundHandler((_request, reply: FastifyReply) => {
    if (existsSync(notFoundPage)) return reply.code(404).sendFile("404.html");
    return reply.code(404).type("text/plain").send("Not found");
  });
}
