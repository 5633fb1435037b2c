/**
 * What every table's columns share: the column type, and the cells for times, spend and counts
 * (text on screen, raw value for sorting and export). Pure (no DOM).
 */
import type { CellValue } from "../../shared/csv.ts";
import { formatTokens, formatUsd, plural } from "../../shared/calls/format.ts";
import type { SpendCounts } from "../../shared/calls/summarize.ts";

/**
 * One column. `Key` is what sorting reads: the row itself, except in the Calls table, which is
 * sorted on every call's compact facts and draws only the rows shown in full.
 */
export interface Column<Row, Key = Row> {
  /** Field name in exports; also identifies the column for sorting. */
  key: string;
  label: string;
  /** Right-aligned, and sorted largest first on the first click. */
  numeric?: boolean;
  /** In exports only (on screen it is folded into another cell). */
  exportOnly?: boolean;
  /** The raw value: sorting and export. */
  value(row: Key): CellValue;
  /**
   * The same order as `value`, cheaper to compare (epoch ms for an ISO time); NaN is empty.
   * Comparing 50,000 ISO strings with a collator takes far longer than comparing numbers.
   */
  sortValue?(row: Key): number;
  /** What the cell shows. */
  text(row: Row): string;
  /** A second, smaller line in the cell (a warning or detail). */
  note?(row: Row): string | null;
  /** Hover text: the full explanation. */
  title?(row: Row): string | null;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** Local date and time, "2026-11-27 07:21:51": unambiguous and the same width in every row. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** In a cell: the time alone for today's calls ("07:21:51"), else the date and minute. */
export function formatShortTime(ms: number, now = Date.now()): string {
  const full = formatTime(ms);
  if (full === "—") return full;
  return full.slice(0, 10) === formatTime(now).slice(0, 10) ? full.slice(11) : full.slice(0, 16);
}

/** A time column: compact in the cell, in full on hover, ISO in exports. */
export function timeColumn<Row extends Key, Key = Row>(
  key: string,
  label: string,
  get: (row: Key) => number,
): Column<Row, Key> {
  return {
    key,
    label,
    numeric: true,
    value: (row) => isoTime(get(row)),
    sortValue: (row) => {
      const ms = get(row);
      return Number.isFinite(ms) ? ms : NaN;
    },
    text: (row) => formatShortTime(get(row)),
    title: (row) => formatTime(get(row)),
  };
}

function isoTime(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Spend, or `null` when it is unknown (every call of the row is unpriced): never a false $0. */
export function knownSpend(counts: SpendCounts): number | null {
  return counts.pricedCalls === 0 && counts.unpricedCalls > 0 ? null : counts.spendUsd;
}

/** "$0.0012", "unknown" (only unpriced calls); the unpriced count goes in the note. */
export function spendText(counts: SpendCounts): string {
  const spend = knownSpend(counts);
  return spend === null ? "unknown" : formatUsd(spend);
}

export function unpricedNote(counts: SpendCounts): string | null {
  return counts.unpricedCalls > 0 ? `+ ${plural(counts.unpricedCalls, "unpriced call")}` : null;
}

export function spendColumns<Row extends SpendCounts>(): Column<Row>[] {
  return [
    {
      key: "spend_usd",
      label: "Spend",
      numeric: true,
      value: knownSpend,
      text: spendText,
      note: unpricedNote,
      title: (row) =>
        row.unpricedCalls > 0
          ? `${plural(row.unpricedCalls, "call")} to a model without a price: not included`
          : null,
    },
    {
      key: "unpriced_calls",
      label: "Unpriced calls",
      numeric: true,
      exportOnly: true,
      value: (row) => row.unpricedCalls,
      text: (row) => formatTokens(row.unpricedCalls),
    },
  ];
}

export function count<Row>(key: string, label: string, get: (row: Row) => number): Column<Row> {
  return {
    key,
    label,
    numeric: true,
    value: get,
    text: (row) => formatTokens(get(row)),
  };
}
