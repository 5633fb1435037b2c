/**
 * "For the instructor" on the Workshop page: on the machine running the room service, a form that
 * opens a room and shows its join code and dashboard link; elsewhere, where to do that instead.
 */
import { LIMITS, type CreateRoomResponse } from "../../../shared/workshop/protocol.ts";
import { attendeeApi, RoomApiError } from "../room-api.ts";
import type { JoinMarkup } from "./join-markup.ts";

function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname === "127.0.0.1" ||
    hostname === "[::1]" ||
    hostname === "::1"
  );
}

export function setUpHostPanel(markup: JoinMarkup): void {
  const local = isLoopback(location.hostname);
  markup.part("host-local").hidden = !local;
  markup.part("host-remote").hidden = local;
  markup.fill(
    "local-address",
    `http://localhost${location.port ? `:${location.port}` : ""}/workshop/`,
  );
  markup.part<HTMLFormElement>("create-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void create(markup);
  });
}

async function create(markup: JoinMarkup): Promise<void> {
  const input = markup.part<HTMLInputElement>("room-name-input");
  const button = markup.part<HTMLButtonElement>("create-button");
  markup.notice("create-error", null);
  const name = input.value.trim();
  if ([...name].length > LIMITS.roomNameMaxLength) {
    markup.notice(
      "create-error",
      `Use at most ${LIMITS.roomNameMaxLength} characters for the room name.`,
    );
    input.focus();
    return;
  }
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    showCreated(markup, await attendeeApi().createRoom(name));
  } catch (error) {
    const message =
      error instanceof RoomApiError
        ? error.code === "forbidden"
          ? "The room service only opens rooms for requests from its own machine. Open this page at the localhost address on the laptop running npm run workshop."
          : error.offline
            ? "Could not reach the room service. Is npm run workshop still running?"
            : `Could not open a room: ${error.message}`
        : `Could not open a room: ${String(error)}`;
    markup.notice("create-error", message);
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

function showCreated(markup: JoinMarkup, created: CreateRoomResponse): void {
  markup.fill("created-name", created.room.name || created.room.code);
  markup.fill("created-code", created.room.code);
  markup.fill("created-join-path", created.joinPath);
  const admin = new URL(created.adminPath, location.origin).href;
  const link = markup.part<HTMLAnchorElement>("admin-link");
  link.href = admin;
  markup.part<HTMLInputElement>("admin-url").value = admin;
  const box = markup.part("created");
  box.hidden = false;
  box.focus();
}
