/**
 * The Workshop page (content/lessons/workshop.mdx): join a room, see what is being sent, leave;
 * and, on the instructor's own machine, open a room. The markup is static (WorkshopJoin.astro);
 * this script shows the part that applies and fills in names, always as text, never as HTML: room
 * names and display names are typed by other people.
 */
import {
  LIMITS,
  ROOM_CODE_ALPHABET,
  ROOM_CODE_PATTERN,
  type CreateRoomResponse,
} from "../../../shared/workshop/protocol.ts";
import { plural } from "../../../shared/calls/format.ts";
import { attendeeApi, RoomApiError, type HealthResult } from "../room-api.ts";
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
import { FROZEN_MESSAGE } from "./delivery/timing.ts";
import { readMembership, saveMembership, type Membership } from "./membership.ts";

type View = "checking" | "absent" | "join" | "joined";

/** A room code as typed: spaces and dashes dropped ("k7p q2m" is K7PQ2M), upper-cased. */
export function normalizeRoomCode(raw: string): string {
  return raw.replace(/[\s-]+/g, "").toUpperCase();
}

/** What is wrong with a typed room code, as advice; null when it is a valid code. */
export function roomCodeProblem(raw: string): string | null {
  const code = normalizeRoomCode(raw);
  if (!code)
    return "Enter the room code shown on the instructor's screen (6 characters, e.g. K7PQ2M).";
  // Both: the pattern is what the server checks, the alphabet what it makes codes from (no L).
  const fromAlphabet = [...code].every((char) => ROOM_CODE_ALPHABET.includes(char));
  if (new RegExp(ROOM_CODE_PATTERN).test(code) && fromAlphabet) return null;
  if (/[O0I1L]/.test(code)) {
    return "Room codes never use O, 0, I, 1 or L, because they are easy to mix up. Check the code on the instructor's screen.";
  }
  if (!fromAlphabet) {
    return "Room codes have only capital letters and digits, e.g. K7PQ2M. Check the code on the instructor's screen.";
  }
  return `A room code has 6 characters; this one has ${code.length}. Check the code on the instructor's screen.`;
}

/** What is wrong with a display name, as advice; null when it can be sent. */
export function displayNameProblem(raw: string): string | null {
  const name = raw.trim();
  const max = LIMITS.displayNameMaxLength;
  if (!name) return `Enter your name as the instructor should see it (up to ${max} characters).`;
  if ([...name].length > max) return `Use at most ${max} characters; this has ${[...name].length}.`;
  if (/\p{Cc}/u.test(name)) return "Remove the control characters (such as tabs) from your name.";
  if (!/[\p{L}\p{N}]/u.test(name)) return "Use at least one letter or digit in your name.";
  return null;
}

/** The one sentence the status region says for a forwarder status. */
export function statusSentence(status: ForwarderStatus | null): string {
  if (!status) return "Ready. Run a sandbox on any lesson page and its calls are sent to the room.";
  const waiting = status.queued > 0 ? ` ${plural(status.queued, "call")} waiting.` : "";
  switch (status.state) {
    case "sending":
      return `Sending calls to the room…${waiting}`;
    case "retrying": {
      const at = status.nextRetryAt ? new Date(status.nextRetryAt).toLocaleTimeString() : null;
      return `The last calls did not reach the room; trying again${at ? ` at ${at}` : " soon"}.${waiting}`;
    }
    case "offline":
      return `You are offline.${status.queued > 0 ? ` ${plural(status.queued, "call")} ${status.queued === 1 ? "is" : "are"} kept in this browser and sent when you are back online.` : " Calls you make now are sent when you are back online."}`;
    case "frozen":
      return FROZEN_MESSAGE;
    case "ended":
      return status.lastError ?? "Your place in the room has ended.";
    default:
      if (status.queued > 0) return `Connected.${waiting}`;
      if (status.sent > 0) return "Connected. Every call you made has reached the room.";
      return "Connected. Run a sandbox on any lesson page and its calls are sent to the room.";
  }
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname === "127.0.0.1" ||
    hostname === "[::1]" ||
    hostname === "::1"
  );
}

class JoinPage {
  readonly #root: HTMLElement;
  #statusText = "";
  #unsubscribe: (() => void) | undefined;
  #reachable = true;
  /** Calls sent when the health check failed: more sent since means the service answers again. */
  #sentWhenUnreachable: number | null = null;
  /** The room said it is frozen (join or check), as of `#sentThen` calls sent: a later send disproves it. */
  #roomFrozen = false;
  #sentThen = 0;

  constructor(root: HTMLElement) {
    this.#root = root;
  }

  #part<T extends HTMLElement = HTMLElement>(name: string): T {
    const element = this.#root.querySelector<T>(`[data-part="${name}"]`);
    if (!element) throw new Error(`Workshop page: missing part ${name}`);
    return element;
  }

  #fields(name: string): HTMLElement[] {
    return [...this.#root.querySelectorAll<HTMLElement>(`[data-field="${name}"]`)];
  }

  #fill(name: string, text: string): void {
    for (const element of this.#fields(name)) element.textContent = text;
  }

  #show(view: View): void {
    this.#root.dataset["view"] = view;
    for (const name of ["checking", "absent", "join", "joined"] as const) {
      this.#part(name).hidden = name !== view;
    }
  }

  async start(): Promise<void> {
    const code = new URLSearchParams(location.search).get("room");
    if (code) this.#input("code").value = normalizeRoomCode(code).slice(0, 12);
    this.#part<HTMLFormElement>("join-form").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.#join();
    });
    this.#input("code").addEventListener("input", () => this.#setFieldError("code", null));
    this.#input("displayName").addEventListener("input", () =>
      this.#setFieldError("displayName", null),
    );
    this.#part("leave").addEventListener("click", () => void this.#leave());
    this.#setUpHost();

    const health = await attendeeApi().health();
    this.#reachable = health.kind === "service";
    this.#part("host").hidden = health.kind !== "service";
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
    this.#part("unreachable").hidden = health.kind !== "unreachable";
    this.#show("absent");
  }

  #showJoin(focus = false): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const ended = readEndedNotice();
    const notice = this.#part("ended");
    notice.hidden = !ended;
    if (ended) {
      this.#fill(
        "ended-room",
        ended.roomName ? `${ended.roomName} (${ended.roomCode})` : ended.roomCode,
      );
      this.#fill("ended-message", ended.message);
      if (!this.#input("code").value) this.#input("code").value = ended.roomCode;
    }
    this.#show("join");
    if (focus) this.#input(this.#input("code").value ? "displayName" : "code").focus();
  }

  #showJoined(membership: Membership, focus = false): void {
    this.#fill("room-name", membership.roomName || membership.roomCode);
    this.#fill("room-code", membership.roomCode);
    this.#fill("user-id", membership.userId);
    this.#fill("display-name", membership.displayName);
    const other = normalizeRoomCode(new URLSearchParams(location.search).get("room") ?? "");
    const elsewhere = this.#part("other-room");
    elsewhere.hidden = !other || other === membership.roomCode;
    this.#fill("other-room-code", other);
    this.#show("joined");
    this.#unsubscribe ??= onWorkshopStatus((status) => this.#renderStatus(status));
    resumeForwarding();
    this.#renderStatus(workshopStatus());
    if (focus) this.#part("joined-title").focus();
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
    this.#roomFrozen = frozen;
    this.#sentThen = workshopStatus()?.sent ?? 0;
    this.#renderStatus(workshopStatus());
  }

  #setStatusText(text: string): void {
    // Only real changes reach the live region, so screen readers are not told the same thing twice.
    if (text === this.#statusText) return;
    this.#statusText = text;
    this.#fill("status-text", text);
  }

  #renderStatus(status: ForwarderStatus | null): void {
    if (status === null && !readMembership()) {
      // Left or ended (here or in another tab).
      this.#showJoin();
      return;
    }
    if (this.#roomFrozen && (status?.sent ?? 0) > this.#sentThen) this.#roomFrozen = false;
    if (!this.#reachable && status) {
      this.#sentWhenUnreachable ??= status.sent;
      if (status.sent > this.#sentWhenUnreachable) this.#reachable = true;
    }
    const frozen = this.#roomFrozen && (!status || status.state === "idle");
    this.#root.dataset["state"] = frozen ? "frozen" : (status?.state ?? "idle");
    this.#fill("queued", (status?.queued ?? 0).toLocaleString("en-US"));
    this.#fill("sent", (status?.sent ?? 0).toLocaleString("en-US"));
    this.#setStatusText(
      frozen
        ? FROZEN_MESSAGE
        : !this.#reachable && (!status || status.state === "idle")
          ? "The room service does not answer right now. Calls you make are kept in this browser and sent when it answers again."
          : statusSentence(status),
    );
    const problem = this.#part("problem");
    const showProblem =
      !!status?.lastError && status.state !== "frozen" && status.state !== "ended";
    problem.hidden = !showProblem;
    problem.textContent = showProblem ? status.lastError : "";
  }

  #input(name: "code" | "displayName"): HTMLInputElement {
    const input = this.#root.querySelector<HTMLInputElement>(
      `[data-part="join-form"] [name="${name}"]`,
    );
    if (!input) throw new Error(`Workshop page: missing input ${name}`);
    return input;
  }

  /** Shows (or clears) the error under one field, tied to it for screen readers. */
  #setFieldError(name: "code" | "displayName", message: string | null): void {
    const input = this.#input(name);
    const error = this.#part(`${name}-error`);
    const hint = input.dataset["hint"] ?? "";
    error.textContent = message ?? "";
    error.hidden = message === null;
    input.setAttribute("aria-describedby", message === null ? hint : `${error.id} ${hint}`.trim());
    if (message === null) input.removeAttribute("aria-invalid");
    else input.setAttribute("aria-invalid", "true");
  }

  #setFormError(part: string, message: string | null): void {
    const box = this.#part(part);
    box.textContent = message ?? "";
    box.hidden = message === null;
  }

  async #join(): Promise<void> {
    const codeInput = this.#input("code");
    const nameInput = this.#input("displayName");
    this.#setFormError("join-error", null);
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
    const button = this.#part<HTMLButtonElement>("join-button");
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
        this.#setFormError(
          "join-error",
          "You joined, but this browser would not store it (site storage is blocked, perhaps by a private window). Allow storage for this site, or use a normal window, and join again.",
        );
        return;
      }
      clearEndedNotice();
      this.#setFormError("join-info", null);
      this.#showJoined(membership, true);
      this.#markFrozen(joined.room.frozen);
    } catch (error) {
      this.#joinFailed(error, code);
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }

  #joinFailed(error: unknown, code: string): void {
    if (!(error instanceof RoomApiError)) {
      this.#setFormError("join-error", `Could not join: ${String(error)}`);
      return;
    }
    switch (error.code) {
      case "room_not_found":
        this.#setFieldError(
          "code",
          `No room has the code ${code}. Check the code on the instructor's screen; the room may also have been closed.`,
        );
        this.#input("code").focus();
        return;
      case "invalid_name":
        this.#setFieldError(
          "displayName",
          error.message || "Use another name: at least one letter or digit, no control characters.",
        );
        this.#input("displayName").focus();
        return;
      case "room_full":
        this.#setFormError(
          "join-error",
          `This room is full. ${error.message} Ask the instructor to open another room.`,
        );
        return;
      case "rate_limited": {
        const wait = Math.max(1, Math.round((error.retryAfterMs ?? 10_000) / 1000));
        this.#setFormError(
          "join-error",
          `Many people joined from this network in the last minute. Wait ${wait} second${wait === 1 ? "" : "s"} and press Join again.`,
        );
        return;
      }
      case "offline":
        this.#setFormError(
          "join-error",
          "Could not reach the room service. Check that you are on the workshop's Wi-Fi and that the instructor's laptop is awake, then press Join again.",
        );
        return;
      default:
        this.#setFormError(
          "join-error",
          `Could not join: ${error.message || `the room service answered HTTP ${error.status}`} If it happens again, tell the instructor.`,
        );
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
    this.#statusText = "";
    this.#input("code").value = membership.roomCode;
    this.#showJoin(true);
    this.#setFormError(
      "join-info",
      `You left room ${membership.roomCode}. You can join it again, or another room, here.`,
    );
  }

  // --- Host: open a room (only on the instructor's machine) -----------------------------------

  #setUpHost(): void {
    const local = isLoopback(location.hostname);
    this.#part("host-local").hidden = !local;
    this.#part("host-remote").hidden = local;
    this.#fill(
      "local-address",
      `http://localhost${location.port ? `:${location.port}` : ""}/workshop/`,
    );
    this.#part<HTMLFormElement>("create-form").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.#create();
    });
  }

  async #create(): Promise<void> {
    const input = this.#part<HTMLInputElement>("room-name-input");
    const button = this.#part<HTMLButtonElement>("create-button");
    this.#setFormError("create-error", null);
    const name = input.value.trim();
    if ([...name].length > LIMITS.roomNameMaxLength) {
      this.#setFormError(
        "create-error",
        `Use at most ${LIMITS.roomNameMaxLength} characters for the room name.`,
      );
      input.focus();
      return;
    }
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      this.#showCreated(await attendeeApi().createRoom(name));
    } catch (error) {
      const message =
        error instanceof RoomApiError
          ? error.code === "forbidden"
            ? "The room service only opens rooms for requests from its own machine. Open this page at the localhost address on the laptop running npm run workshop."
            : error.offline
              ? "Could not reach the room service. Is npm run workshop still running?"
              : `Could not open a room: ${error.message}`
          : `Could not open a room: ${String(error)}`;
      this.#setFormError("create-error", message);
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }

  #showCreated(created: CreateRoomResponse): void {
    this.#fill("created-name", created.room.name || created.room.code);
    this.#fill("created-code", created.room.code);
    this.#fill("created-join-path", created.joinPath);
    const admin = new URL(created.adminPath, location.origin).href;
    const link = this.#part<HTMLAnchorElement>("admin-link");
    link.href = admin;
    this.#part<HTMLInputElement>("admin-url").value = admin;
    const box = this.#part("created");
    box.hidden = false;
    box.focus();
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
