/**
 * The service itself: health (which also tells a page that the room service is here) and room
 * creation, which only the instructor's machine may do.
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import {
  PROTOCOL_VERSION,
  type CreateRoomRequest,
  type CreateRoomResponse,
  type Health,
} from "../../shared/workshop/protocol.ts";
import { ApiFailure } from "../errors.ts";
import { createRoom } from "../rooms.ts";
import { CreateRoomBodySchema } from "../validation/requests.ts";
import type { RouteContext } from "./context.ts";

export interface RoomRoutesOptions extends RouteContext {
  /** Origins attendees can reach (the CLI's LAN addresses), announced by /health. */
  attendeeOrigins?: () => string[];
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** Rooms are made where the admin link can be opened safely: on the instructor's laptop. */
async function requireLoopback(request: FastifyRequest): Promise<void> {
  if (!LOOPBACK.has(request.socket.remoteAddress ?? ""))
    throw new ApiFailure(
      403,
      "forbidden",
      "Rooms are created on the instructor's machine: open the site there (http://localhost) to create one.",
    );
}

export const roomRoutes: FastifyPluginAsync<RoomRoutesOptions> = async (api, options) => {
  const { store, now } = options;

  api.get("/health", async (): Promise<Health> => ({
    service: "payi-workshop",
    version: PROTOCOL_VERSION,
    attendeeOrigins: options.attendeeOrigins?.() ?? [],
  }));

  api.post<{ Body: CreateRoomRequest }>(
    "/rooms",
    { schema: { body: CreateRoomBodySchema }, preHandler: requireLoopback },
    async (request, reply) => {
      const created: CreateRoomResponse = createRoom(store, request.body.name, now());
      return reply.code(201).send(created);
    },
  );
};
