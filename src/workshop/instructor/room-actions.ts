/**
 * What the instructor does to the room: freeze (or unfreeze) it, download its calls as CSV, and
 * reset or delete it, each of those two confirmed in a <dialog> that says what will be lost and
 * stays open, with the service's reason, when the request fails.
 */
import { plural } from "../../../shared/calls/format.ts";
import { csvFileName, type RoomInfo } from "../../../shared/workshop/protocol.ts";
import { el } from "../../ui/dom.ts";
import { RoomApiError, type RoomAdmin } from "../room-api.ts";
import { normalizeRoomCode } from "./admin-key.ts";
import { isBusy, messageOf, whileBusy, type Markup } from "./markup.ts";
import type { RoomState } from "./room-state.ts";

/** What the actions need from the page. */
export interface RoomActionsHost {
  /** The room open now, with its admin requests; null when none is. */
  current(): { room: string; admin: RoomAdmin; state: RoomState } | null;
  /** The service's answer to a freeze, folded into the room's state. */
  applyRoom(room: RoomInfo): void;
  say(text: string): void;
  /** A failure the page shows (a rejected key or a deleted room change the view). */
  failed(what: string, error: unknown): void;
  gone(room: string, text: string): void;
}

/** A rejected key or a deleted room end the dialog: the page shows the key form or "gone". */
function endsTheRoom(error: unknown): boolean {
  return error instanceof RoomApiError && (error.keyRejected || error.code === "room_not_found");
}

export class RoomActions {
  readonly #markup: Markup;
  readonly #host: RoomActionsHost;

  constructor(markup: Markup, host: RoomActionsHost) {
    this.#markup = markup;
    this.#host = host;
    this.#wireDialog("reset-dialog", (button) => this.#reset(button));
    this.#wireDialog("delete-dialog", (button) => this.#delete(button));
    this.#deleteInput().addEventListener("input", () => this.#checkDeleteCode());
  }

  async freeze(): Promise<void> {
    const open = this.#host.current();
    if (!open) return;
    const frozen = !(open.state.room?.frozen ?? false);
    try {
      this.#host.applyRoom(await open.admin.freeze(frozen));
      this.#host.say(
        frozen
          ? "Room frozen: attendees' new calls are refused until you unfreeze it."
          : "Room unfrozen: attendees' calls are accepted again.",
      );
    } catch (error) {
      this.#host.failed(frozen ? "Freezing the room failed" : "Unfreezing the room failed", error);
    }
  }

  async exportCsv(): Promise<void> {
    const open = this.#host.current();
    if (!open) return;
    try {
      const blob = await open.admin.callsCsv();
      const url = URL.createObjectURL(blob);
      const link = el("a", { href: url, download: csvFileName(open.room, new Date()) });
      link.hidden = true;
      this.#markup.root.append(link);
      link.click();
      link.remove();
      // Revoked later: some browsers read the URL after click() returns.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.#host.failed("The CSV export failed", error);
    }
  }

  openReset(): void {
    const { part } = this.#markup;
    const { calls, people, room } = this.#counts();
    part("reset-text").textContent =
      `This deletes ${calls === 0 ? "every call" : `all ${plural(calls, "call")}`} in room ` +
      `${room}, for everyone. The ${plural(people, "attendee")} stay joined, and ` +
      "their next runs appear as new calls. Export a CSV first to keep them. This cannot be undone.";
    part("reset-error").hidden = true;
    part<HTMLDialogElement>("reset-dialog").showModal();
  }

  openDelete(): void {
    const { part } = this.#markup;
    const { calls, people, room } = this.#counts();
    part("delete-text").textContent =
      `This deletes room ${room}, its ${plural(people, "attendee")} and ` +
      `${plural(calls, "call")}, and its admin key. Attendees can no longer send calls to it. ` +
      "This cannot be undone.";
    this.#deleteInput().value = "";
    part("delete-error").hidden = true;
    this.#checkDeleteCode();
    part<HTMLDialogElement>("delete-dialog").showModal();
  }

  /** Closes any open confirmation (the room is gone). */
  closeDialogs(): void {
    for (const dialog of this.#markup.root.querySelectorAll("dialog"))
      if (dialog.open) dialog.close();
  }

  #counts(): { calls: number; people: number; room: string } {
    const open = this.#host.current();
    return {
      calls: open?.state.totals.requests ?? 0,
      people: open?.state.attendees.size ?? 0,
      room: open?.room ?? "",
    };
  }

  #wireDialog(role: string, confirm: (button: HTMLButtonElement) => Promise<void>): void {
    const dialog = this.#markup.part<HTMLDialogElement>(role);
    dialog.querySelector("form")!.addEventListener("submit", (event) => {
      const button = event.submitter as HTMLButtonElement | null;
      // Cancel closes the dialog (method="dialog"); confirm stays open until the service answers.
      if (button?.value !== "confirm") return;
      event.preventDefault();
      if (isBusy(button)) return;
      void whileBusy(button, () => confirm(button));
    });
  }

  #deleteInput(): HTMLInputElement {
    return this.#markup.part("delete-dialog").querySelector<HTMLInputElement>("input")!;
  }

  #checkDeleteCode(): void {
    const typed = normalizeRoomCode(this.#deleteInput().value);
    const confirm = this.#markup
      .part("delete-dialog")
      .querySelector<HTMLButtonElement>("button[value=confirm]")!;
    confirm.disabled = typed === null || typed !== this.#host.current()?.room;
  }

  async #reset(button: HTMLButtonElement): Promise<void> {
    const open = this.#host.current();
    if (!open) return;
    const dialog = button.closest("dialog")!;
    try {
      const deleted = await open.admin.reset();
      dialog.close();
      this.#host.say(`Room reset: ${plural(deleted, "call")} deleted; attendees stay joined.`);
    } catch (error) {
      if (endsTheRoom(error)) {
        dialog.close();
        this.#host.failed("Resetting the room failed", error);
        return;
      }
      this.#showError("reset-error", `Resetting the room failed: ${messageOf(error)}`);
    }
  }

  async #delete(button: HTMLButtonElement): Promise<void> {
    const open = this.#host.current();
    if (!open) return;
    const { room } = open;
    this.#checkDeleteCode();
    if (button.disabled) return;
    try {
      await open.admin.remove();
      this.#host.gone(room, `Room ${room} was deleted, with its attendees and calls.`);
    } catch (error) {
      if (error instanceof RoomApiError && error.code === "room_not_found") {
        this.#host.gone(room, `Room ${room} was already deleted.`);
        return;
      }
      if (error instanceof RoomApiError && error.keyRejected) {
        button.closest("dialog")!.close();
        this.#host.failed("Deleting the room failed", error);
        return;
      }
      this.#showError("delete-error", `Deleting the room failed: ${messageOf(error)}`);
    }
  }

  #showError(role: string, text: string): void {
    const box = this.#markup.part(role);
    box.textContent = text;
    box.hidden = false;
  }
}
