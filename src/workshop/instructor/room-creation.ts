/**
 * "Open a new room", on the sign-in and "room gone" screens: the room service opens rooms only for
 * requests from its own machine, so elsewhere the instructor is told where to do it.
 */
import { RoomApiError, type DashboardClient } from "../room-api.ts";
import type { AdminLink } from "./admin-key.ts";
import { messageOf, type Markup } from "./markup.ts";

/** Opens a room and hands its admin link to `opened`; a failure is shown beside `button`. */
export async function createRoomFrom(
  button: HTMLElement,
  markup: Markup,
  client: DashboardClient,
  opened: (link: AdminLink) => void,
): Promise<void> {
  const box = button.closest("[data-role=gone]")
    ? markup.part("gone-error")
    : markup.part("signin-error");
  try {
    const created = await client.createRoom();
    opened({ room: created.room.code, key: created.adminKey });
  } catch (error) {
    box.textContent =
      error instanceof RoomApiError && error.status === 403
        ? error.message
        : `The room could not be opened: ${messageOf(error)}`;
    box.hidden = false;
  }
}
