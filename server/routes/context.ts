/** What every route plugin is given by the app (server/app.ts). */
import type { LiveRooms } from "../live.ts";
import type { RoomStore } from "../store/room-store.ts";

export interface RouteContext {
  store: RoomStore;
  live: LiveRooms;
  now: () => Date;
}
