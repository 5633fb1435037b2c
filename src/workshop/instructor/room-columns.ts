/**
 * What each column of the dashboard's three tables shows: attendees, use cases and the live feed.
 * Cells only: the tables themselves are LiveTables (live-table.ts), filled by room-view.ts.
 */
import { formatTokens, formatUsd, plural } from "../../../shared/calls/format.ts";
import type {
  AttendeeRow,
  RoomCall,
  Totals,
  UseCaseRow,
} from "../../../shared/workshop/protocol.ts";
import type { Cell, Column } from "./live-table.ts";
import { clockTime, relativeTime } from "./room-format.ts";
import { isFailedCall } from "./room-state.ts";

function tokensCell(tokens: number, cached: number): Cell {
  return cached > 0
    ? { text: formatTokens(tokens), sub: `${formatTokens(cached)} cached` }
    : { text: formatTokens(tokens) };
}

function countCell(count: number, tone: "flag" | "bad"): Cell {
  return count > 0 ? { text: formatTokens(count), tone } : { text: "0", tone: "muted" };
}

/** Spend of a row: "unknown" when every call it made is unpriced (never "$0.00"). */
function spendCell(row: { spendUsd: number; requests: number; unpricedCalls: number }): Cell {
  if (row.requests > 0 && row.unpricedCalls === row.requests)
    return { text: "unknown", sub: "unpriced calls only", tone: "flag" };
  return row.unpricedCalls > 0
    ? { text: formatUsd(row.spendUsd), sub: `+ ${plural(row.unpricedCalls, "unpriced call")}` }
    : { text: formatUsd(row.spendUsd) };
}

/** The figures attendee and use case rows share, in the same order in both tables. */
function totalsColumns<Row extends Totals>(): Column<Row>[] {
  return [
    { label: "Requests", numeric: true, cell: (row) => formatTokens(row.requests) },
    {
      label: "Input tokens",
      numeric: true,
      cell: (row) => tokensCell(row.inputTokens, row.cachedInputTokens),
    },
    { label: "Output tokens", numeric: true, cell: (row) => formatTokens(row.outputTokens) },
    { label: "Spend", numeric: true, cell: spendCell },
    { label: "Unpriced", numeric: true, cell: (row) => countCell(row.unpricedCalls, "flag") },
    { label: "Failed", numeric: true, cell: (row) => countCell(row.failedCalls, "bad") },
  ];
}

/** `now`: the time on the service's clock, so "12 s ago" is right however far the clocks differ. */
export function attendeeColumns(now: () => number): Column<AttendeeRow>[] {
  return [
    { label: "Attendee", cell: (row) => row.displayName },
    { label: "Room user id", cell: (row) => row.userId },
    ...totalsColumns<AttendeeRow>(),
    {
      label: "Last call",
      cell: (row) =>
        row.lastCallAt === null
          ? { text: "no calls yet", tone: "muted" }
          : { text: relativeTime(row.lastCallAt, now()), sub: row.lastResource ?? undefined },
    },
  ];
}

export function useCaseColumns(): Column<UseCaseRow>[] {
  return [
    {
      label: "Use case",
      cell: (row) =>
        row.name === null ? { text: "(no use case)", tone: "muted" } : { text: row.name },
    },
    ...totalsColumns<UseCaseRow>(),
  ];
}

function costCell(call: RoomCall): Cell {
  const failure = isFailedCall(call)
    ? call.status === null || call.status === 0
      ? "no response"
      : `HTTP ${call.status}`
    : undefined;
  if (call.costStatus === "priced" && call.costUsd !== null)
    return { text: formatUsd(call.costUsd), sub: failure };
  if (call.costStatus === "unpriced")
    return { text: "unpriced", sub: "cost unknown", tone: "flag" };
  return failure
    ? { text: "failed", sub: failure, tone: "bad" }
    : { text: "not charged", tone: "muted" };
}

/** `displayName`: the attendee's name as the room knows it now (a call only carries the id). */
export function feedColumns(
  displayName: (userId: string) => string | undefined,
): Column<RoomCall>[] {
  return [
    { label: "Time", cell: (call) => clockTime(call.time) },
    {
      label: "Attendee",
      wrap: "short",
      cell: (call) => {
        const name = displayName(call.attendee) ?? call.attendee;
        return name === call.attendee ? name : { text: name, sub: call.attendee };
      },
    },
    { label: "Model", wrap: "short", cell: (call) => call.resource },
    {
      label: "User id (from code)",
      wrap: "long",
      cell: (call) =>
        call.taggedUserId === null || call.taggedUserId === ""
          ? { text: "none: unattributed", sub: call.why, tone: "flag" }
          : { text: call.taggedUserId, sub: call.why },
    },
    {
      label: "Use case",
      wrap: "short",
      cell: (call) =>
        call.useCase === null ? { text: "none", tone: "muted" } : { text: call.useCase },
    },
    { label: "Cost", numeric: true, cell: costCell },
    {
      label: "Tokens in / out",
      numeric: true,
      cell: (call) => ({
        text: `${formatTokens(call.inputTokens)} / ${formatTokens(call.outputTokens)}`,
        sub: call.cachedInputTokens ? `${formatTokens(call.cachedInputTokens)} cached` : undefined,
      }),
    },
  ];
}
