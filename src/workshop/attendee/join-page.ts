/**
 * The Workshop page (content/lessons/workshop.mdx): join a room, see what is being sent, leave;
 * and, on the instructor's own machine, open a room (host-panel.ts). The markup is static
 * (WorkshopJoin.astro); this script shows the view that applies and fills in names, always as
 * text, never as HTML: room names and display names are typed by other people.
 */
import { plural } from "../../../shared/calls/format.ts";
import { attendeeApi, RoomApiError, type HealthResult } from "../room-api.ts";
import {
  displayNameProblem,
  joinFailure,
  normalizeRoomCode,
  roomCodeProblem,
} from "./join-advice.ts";
import { joinMarkup, type JoinMarkup } from "./join-markup.ts";
import { setUpHostPanel } from "./host-panel.ts";
import { readMembership, saveMembership, type Membership } from "./membership.ts";
import {
  clearEndedNotice,
  endMembership,
  leaveRoom,
  onWorkshopStatus,
  readEndedNotice,
  resumeForwarding,
  workshopStatus,
  type ForwarderStatus,
} from "./room-sink.ts";
import { StatusPanel } from "./status-panel.ts";

type View = "checking" | "absent" | "join" | "joined";
type Field = "code" | "displayName";

class JoinPage {
  readonly #markup: JoinMarkup;
  readonly #status: StatusPanel;
  #unsubscribe: (() => void) | undefined;

  constructor(root: HTMLElement) {
    this.#markup = joinMarkup(root);
    this.#status = new StatusPanel(this.#markup);
  }

  #show(view: View): void {
    this.#markup.root.dataset["view"] = view;
    for (const name of ["checking", "absent", "join", "joined"] as const) {
      this.#markup.part(name).hidden = name !== view;
    }
  }

  async start(): Promise<void> {
    const { part, input } = this.#markup;
    const code = new URLSearchParams(location.search).get("room");
    if (code) input("code").value = normalizeRoomCode(code).slice(0, 12);
    part<HTMLFormElement>("join-form").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.#join();
    });
    input("code").addEventListener("input", () => this.#setFieldError("code", null));
    input("displayName").addEventListener("input", () => this.#setFieldError("displayName", null));
    part("leave").addEventListener("click", () => void this.#leave());
    setUpHostPanel(this.#markup);

    const health = await attendeeApi().health();
    this.#status.reachable = health.kind === "service";
    part("host").hidden = health.kind !== "service";
    const membership = readMembership();
    if (membership && health.kind !== "absent") {
      this.#showJoined(membership);
      if (health.kind === "service") await this.#verify(membership);
      return;
    }
    if (health.kind !== "service") {
      this.#showAbsent(health);
      return;
    }
    this.#showJoin();
  }

  #showAbsent(health: HealthResult): void {
    this.#markup.part("unreachable").hidden = health.kind !== "unreachable";
    this.#show("absent");
  }

  #showJoin(focus = false): void {
    const { part, fill, input } = this.#markup;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const ended = readEndedNotice();
    part("ended").hidden = !ended;
    if (ended) {
      fill("ended-room", ended.roomName ? `${ended.roomName} (${ended.roomCode})` : ended.roomCode);
      fill("ended-message", ended.message);
      if (!input("code").value) input("code").value = ended.roomCode;
    }
    this.#show("join");
    if (focus) input(input("code").value ? "displayName" : "code").focus();
  }

  #showJoined(membership: Membership, focus = false): void {
    const { part, fill } = this.#markup;
    fill("room-name", membership.roomName || membership.roomCode);
    fill("room-code", membership.roomCode);
    fill("user-id", membership.userId);
    fill("display-name", membership.displayName);
    const other = normalizeRoomCode(new URLSearchParams(location.search).get("room") ?? "");
    part("other-room").hidden = !other || other === membership.roomCode;
    fill("other-room-code", other);
    this.#show("joined");
    this.#unsubscribe ??= onWorkshopStatus((status) => this.#renderStatus(status));
    resumeForwarding();
    this.#renderStatus(workshopStatus());
    if (focus) part("joined-title").focus();
  }

  async #verify(membership: Membership): Promise<void> {
    try {
      const { room, attendee } = await attendeeApi().me(membership);
      if (room.name !== membership.roomName || attendee.displayName !== membership.displayName) {
        const updated = { ...membership, roomName: room.name, displayName: attendee.displayName };
        saveMembership(updated);
        this.#showJoined(updated);
      }
      this.#markFrozen(room.frozen);
    } catch (error) {
      if (!(error instanceof RoomApiError)) return;
      if (error.status === 401 || error.status === 403 || error.status === 404) {
        await endMembership(
          membership,
          error.status === 404
            ? "The room no longer exists: the instructor deleted it."
            : "The room service no longer knows this browser's place in the room.",
        );
        this.#showJoin();
      }
      // Offline or a server problem: keep the membership; the forwarder retries on its own.
    }
  }

  #markFrozen(frozen: boolean): void {
    this.#status.markFrozen(frozen, workshopStatus()?.sent ?? 0);
    this.#renderStatus(workshopStatus());
  }

  #renderStatus(status: ForwarderStatus | null): void {
    if (status === null && !readMembership()) {
      // Left or ended (here or in another tab).
      this.#showJoin();
      return;
    }
    this.#status.render(status);
  }

  /** Shows (or clears) the error under one field, tied to it for screen readers. */
  #setFieldError(name: Field, message: string | null): void {
    const input = this.#markup.input(name);
    const error = this.#markup.part(`${name}-error`);
    const hint = input.dataset["hint"] ?? "";
    error.textContent = message ?? "";
    error.hidden = message === null;
    input.setAttribute("aria-describedby", message === null ? hint : `${error.id} ${hint}`.trim());
    if (message === null) input.removeAttribute("aria-invalid");
    else input.setAttribute("aria-invalid", "true");
  }

  async #join(): Promise<void> {
    const { part, input, notice } = this.#markup;
    const codeInput = input("code");
    const nameInput = input("displayName");
    notice("join-error", null);
    const codeProblem = roomCodeProblem(codeInput.value);
    const nameProblem = displayNameProblem(nameInput.value);
    this.#setFieldError("code", codeProblem);
    this.#setFieldError("displayName", nameProblem);
    if (codeProblem || nameProblem) {
      (codeProblem ? codeInput : nameInput).focus();
      return;
    }
    const code = normalizeRoomCode(codeInput.value);
    codeInput.value = code;
    const button = part<HTMLButtonElement>("join-button");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      const joined = await attendeeApi().join(code, nameInput.value.trim());
      const membership: Membership = {
        roomCode: joined.room.code,
        roomName: joined.room.name,
        userId: joined.attendee.userId,
        displayName: joined.attendee.displayName,
        token: joined.token,
        joinedAt: joined.attendee.joinedAt,
      };
      if (!saveMembership(membership)) {
        notice(
          "join-error",
          "You joined, but this browser would not store it (site storage is blocked, perhaps by a private window). Allow storage for this site, or use a normal window, and join again.",
        );
        return;
      }
      clearEndedNotice();
      notice("join-info", null);
      this.#showJoined(membership, true);
      this.#markFrozen(joined.room.frozen);
    } catch (error) {
      const { where, message } = joinFailure(error, code);
      if (where === "form") {
        notice("join-error", message);
      } else {
        this.#setFieldError(where, message);
        input(where).focus();
      }
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }

  async #leave(): Promise<void> {
    const membership = readMembership();
    if (!membership) {
      this.#showJoin(true);
      return;
    }
    const queued = workshopStatus()?.queued ?? 0;
    const question = `Leave room ${membership.roomName || membership.roomCode} (${membership.roomCode})? Calls you make from now on stay in this browser only.${queued > 0 ? ` ${plural(queued, "call")} not yet sent will be discarded.` : ""}`;
    if (!window.confirm(question)) return;
    clearEndedNotice();
    await leaveRoom();
    this.#status.forgetText();
    this.#markup.input("code").value = membership.roomCode;
    this.#showJoin(true);
    this.#markup.notice(
      "join-info",
      `You left room ${membership.roomCode}. You can join it again, or another room, here.`,
    );
  }
}

export function startJoinPage(root: HTMLElement): void {
  void new JoinPage(root).start().catch((error: unknown) => {
    const box = root.querySelector<HTMLElement>('[data-part="checking"]');
    if (box) {
      box.hidden = false;
      box.textContent = `The workshop page failed to start: ${error instanceof Error ? error.message : String(error)}. Reload the page; if it happens again, tell the instructor.`;
    }
  });
}
