/**
 * The dashboard's two screens without a live room: the sign-in form, where the instructor pastes
 * the admin link (or its key) that `npm run workshop` printed, and "room gone", shown once the
 * room is deleted. Both offer to open a new room (room-creation.ts).
 */
import { el } from "../../ui/dom.ts";
import { parsePastedAdmin, type AdminLink } from "./admin-key.ts";
import type { Markup } from "./markup.ts";

export class SigninView {
  readonly #markup: Markup;
  /** The room the form is for, when the page knows it (a key alone is then enough). */
  #room: string | null = null;

  /** `onLink`: a valid admin link was pasted. */
  constructor(markup: Markup, onLink: (link: AdminLink) => void) {
    this.#markup = markup;
    markup.part<HTMLFormElement>("key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const link = this.#read(event.currentTarget as HTMLFormElement);
      if (link) onLink(link);
    });
  }

  /** Fills in the form for `room` (or any room) and shows `error`, when there is one. */
  show(room: string | null, error: string | null): void {
    const { part } = this.#markup;
    this.#room = room;
    part("signin-intro").replaceChildren(
      "When ",
      el("code", {}, ["npm run workshop"]),
      " starts, it prints an ",
      el("strong", {}, ["admin link"]),
      room
        ? ` for the room. Paste the admin link for room ${room} here.`
        : " for the room. Open it in this browser, or paste it here.",
    );
    const box = part("signin-error");
    box.hidden = error === null;
    box.textContent = error ?? "";
    if (error !== null) part("key-form").querySelector("input")?.focus();
  }

  #read(form: HTMLFormElement): AdminLink | null {
    const input = form.querySelector("input")!;
    const pasted = parsePastedAdmin(input.value, this.#room);
    const box = this.#markup.part("signin-error");
    if (!pasted.ok) {
      box.textContent = pasted.error;
      box.hidden = false;
      input.focus();
      return null;
    }
    input.value = "";
    box.hidden = true;
    return pasted.link;
  }
}

/** Fills in the "room gone" screen for `room`; `text` says how it went. */
export function drawGone(markup: Markup, room: string, text: string): void {
  markup.part("gone-title").textContent = `Room ${room} is gone`;
  markup.part("gone-text").textContent =
    `${text} Attendees who were in it can no longer send calls to it. To go on, open a new room ` +
    "(on the machine running `npm run workshop`) and share its join link.";
  markup.part("gone-error").hidden = true;
}
