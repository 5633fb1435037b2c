/**
 * The one place the dashboard's data changes: stream events become reducer actions (room-state.ts),
 * and each change says which parts of the page it touched, so the views redraw only those. Also
 * keeps the service's clock offset, so "12 s ago" is right even when the clocks disagree. No DOM.
 */
import type { StreamEvent } from "../../../shared/workshop/protocol.ts";
import { emptyRoomState, reduceRoom, type RoomAction, type RoomState } from "./room-state.ts";

/** The parts of the room view a change can touch. */
export type RoomPart = "room" | "totals" | "attendees" | "useCases" | "feed";

export function actionOf(event: StreamEvent): RoomAction {
  switch (event.event) {
    case "snapshot":
      return { type: "snapshot", snapshot: event.data };
    case "reset":
      return { type: "reset", snapshot: event.data };
    case "calls":
      return { type: "calls", calls: event.data.calls };
    case "attendee":
      return { type: "attendee", attendee: event.data };
    case "room":
      return { type: "room", room: event.data };
    case "deleted":
      return { type: "deleted" };
  }
}

/** What a change from `before` to `after` asks to redraw. */
export function changedParts(before: RoomState, after: RoomState): RoomPart[] {
  const parts: RoomPart[] = [];
  if (after.room !== before.room) parts.push("room");
  if (after.totals !== before.totals) parts.push("totals");
  // A join changes the attendee count (totals) and the names the feed shows.
  if (after.attendees !== before.attendees) parts.push("attendees", "totals", "feed");
  if (after.useCases !== before.useCases) parts.push("useCases");
  if (after.feed !== before.feed) parts.push("feed");
  return parts;
}

export class RoomModel {
  #state: RoomState = emptyRoomState();
  /** How far the service's clock is behind this one (ms). */
  #clockOffset: number | null = null;
  readonly #clock: () => number;

  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  get state(): RoomState {
    return this.#state;
  }

  /** The time now on the service's clock (this one's until a call has arrived). */
  now(): number {
    return this.#clock() - (this.#clockOffset ?? 0);
  }

  /** Forgets the room: another one is opened. */
  clear(): void {
    this.#state = emptyRoomState();
    this.#clockOffset = null;
  }

  receive(event: StreamEvent): RoomPart[] {
    if (event.event === "calls") {
      const last = event.data.calls.at(-1);
      const received = last ? Date.parse(last.receivedAt) : NaN;
      if (Number.isFinite(received)) {
        // Calls are sent within a moment of arriving: the smallest lag seen is the clock offset.
        const offset = this.#clock() - received;
        this.#clockOffset =
          this.#clockOffset === null ? offset : Math.min(this.#clockOffset, offset);
      }
    }
    return this.apply(actionOf(event));
  }

  apply(action: RoomAction): RoomPart[] {
    const before = this.#state;
    const after = reduceRoom(before, action);
    if (after === before) return [];
    this.#state = after;
    return changedParts(before, after);
  }
}
