/**
 * What each column of the dashboard's three tables shows: attendees, use cases and the live feed.
 * Cells only: the tables themselves are the site's DataTables (src/ui/data-table/), filled by
 * room-view.ts. Every value is text (names and ids are chosen by attendees).
 */
import { formatTokens, formatUsd, plural } from "../../../shared/calls/format.ts";
import type {
  AttendeeRow,
  RoomCall,
  Totals,
  UseCaseRow,
} from "../../../shared/workshop/protocol.ts";
import type { CellValue, DataColumn } from "../../ui/data-table/columns.ts";
import { clockTime, relativeTime } from "./room-format.ts";
import { isFailedCall } from "./room-state.ts";

/** A cell of these tables: text, or text with a second line and a tone. */
type Cell = Exclude<CellValue, Node | null>;

/** Grid tracks: rows are grids of their own, so every track is fixed or a share, never "auto". */
const NUMBER = "minmax(6.5rem, 1fr)";
const NAME = "minmax(9rem, 1.4fr)";
const LONG = "minmax(11rem, 2.2fr)";

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
function totalsColumns<Row extends Totals>(): DataColumn<Row>[] {
  const figure = (
    key: keyof Totals & string,
    header: string,
    cell: (row: Row) => Cell | string,
  ): DataColumn<Row> => ({
    key,
    header,
    numeric: true,
    width: NUMBER,
    cell,
    sortValue: (row) => row[key],
  });
  return [
    figure("requests", "Requests", (row) => formatTokens(row.requests)),
    figure("inputTokens", "Input tokens", (row) =>
      tokensCell(row.inputTokens, row.cachedInputTokens),
    ),
    figure("outputTokens", "Output tokens", (row) => formatTokens(row.outputTokens)),
    figure("spendUsd", "Spend", spendCell),
    figure("unpricedCalls", "Unpriced", (row) => countCell(row.unpricedCalls, "flag")),
    figure("failedCalls", "Failed", (row) => countCell(row.failedCalls, "bad")),
  ];
}

/** `now`: the time on the service's clock, so "12 s ago" is right however far the clocks differ. */
export function attendeeColumns(now: () => number): DataColumn<AttendeeRow>[] {
  return [
    {
      key: "displayName",
      header: "Attendee",
      rowHeader: true,
      width: NAME,
      cell: (row) => row.displayName,
      sortValue: (row) => row.displayName.toLocaleLowerCase("en"),
    },
    {
      key: "userId",
      header: "Room user id",
      width: NAME,
      cell: (row) => row.userId,
      sortValue: (row) => row.userId,
    },
    ...totalsColumns<AttendeeRow>(),
    {
      key: "lastCallAt",
      header: "Last call",
      width: NAME,
      cell: (row) =>
        row.lastCallAt === null
          ? { text: "no calls yet", tone: "muted" }
          : { text: relativeTime(row.lastCallAt, now()), sub: row.lastResource ?? undefined },
      sortValue: (row) => row.lastCallAt,
    },
  ];
}

export function useCaseColumns(): DataColumn<UseCaseRow>[] {
  return [
    {
      key: "name",
      header: "Use case",
      rowHeader: true,
      width: NAME,
      cell: (row) =>
        row.name === null ? { text: "(no use case)", tone: "muted" } : { text: row.name },
      sortValue: (row) => row.name,
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
): DataColumn<RoomCall>[] {
  return [
    {
      key: "time",
      header: "Time",
      rowHeader: true,
      width: "minmax(5.5rem, 0.8fr)",
      cell: (call) => clockTime(call.time),
    },
    {
      key: "attendee",
      header: "Attendee",
      width: NAME,
      cell: (call) => {
        const name = displayName(call.attendee) ?? call.attendee;
        return name === call.attendee ? name : { text: name, sub: call.attendee };
      },
    },
    { key: "resource", header: "Model", width: NAME, cell: (call) => call.resource },
    {
      key: "taggedUserId",
      header: "User id (from code)",
      width: LONG,
      cell: (call) =>
        call.taggedUserId === null || call.taggedUserId === ""
          ? { text: "none: unattributed", sub: call.why, tone: "flag" }
          : { text: call.taggedUserId, sub: call.why },
    },
    {
      key: "useCase",
      header: "Use case",
      width: NAME,
      cell: (call) =>
        call.useCase === null ? { text: "none", tone: "muted" } : { text: call.useCase },
    },
    { key: "cost", header: "Cost", numeric: true, width: NUMBER, cell: costCell },
    {
      key: "tokens",
      header: "Tokens in / out",
      numeric: true,
      width: "minmax(8rem, 1fr)",
      cell: (call) => ({
        text: `${formatTokens(call.inputTokens)} / ${formatTokens(call.outputTokens)}`,
        sub: call.cachedInputTokens ? `${formatTokens(call.cachedInputTokens)} cached` : undefined,
      }),
    },
  ];
}

/**
 * What a row shows, as one string: its version for the table, so a drawn row is rebuilt when any
 * of its cells would change (a clock that moved, a name the room learnt), not only when its data
 * object did. The table asks only for the rows it draws.
 */
export function shownText<Row>(columns: readonly DataColumn<Row>[]): (row: Row) => string {
  return (row) =>
    columns
      .map((column) => {
        const value = column.cell(row);
        if (value === null || value instanceof Node) return "";
        if (typeof value === "string") return value;
        return `${value.text}\u0001${value.sub ?? ""}\u0001${value.tone ?? ""}\u0001${value.title ?? ""}`;
      })
      .join("\u0002");
}
