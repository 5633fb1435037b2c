/**
 * "Sending to the room" on the Workshop page: one sentence for the forwarder's state, the counts
 * of calls waiting and sent, and the last problem. It also keeps what the page learnt elsewhere
 * (the room said it is frozen; the health check found no service) until a later send disproves it.
 */
import { plural } from "../../../shared/calls/format.ts";
import type { ForwarderStatus } from "./delivery/status.ts";
import { FROZEN_MESSAGE } from "./delivery/timing.ts";
import type { JoinMarkup } from "./join-markup.ts";

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

export class StatusPanel {
  readonly #markup: JoinMarkup;
  #statusText = "";
  #reachable = true;
  /** Calls sent when the health check failed: more sent since means the service answers again. */
  #sentWhenUnreachable: number | null = null;
  /** The room said it is frozen (join or check), as of `#sentThen` calls sent: a later send disproves it. */
  #roomFrozen = false;
  #sentThen = 0;

  constructor(markup: JoinMarkup) {
    this.#markup = markup;
  }

  /** Whether the health check found the room service answering. */
  set reachable(reachable: boolean) {
    this.#reachable = reachable;
  }

  /** The room said whether it is frozen, as of `sent` calls sent. */
  markFrozen(frozen: boolean, sent: number): void {
    this.#roomFrozen = frozen;
    this.#sentThen = sent;
  }

  /** Forgets the last sentence (the attendee left), so the next one is announced. */
  forgetText(): void {
    this.#statusText = "";
  }

  render(status: ForwarderStatus | null): void {
    const { root, fill, part } = this.#markup;
    if (this.#roomFrozen && (status?.sent ?? 0) > this.#sentThen) this.#roomFrozen = false;
    if (!this.#reachable && status) {
      this.#sentWhenUnreachable ??= status.sent;
      if (status.sent > this.#sentWhenUnreachable) this.#reachable = true;
    }
    const frozen = this.#roomFrozen && (!status || status.state === "idle");
    root.dataset["state"] = frozen ? "frozen" : (status?.state ?? "idle");
    fill("queued", (status?.queued ?? 0).toLocaleString("en-US"));
    fill("sent", (status?.sent ?? 0).toLocaleString("en-US"));
    this.#setText(
      frozen
        ? FROZEN_MESSAGE
        : !this.#reachable && (!status || status.state === "idle")
          ? "The room service does not answer right now. Calls you make are kept in this browser and sent when it answers again."
          : statusSentence(status),
    );
    const problem = part("problem");
    const showProblem =
      !!status?.lastError && status.state !== "frozen" && status.state !== "ended";
    problem.hidden = !showProblem;
    problem.textContent = showProblem ? status.lastError : "";
  }

  #setText(text: string): void {
    // Only real changes reach the live region, so screen readers are not told the same thing twice.
    if (text === this.#statusText) return;
    this.#statusText = text;
    this.#markup.fill("status-text", text);
  }
}
