/**
 * The "Join this room" panel on the dashboard: the address attendees open, the room code, a QR
 * code of the link, a copy button, and a smaller size that hides the QR code. On a dashboard opened
 * at localhost, the address must be the laptop's network one: the room service announces it, or
 * the instructor types it in. The pure parts (addresses, QR, copying) are in join-panel.ts.
 */
import type { Health } from "../../../shared/workshop/protocol.ts";
import type { KeyStorage } from "./admin-key.ts";
import { copyText, isLoopbackHost, joinUrl, parseJoinOrigin, qrCode } from "./join-panel.ts";
import type { Markup } from "./markup.ts";

const SIZE_KEY = "payi-workshop:join-panel";
/** The network address attendees use, set on a dashboard opened at localhost. */
const ORIGIN_KEY = "payi-workshop:join-origin";

interface JoinOrigin {
  origin: string;
  /** Attendees' phones can open it (it is not this machine's own address). */
  reachable: boolean;
  /** Typed in on this computer (and may be changed). */
  configured: boolean;
}

export interface JoinViewOptions {
  storage: KeyStorage | undefined;
  /** The site's base path. */
  base: string;
  /** The panel changed size: the chart beside it has another width. */
  onResize(): void;
}

export class JoinView {
  readonly #markup: Markup;
  readonly #options: JoinViewOptions;
  #room: string | null = null;
  /** The network address the room service announced, when this page is at localhost. */
  #announced: string | null = null;
  #askedService = false;

  constructor(markup: Markup, options: JoinViewOptions) {
    this.#markup = markup;
    this.#options = options;
    markup.part<HTMLFormElement>("join-origin").addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submitOrigin(event.currentTarget as HTMLFormElement);
    });
  }

  /**
   * Shows the join link of `room`. The first time, a page at localhost also asks the service for
   * its network address (only with a room to show: on a static host that would be a 404).
   */
  show(room: string, health: () => Promise<Partial<Health> | null>): void {
    this.#room = room;
    this.draw();
    if (this.#askedService || !isLoopbackHost(location.hostname)) return;
    this.#askedService = true;
    void health().then((answer) => {
      // An older or absent service names no address: the instructor types it instead.
      for (const origin of answer?.attendeeOrigins ?? []) {
        const parsed = parseJoinOrigin(origin);
        if (parsed.ok) {
          this.#announced = parsed.origin;
          this.draw();
          return;
        }
      }
      this.#askedService = false;
    });
  }

  /** `editOrigin`: show the network address form even when an address is known. */
  draw(editOrigin = false): void {
    const room = this.#room;
    if (!room) return;
    const { part } = this.#markup;
    const { origin, reachable, configured } = this.#origin();
    const url = joinUrl(origin, this.#options.base, room);
    const link = part<HTMLAnchorElement>("join-url");
    link.href = url;
    // Line breaks after "/" and "?" rather than mid-word, where the address must wrap.
    link.replaceChildren(
      ...url.split(/(?<=[/?&])/).flatMap((piece) => [piece, document.createElement("wbr")]),
    );
    part("join-code").textContent = room;
    part("copy-status").textContent = "";
    const form = part<HTMLFormElement>("join-origin");
    form.hidden = reachable && !editOrigin;
    part("join-host").textContent = location.host;
    part("join-origin-error").hidden = true;
    part("join-origin-note").hidden = !configured || !form.hidden;
    this.#drawSize();
    const figure = part("qr-figure");
    // A QR code of an address phones cannot reach would only send the room to an error page.
    figure.hidden = !reachable;
    const qr = part("qr");
    qr.replaceChildren();
    if (!reachable) return;
    qrCode(url)
      .then((svg) => {
        if (part<HTMLAnchorElement>("join-url").href === url) qr.replaceChildren(svg);
      })
      .catch(() => {
        figure.hidden = true;
      });
  }

  /** The "Change" button: the network address form, focused. */
  editOrigin(): void {
    this.draw(true);
    this.#markup.part("join-origin").querySelector("input")?.focus();
  }

  async copy(button: HTMLElement): Promise<void> {
    const url = this.#markup.part<HTMLAnchorElement>("join-url").href;
    const copied = await copyText(url);
    button.focus();
    this.#markup.part("copy-status").textContent = copied
      ? "Copied."
      : "This browser did not allow copying: select the address and copy it.";
  }

  toggleSize(): void {
    const { storage } = this.#options;
    const small = this.#markup.part("join").dataset["size"] !== "small";
    try {
      if (small) storage?.setItem(SIZE_KEY, "small");
      else storage?.removeItem(SIZE_KEY);
    } catch {
      // Not remembered: the panel still changes now.
    }
    this.#setSize(small);
    this.#options.onResize();
  }

  #drawSize(): void {
    let small: boolean;
    try {
      small = this.#options.storage?.getItem(SIZE_KEY) === "small";
    } catch {
      small = false;
    }
    this.#setSize(small);
  }

  #setSize(small: boolean): void {
    this.#markup.part("join").dataset["size"] = small ? "small" : "large";
    this.#markup.action("join-size").setAttribute("aria-pressed", String(small));
  }

  /** The origin attendees use: this page's, or the network address set for a loopback page. */
  #origin(): JoinOrigin {
    if (!isLoopbackHost(location.hostname))
      return { origin: location.origin, reachable: true, configured: false };
    let stored: string | null;
    try {
      const parsed = parseJoinOrigin(this.#options.storage?.getItem(ORIGIN_KEY) ?? "");
      stored = parsed.ok ? parsed.origin : null;
    } catch {
      stored = null;
    }
    if (stored) return { origin: stored, reachable: true, configured: true };
    if (this.#announced) return { origin: this.#announced, reachable: true, configured: false };
    return { origin: location.origin, reachable: false, configured: false };
  }

  #submitOrigin(form: HTMLFormElement): void {
    const input = form.querySelector("input")!;
    const parsed = parseJoinOrigin(input.value);
    const box = this.#markup.part("join-origin-error");
    if (!parsed.ok) {
      box.textContent =
        parsed.problem === "loopback"
          ? "That address is this computer's own again; attendees need the network one, like http://192.168.1.20:4400."
          : "That is not an address. Copy the “On the network” line that `npm run workshop` printed, like http://192.168.1.20:4400.";
      box.hidden = false;
      input.focus();
      return;
    }
    try {
      this.#options.storage?.setItem(ORIGIN_KEY, parsed.origin);
    } catch {
      // Not remembered: asked again next time.
    }
    input.value = "";
    this.draw();
  }
}
