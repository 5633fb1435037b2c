/** Making a room: its code, its admin key and the links the instructor opens. */
import type { CreateRoomResponse } from "../shared/workshop/protocol.ts";
import { ADMIN_PREFIX, hashSecret, newRoomCode, newSecret } from "./secrets.ts";
import { roomInfo, type RoomStore } from "./store/room-store.ts";

/** Creates a room and its admin key (returned once: only its hash is stored). */
export function createRoom(
  store: RoomStore,
  name: string | undefined,
  at: Date,
): CreateRoomResponse {
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
    room: roomInfo(room),
    adminKey,
    adminPath: `/workshop/room/#room=${code}&key=${adminKey}`,
    joinPath: `/workshop/?room=${code}`,
  };
}
