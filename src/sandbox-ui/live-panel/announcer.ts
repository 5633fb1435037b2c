/**
 * A polite live region that speaks at most once per interval. A program making hundreds of calls
 * a second would otherwise queue hundreds of announcements; instead the listener hears the first
 * call at once, then "12 more calls. Call 15: ..." once per interval.
 */
import { el } from "../../ui/dom.ts";

export interface Announcer {
  readonly element: HTMLElement;
  /** A new call; announced now, or summarised with the others at the end of the interval. */
  call(text: string): void;
  /** `count` new calls at once, `latest` describing the last of them. */
  calls(count: number, latest: string): void;
  /** A message that must not be merged with calls (e.g. the end of a run); waits its turn. */
  say(text: string): void;
  clear(): void;
  dispose(): void;
}

export function createAnnouncer(intervalMs = 1000): Announcer {
  const element = el("div", { class: "payi-sr-only", role: "status", "aria-live": "polite" });
  let lastSpokenAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pendingCalls = 0;
  let latestCall = "";
  let pendingMessage = "";

  const speak = (): void => {
    timer = undefined;
    const parts: string[] = [];
    if (pendingCalls === 1) parts.push(latestCall);
    else if (pendingCalls > 1) parts.push(`${pendingCalls} more calls. ${latestCall}`);
    if (pendingMessage) parts.push(pendingMessage);
    pendingCalls = 0;
    pendingMessage = "";
    if (parts.length === 0) return;
    element.textContent = parts.join(". ");
    lastSpokenAt = performance.now();
  };

  const schedule = (): void => {
    if (timer !== undefined) return;
    const wait = lastSpokenAt + intervalMs - performance.now();
    if (wait <= 0) speak();
    else timer = setTimeout(speak, wait);
  };

  return {
    element,
    call(text) {
      this.calls(1, text);
    },
    calls(count, latest) {
      if (count <= 0) return;
      pendingCalls += count;
      latestCall = latest;
      schedule();
    },
    say(text) {
      pendingMessage = text;
      schedule();
    },
    clear() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pendingCalls = 0;
      pendingMessage = "";
      element.textContent = "";
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
