/**
 * The instructor's routes, each opened by the room's admin key (one hook for all of them): the
 * snapshot and its live stream, freeze, reset, delete and the CSV export.
 */
import { Readable } from "node:stream";
import type { FastifyPluginAsync } from "fastify";
import {
  csvFileName,
  type FreezeRequest,
  type ResetResponse,
  type RoomInfo,
  type RoomSnapshot,
} from "../../shared/workshop/protocol.ts";
import { adminRoom, requireAdmin } from "../auth.ts";
import { csvLines } from "../csv-export.ts";
import { noRoom } from "../errors.ts";
import { roomInfo } from "../store/room-store.ts";
import { FreezeBodySchema, RoomParamsSchema, type RoomParams } from "../validation/requests.ts";
import type { RouteContext } from "./context.ts";

export const adminRoutes: FastifyPluginAsync<RouteContext> = async (api, { store, live, now }) => {
  // preHandler: after the path and body are validated, as for every other route.
  api.addHook("preHandler", requireAdmin(store));

  api.get<{ Params: RoomParams }>(
    "/rooms/:code",
    { schema: { params: RoomParamsSchema } },
    async (request): Promise<RoomSnapshot | null> => store.snapshot(adminRoom(request).code),
  );

  api.get<{ Params: RoomParams }>(
    "/rooms/:code/stream",
    { schema: { params: RoomParamsSchema } },
    async (request, reply) => {
      const room = adminRoom(request);
      const snapshot = store.snapshot(room.code);
      if (!snapshot) throw noRoom(room.code);
      reply.hijack();
      live.open(room.code, reply.raw, { event: "snapshot", data: snapshot });
    },
  );

  api.post<{ Params: RoomParams; Body: FreezeRequest }>(
    "/rooms/:code/freeze",
    { schema: { params: RoomParamsSchema, body: FreezeBodySchema } },
    async (request): Promise<RoomInfo> => {
      const room = adminRoom(request);
      store.setFrozen(room.code, request.body.frozen);
      const updated = roomInfo({ ...room, frozen: request.body.frozen });
      live.send(room.code, { event: "room", data: updated });
      return updated;
    },
  );

  api.post<{ Params: RoomParams }>(
    "/rooms/:code/reset",
    { schema: { params: RoomParamsSchema } },
    async (request): Promise<ResetResponse> => {
      const room = adminRoom(request);
      const deleted = store.resetRoom(room.code);
      const snapshot = store.snapshot(room.code);
      if (snapshot) live.send(room.code, { event: "reset", data: snapshot });
      return { deleted };
    },
  );

  api.delete<{ Params: RoomParams }>(
    "/rooms/:code",
    { schema: { params: RoomParamsSchema } },
    async (request, reply) => {
      const room = adminRoom(request);
      store.deleteRoom(room.code);
      live.send(room.code, { event: "deleted", data: {} });
      live.close(room.code);
      return reply.code(204).send();
    },
  );

  api.get<{ Params: RoomParams }>(
    "/rooms/:code/calls.csv",
    { schema: { params: RoomParamsSchema } },
    async (request, reply) => {
      const room = adminRoom(request);
      return reply
        .type("text/csv; charset=utf-8")
        .header("Content-Disposition", `attachment; filename="${csvFileName(room.code, now())}"`)
        .send(Readable.from(csvLines(store, room.code)));
    },
  );
};
