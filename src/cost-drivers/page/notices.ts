/**
 * The notices above the dashboard: calls pruned past the cap, records this version cannot read,
 * problems the store recorded (with Dismiss), and errors of this page (reading, clearing) or of a
 * recorder in another tab.
 */
import { formatTokens } from "../../../shared/calls/format.ts";
import { el } from "../../ui/dom.ts";
import { MAX_CALLS, type StoreMeta } from "../db.ts";
import { formatTime } from "../columns.ts";

export interface NoticesState {
  meta: StoreMeta;
  /** Stored records this page cannot read. */
  skipped: number;
  errors: readonly string[];
}

export function drawNotices(host: HTMLElement, { meta, skipped, errors }: NoticesState): void {
  const items: HTMLElement[] = [];
  const { pruned, notices } = meta;
  if (pruned)
    items.push(
      el("p", { class: "cd__notice" }, [
        `Storage limit: this page keeps the newest ${formatTokens(MAX_CALLS)} calls. ` +
          `${formatTokens(pruned.total)} older call${pruned.total === 1 ? " was" : "s were"} removed ` +
          `(last on ${formatTime(Date.parse(pruned.lastAt))}), so totals cover the calls kept.`,
      ]),
    );
  if (skipped)
    items.push(
      el("p", { class: "cd__notice" }, [
        `${formatTokens(skipped)} stored record${skipped === 1 ? " is" : "s are"} not ` +
          "readable by this version of the page and are left out.",
      ]),
    );
  for (const notice of notices)
    items.push(
      el("p", { class: "cd__notice", "data-kind": "warning" }, [
        notice.text,
        " ",
        el("button", { type: "button", class: "cd__link-button", "data-action": "dismiss" }, [
          "Dismiss",
        ]),
      ]),
    );
  for (const error of errors)
    items.push(el("p", { class: "cd__notice", "data-kind": "error", role: "alert" }, [error]));
  host.replaceChildren(...items);
}
