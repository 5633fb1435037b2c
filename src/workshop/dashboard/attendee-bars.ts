/**
 * The room's "spend per attendee" chart: the Cost Drivers users chart (chart.ts's userChart), fed
 * with attendees instead of tagged user ids, and the same thing in words. Pure, so the text
 * alternative is tested against the numbers.
 */
import type { AttendeeRow } from "../../../workshop/protocol.ts";
import { rankedBars, type UserBar } from "../../cost-drivers/chart-data.ts";
import { formatPercent, formatUsd } from "../../sandbox-ui/live-panel/format.ts";
import { plural } from "./format.ts";

/** A projected chart stays readable with a dozen bars; the rest share one. */
export const MAX_ATTENDEE_BARS = 12;

/**
 * Attendees with a known spend, highest first. A bar's label is the display name; two attendees
 * may choose the same one, so a repeated name carries the room user id, which is unique (the
 * chart's rows are keyed by label).
 */
export function attendeeBars(rows: readonly AttendeeRow[], maxBars = MAX_ATTENDEE_BARS): UserBar[] {
  const names = new Map<string, number>();
  for (const row of rows) names.set(row.displayName, (names.get(row.displayName) ?? 0) + 1);
  const bars = rows
    .filter((row) => row.spendUsd > 0)
    .sort(
      (a, b) => b.spendUsd - a.spendUsd || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
    )
    .map((row): UserBar => ({
      label:
        (names.get(row.displayName) ?? 0) > 1
          ? `${row.displayName} (${row.userId})`
          : row.displayName,
      spendUsd: row.spendUsd,
      kind: "user",
    }));
  return rankedBars(bars, maxBars);
}

/** "Spend per attendee, highest first: Ana $0.0002 (59%), …. Not shown: …". */
export function describeAttendeeBars(
  bars: readonly UserBar[],
  rows: readonly AttendeeRow[],
): string {
  const unpricedOnly = rows.filter((row) => row.spendUsd === 0 && row.unpricedCalls > 0).length;
  const idle = rows.filter((row) => row.requests === 0).length;
  const notShown = [
    unpricedOnly ? `${plural(unpricedOnly, "attendee")} with only unpriced calls` : "",
    idle ? `${plural(idle, "attendee")} with no calls yet` : "",
  ].filter(Boolean);
  const left = notShown.length ? ` Not shown: ${notShown.join("; ")}.` : "";
  if (!bars.length) return `No priced calls yet.${left}`;
  const total = bars.reduce((sum, bar) => sum + bar.spendUsd, 0);
  const parts = bars.map((bar) => {
    const share = total > 0 ? ` (${formatPercent(bar.spendUsd / total)})` : "";
    return `${bar.label} ${formatUsd(bar.spendUsd)}${share}`;
  });
  return `Spend per attendee, highest first: ${parts.join(", ")}.${left}`;
}
