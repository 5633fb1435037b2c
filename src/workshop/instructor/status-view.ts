/**
 * What the dashboard says about itself: the live stream's status dot ("Live", "Reconnecting…")
 * and the notices under the bar: the stream's trouble, a key this browser could not keep, the last
 * action's confirmation (for a few seconds) or failure.
 */
import { el } from "../../ui/dom.ts";
import type { Markup } from "./markup.ts";
import type { ConnectionState } from "./stream.ts";

export interface Notice {
  kind: "info" | "warning" | "error";
  text: string;
  /** A button in the notice; its `name` is a `data-action` the page handles. */
  action?: { label: string; name: string };
}

/** A confirmation stays this long. */
const INFO_MS = 8_000;

export function drawConnection(markup: Markup, state: ConnectionState): void {
  markup.part("connection").dataset["kind"] = state.kind;
  markup.part("connection-text").textContent =
    state.kind === "connecting"
      ? "Connecting…"
      : state.kind === "live"
        ? "Live"
        : state.kind === "reconnecting"
          ? "Reconnecting…"
          : "Stopped";
}

/** The notices the stream's state calls for. */
export function connectionNotices(state: ConnectionState): Notice[] {
  if (state.kind === "reconnecting") return [{ kind: "warning", text: state.detail }];
  if (state.kind === "stopped")
    return [
      {
        kind: "error",
        text: `The live view stopped. ${state.message}`,
        action: { label: "Try again", name: "retry" },
      },
    ];
  return [];
}

export const KEY_UNSTORED: Notice = {
  kind: "warning",
  text:
    "This browser does not let the page keep the admin key, so it lasts until this tab " +
    "closes. Keep the admin link to open the dashboard again.",
};

/** The page's own messages: one confirmation at a time, or the last failure. */
export class Messages {
  readonly #onChange: () => void;
  #info: Notice | null = null;
  #errors: Notice[] = [];
  #infoTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(onChange: () => void) {
    this.#onChange = onChange;
  }

  /** A confirmation, shown for a few seconds; it replaces any earlier failure. */
  say(text: string): void {
    clearTimeout(this.#infoTimer);
    this.#info = { kind: "info", text };
    this.#errors = [];
    this.#onChange();
    this.#infoTimer = setTimeout(() => {
      this.#info = null;
      this.#onChange();
    }, INFO_MS);
  }

  fail(text: string): void {
    this.#errors = [{ kind: "error", text }];
    this.#onChange();
  }

  /** Another room: its failures are not this one's (a confirmation of opening it may follow). */
  clearErrors(): void {
    this.#errors = [];
  }

  list(): Notice[] {
    return [...(this.#info ? [this.#info] : []), ...this.#errors];
  }
}

export function drawNotices(markup: Markup, notices: readonly Notice[]): void {
  markup.part("notices").replaceChildren(
    ...notices.map((notice) =>
      el(
        "p",
        {
          class: "wd__notice",
          "data-kind": notice.kind,
          ...(notice.kind === "error" ? { role: "alert" } : {}),
        },
        [
          notice.text,
          notice.action
            ? el(
                "button",
                { type: "button", class: "wd__link-button", "data-action": notice.action.name },
                [notice.action.label],
              )
            : null,
        ],
      ),
    ),
  );
}
