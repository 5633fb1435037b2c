/**
 * The room's "spend per attendee" chart: the Cost Drivers users chart (chart.ts's userChart), fed
 * with attendees instead of tagged user ids, and the same thing in words. Pure, so the text
 * alternative is tested against the numbers.
 *
 * Unlike Cost Drivers, the rest are not drawn as one "N others" bar: in a room of 30, their sum
 * would dwarf every attendee's own bar, and each attendee looks for theirs. The rest are a line of
 * text under the chart instead.
 */
import type { AttendeeRow } from "../../../shared/workshop/protocol.ts";
import type { UserBar } from "../../ui/spend-charts.ts";
import { formatPercent, formatUsd, plural } from "../../../shared/calls/format.ts";

/** As many bars as a projected chart keeps readable beside the live feed. */
export const MAX_ATTENDEE_BARS = 10;

export interface AttendeeChart {
  /** Attendees with a known spend, highest first. */
  bars: UserBar[];
  /** Attendees with a known spend who did not get a bar. */
  rest: { attendees: number; spendUsd: number } | null;
}

/**
 * A bar's label is the display name; two attendees may choose the same one, so a repeated name
 * carries the room user id, which is unique (the chart's rows are keyed by label).
 */
export function attendeeChart(
  rows: readonly AttendeeRow[],
  maxBars = MAX_ATTENDEE_BARS,
): AttendeeChart {
  const names = new Map<string, number>();
  for (const row of rows) names.set(row.displayName, (names.get(row.displayName) ?? 0) + 1);
  const spenders = rows
    .filter((row) => row.spendUsd > 0)
    .sort(
      (a, b) => b.spendUsd - a.spendUsd || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
    );
  const bars = spenders.slice(0, maxBars).map((row): UserBar => ({
    label:
      (names.get(row.displayName) ?? 0) > 1
        ? `${row.displayName} (${row.userId})`
        : row.displayName,
    spendUsd: row.spendUsd,
    kind: "user",
  }));
  const others = spenders.slice(maxBars);
  // Integer picodollars, as everywhere money is summed.
  const pico = others.reduce((sum, row) => sum + Math.round(row.spendUsd * 1e12), 0);
  return {
    bars,
    rest: others.length ? { attendees: others.length, spendUsd: pico / 1e12 } : null,
  };
}

/** "+ 13 more attendees: $0.0018 in total." */
export function describeRest(rest: AttendeeChart["rest"]): string {
  return rest
    ? `+ ${plural(rest.attendees, "more attendee")}: ${formatUsd(rest.spendUsd)} in total, in the Attendees table.`
    : "";
}

/** "Spend per attendee, highest first: Ana $0.0003 (75%), …. Not shown: …". */
export function describeAttendeeChart(chart: AttendeeChart, rows: readonly AttendeeRow[]): string {
  const unpricedOnly = rows.filter((row) => row.spendUsd === 0 && row.unpricedCalls > 0).length;
  const idle = rows.filter((row) => row.requests === 0).length;
  const notShown = [
    chart.rest
      ? `${plural(chart.rest.attendees, "more attendee")} with ${formatUsd(chart.rest.spendUsd)} in total`
      : "",
    unpricedOnly ? `${plural(unpricedOnly, "attendee")} with only unpriced calls` : "",
    idle ? `${plural(idle, "attendee")} with no calls yet` : "",
  ].filter(Boolean);
  const left = notShown.length ? ` Not shown: ${notShown.join("; ")}.` : "";
  if (!chart.bars.length) return `No priced calls yet.${left}`;
  const total =
    chart.bars.reduce((sum, bar) => sum + bar.spendUsd, 0) + (chart.rest?.spendUsd ?? 0);
  const parts = chart.bars.map((bar) => {
    const share = total > 0 ? ` (${formatPercent(bar.spendUsd / total)})` : "";
    return `${bar.label} ${formatUsd(bar.spendUsd)}${share}`;
  });
  return `Spend per attendee, highest first: ${parts.join(", ")}.${left}`;
}
