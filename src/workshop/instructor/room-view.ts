/**
 * The room itself on the dashboard: its heading (code, name, frozen), the totals, and the
 * attendee, use case and live call tables. Draws the state it is given and nothing else: the data
 * comes from the stream through the reducer (room-model.ts), never from here.
 */
import { formatTokens, formatUsd, plural } from "../../../shared/calls/format.ts";
import type { AttendeeRow, RoomCall, UseCaseRow } from "../../../shared/workshop/protocol.ts";
import type { Markup } from "./markup.ts";
import { attendeeColumns, feedColumns, useCaseColumns } from "./room-columns.ts";
import type { RoomPart } from "./room-model.ts";
import { RoomTable } from "./room-table.ts";
import { activeAttendees, sortedAttendees, sortedUseCases, type RoomState } from "./room-state.ts";

export class RoomView {
  readonly #markup: Markup;
  readonly #attendees: RoomTable<AttendeeRow>;
  readonly #useCases: RoomTable<UseCaseRow>;
  readonly #feed: RoomTable<RoomCall>;
  /** The state being drawn, and the service's time, as of this frame. */
  #state: RoomState | undefined;
  #now = Date.now();

  constructor(markup: Markup) {
    this.#markup = markup;
    this.#attendees = new RoomTable(
      markup.part("attendees"),
      attendeeColumns(() => this.#now),
      {
        labelledBy: "wd-attendees-title",
        key: (row) => row.userId,
        emptyText: "Nobody has joined yet. Attendees appear here as they join.",
        tableAttributes: { "data-table": "attendees" },
        minWidth: "60rem",
      },
    );
    this.#useCases = new RoomTable(markup.part("use-cases"), useCaseColumns(), {
      labelledBy: "wd-use-cases-title",
      key: (row) => (row.name === null ? "\u0000none" : `=${row.name}`),
      emptyText: "No calls yet. Use cases appear with the first call that names one.",
      tableAttributes: { "data-table": "use-cases" },
      minWidth: "48rem",
    });
    this.#feed = new RoomTable(
      markup.part("feed"),
      feedColumns((userId) => this.#state?.attendees.get(userId)?.displayName),
      {
        labelledBy: "wd-feed-title",
        key: (call) => String(call.seq),
        emptyText: "No calls yet. Each attendee's sandbox runs appear here as they happen.",
        tableAttributes: { "data-table": "feed" },
        minWidth: "60rem",
        markNew: true,
      },
    );
  }

  /** Another room: nothing of the last one may stand in for this one's until its snapshot comes. */
  clear(): void {
    this.#state = undefined;
    this.#attendees.clear();
    this.#useCases.clear();
    this.#feed.clear();
    this.#markup.part("unpriced-note").hidden = true;
    for (const value of this.#markup.root.querySelectorAll<HTMLElement>("[data-role^=figure-]"))
      value.textContent = value.dataset["role"]?.endsWith("-sub") ? "" : "–";
  }

  /** Draws the `dirty` parts of room `code` in `state`; `now` is the service's time. */
  draw(code: string, state: RoomState, dirty: { has(part: RoomPart): boolean }, now: number): void {
    this.#state = state;
    this.#now = now;
    if (dirty.has("room")) this.#drawHeading(code, state);
    // Before the first snapshot the room is unknown, not empty: "nobody joined" would be false.
    if (state.room === null) return;
    if (dirty.has("totals")) this.#drawTotals(state);
    if (dirty.has("attendees")) this.#attendees.show(sortedAttendees(state));
    if (dirty.has("useCases")) this.#useCases.show(sortedUseCases(state));
    if (dirty.has("feed")) this.#feed.show(state.feed);
  }

  #drawHeading(code: string, state: RoomState): void {
    const { part, action, root } = this.#markup;
    const room = state.room;
    part("room-code").textContent = code;
    const name = part("room-name");
    name.textContent = room?.name ?? "";
    name.hidden = !room?.name;
    const frozen = room?.frozen ?? false;
    part("frozen").hidden = !frozen;
    action("freeze").setAttribute("aria-pressed", String(frozen));
    for (const dialogCode of root.querySelectorAll("[data-role=dialog-code]"))
      dialogCode.textContent = code;
  }

  #drawTotals(state: RoomState): void {
    const { part } = this.#markup;
    const { totals } = state;
    const figure = (id: string, text: string, sub = "", flag = false) => {
      const value = part(`figure-${id}`);
      if (value.textContent !== text) value.textContent = text;
      const small = part(`figure-${id}-sub`);
      if (small.textContent !== sub) small.textContent = sub;
      value.closest(".wd__figure")?.toggleAttribute("data-flag", flag);
    };
    const allUnpriced = totals.requests > 0 && totals.unpricedCalls === totals.requests;
    figure(
      "spend",
      allUnpriced ? "unknown" : formatUsd(totals.spendUsd),
      totals.unpricedCalls ? `+ ${plural(totals.unpricedCalls, "unpriced call")}` : "",
    );
    figure("requests", formatTokens(totals.requests));
    const joined = state.attendees.size;
    figure(
      "attendees",
      formatTokens(joined),
      joined ? `${formatTokens(activeAttendees(state))} made calls` : "",
    );
    figure(
      "input",
      formatTokens(totals.inputTokens),
      totals.cachedInputTokens ? `${formatTokens(totals.cachedInputTokens)} cached` : "",
    );
    figure("output", formatTokens(totals.outputTokens));
    figure("unpriced", formatTokens(totals.unpricedCalls), "", totals.unpricedCalls > 0);
    figure("failed", formatTokens(totals.failedCalls), "", totals.failedCalls > 0);
    const note = part("unpriced-note");
    note.hidden = totals.unpricedCalls === 0;
    note.textContent = totals.unpricedCalls
      ? `${plural(totals.unpricedCalls, "unpriced call")} not in the spend: their model has no ` +
        "price, so their cost is unknown (not $0)."
      : "";
  }
}
