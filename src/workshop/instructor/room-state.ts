/**
 * The room as the instructor's dashboard knows it: the stream's first snapshot, then every call
 * batch, join, freeze and reset folded in. Pure (no DOM), so it is unit-tested against the same
 * sums the server computes for its snapshot.
 *
 * Updates are immutable at the row level: a batch replaces only the rows it touches, so the view
 * redraws a row only when its object changed, which is what keeps 200 attendees cheap to show.
 */
import {
  LIMITS,
  type Attendee,
  type AttendeeRow,
  type RoomCall,
  type RoomInfo,
  type RoomSnapshot,
  type Totals,
  type UseCaseRow,
} from "../../../shared/workshop/protocol.ts";

export interface RoomState {
  room: RoomInfo | null;
  totals: Totals;
  /** By room user id, in the order attendees joined. */
  attendees: ReadonlyMap<string, AttendeeRow>;
  /** By use case name; `null`: calls made outside any use case. */
  useCases: ReadonlyMap<string | null, UseCaseRow>;
  /** Newest first, at most `LIMITS.recentCalls`. */
  feed: readonly RoomCall[];
  /** Highest seq folded in: a call at or below it is already counted. */
  lastSeq: number;
  /** The stream said the room and its data are gone. */
  deleted: boolean;
}

export type RoomAction =
  | { type: "snapshot"; snapshot: RoomSnapshot }
  | { type: "reset"; snapshot: RoomSnapshot }
  | { type: "calls"; calls: readonly RoomCall[] }
  | { type: "attendee"; attendee: Attendee }
  | { type: "room"; room: RoomInfo }
  | { type: "deleted" };

export const FEED_SIZE = LIMITS.recentCalls;

export function zeroTotals(): Totals {
  return {
    requests: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    spendUsd: 0,
    unpricedCalls: 0,
    failedCalls: 0,
  };
}

export function emptyRoomState(): RoomState {
  return {
    room: null,
    totals: zeroTotals(),
    attendees: new Map(),
    useCases: new Map(),
    feed: [],
    lastSeq: 0,
    deleted: false,
  };
}

/**
 * A call that got no successful answer: no response at all (the runtime's status 0; null when the
 * service has none) or an HTTP error, including a call the proxy blocked at a limit (429). The
 * runtime sets `error` on exactly these calls.
 */
export function isFailedCall(call: Pick<RoomCall, "status">): boolean {
  return call.status === null || call.status === 0 || call.status >= 400;
}

const PICO_PER_USD = 1e12;

/** Sums in integer picodollars: adding thousands of tiny float prices one by one drifts. */
function addUsd(total: number, amount: number): number {
  return (Math.round(total * PICO_PER_USD) + Math.round(amount * PICO_PER_USD)) / PICO_PER_USD;
}

/** `totals` plus one call. Unpriced calls are counted, never added as $0. */
export function addCall<T extends Totals>(totals: T, call: RoomCall): T {
  return {
    ...totals,
    requests: totals.requests + 1,
    inputTokens: totals.inputTokens + call.inputTokens,
    cachedInputTokens: totals.cachedInputTokens + call.cachedInputTokens,
    outputTokens: totals.outputTokens + call.outputTokens,
    spendUsd:
      call.costStatus === "priced" && call.costUsd !== null
        ? addUsd(totals.spendUsd, call.costUsd)
        : totals.spendUsd,
    unpricedCalls: totals.unpricedCalls + (call.costStatus === "unpriced" ? 1 : 0),
    failedCalls: totals.failedCalls + (isFailedCall(call) ? 1 : 0),
  };
}

function fromSnapshot(snapshot: RoomSnapshot, deleted = false): RoomState {
  return {
    room: snapshot.room,
    totals: snapshot.totals,
    attendees: new Map(snapshot.attendees.map((row) => [row.userId, row])),
    useCases: new Map(snapshot.useCases.map((row) => [row.name, row])),
    feed: snapshot.recent.slice(-FEED_SIZE).reverse(),
    lastSeq: snapshot.lastSeq,
    deleted,
  };
}

function newAttendeeRow(attendee: Attendee): AttendeeRow {
  return { ...attendee, ...zeroTotals(), lastCallAt: null, lastResource: null };
}

function applyCalls(state: RoomState, incoming: readonly RoomCall[]): RoomState {
  // After a reconnect the snapshot already counts what an overlapping batch repeats.
  const calls = incoming.filter((call) => call.seq > state.lastSeq).sort((a, b) => a.seq - b.seq);
  if (!calls.length) return state;
  let totals = state.totals;
  const attendees = new Map(state.attendees);
  const useCases = new Map(state.useCases);
  for (const call of calls) {
    totals = addCall(totals, call);
    const before =
      attendees.get(call.attendee) ??
      // A call can arrive before its attendee's join event is seen (or after it was missed).
      newAttendeeRow({
        userId: call.attendee,
        displayName: call.attendee,
        joinedAt: call.receivedAt,
      });
    attendees.set(call.attendee, {
      ...addCall(before, call),
      lastCallAt: call.receivedAt,
      lastResource: call.resource,
    });
    const useCase = useCases.get(call.useCase) ?? { name: call.useCase, ...zeroTotals() };
    useCases.set(call.useCase, addCall(useCase, call));
  }
  const newest = calls.slice(-FEED_SIZE).reverse();
  return {
    ...state,
    totals,
    attendees,
    useCases,
    feed: newest.concat(state.feed.slice(0, FEED_SIZE - newest.length)),
    lastSeq: calls.at(-1)!.seq,
  };
}

export function reduceRoom(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case "snapshot":
    case "reset":
      return fromSnapshot(action.snapshot, state.deleted);
    case "calls":
      return state.deleted ? state : applyCalls(state, action.calls);
    case "attendee": {
      if (state.attendees.has(action.attendee.userId)) return state;
      const attendees = new Map(state.attendees);
      attendees.set(action.attendee.userId, newAttendeeRow(action.attendee));
      return { ...state, attendees };
    }
    case "room":
      return { ...state, room: action.room };
    case "deleted":
      return { ...state, deleted: true };
  }
}

/** Highest spend first; then most requests; then by name, so equal rows never swap places. */
function compareRows(
  a: Totals & { key: string; missing: boolean },
  b: Totals & { key: string; missing: boolean },
): number {
  if (a.spendUsd !== b.spendUsd) return b.spendUsd - a.spendUsd;
  if (a.requests !== b.requests) return b.requests - a.requests;
  if (a.missing !== b.missing) return a.missing ? 1 : -1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

const NAME_ORDER = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/**
 * By display name (then room user id): a stable order in which attendees find themselves on the
 * projector. Ranking by spend is the chart's job; a table re-sorted by every call would shuffle its
 * rows several times a second.
 */
export function sortedAttendees(state: RoomState): AttendeeRow[] {
  return [...state.attendees.values()].sort(
    (a, b) =>
      NAME_ORDER.compare(a.displayName, b.displayName) ||
      (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
  );
}

export function sortedUseCases(state: RoomState): UseCaseRow[] {
  return [...state.useCases.values()]
    .map((row) => ({ ...row, key: row.name ?? "", missing: row.name === null, row }))
    .sort(compareRows)
    .map((entry) => entry.row);
}

/** Attendees who made at least one call: "12 of 30 attendees have made calls". */
export function activeAttendees(state: RoomState): number {
  let count = 0;
  for (const row of state.attendees.values()) if (row.requests > 0) count += 1;
  return count;
}
