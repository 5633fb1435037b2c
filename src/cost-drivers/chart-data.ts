/**
 * What the two charts draw, and the same thing in words for people who cannot see them. Pure
 * (no DOM, no Plot), so the text alternative is unit-tested against the numbers.
 */
import { formatPercent, formatUsd } from "../../shared/calls/format.ts";
import type { SpendPoint, UserBar } from "../ui/spend-charts.ts";
import { UNATTRIBUTED, type UserRow } from "./aggregate.ts";
import { formatTime } from "./columns.ts";

/** Bars drawn before the rest are summed into one "N other users" bar. */
export const MAX_BARS = 8;

/** Users with a known spend, highest first; past `maxBars`, the rest share one bar. */
export function userBars(users: readonly UserRow[], maxBars = MAX_BARS): UserBar[] {
  const priced = users
    .filter((user) => user.pricedCalls > 0)
    .sort((a, b) => b.spendUsd - a.spendUsd);
  const bars: UserBar[] = priced.slice(0, maxBars).map((user) => ({
    label: user.userId ?? UNATTRIBUTED,
    spendUsd: user.spendUsd,
    kind: user.unattributed ? "unattributed" : "user",
  }));
  const rest = priced.slice(maxBars);
  if (rest.length === 1) {
    const user = rest[0]!;
    bars.push({
      label: user.userId ?? UNATTRIBUTED,
      spendUsd: user.spendUsd,
      kind: user.unattributed ? "unattributed" : "user",
    });
  } else if (rest.length > 1) {
    bars.push({
      label: `${rest.length} others`,
      spendUsd: rest.reduce((sum, user) => sum + user.spendUsd, 0),
      kind: "others",
    });
  }
  return bars;
}

/** "Spend per user, highest first: user_456 $0.000030 (60%), …". */
export function describeUserBars(bars: readonly UserBar[], users: readonly UserRow[]): string {
  if (!bars.length) return "No priced calls to chart.";
  const total = bars.reduce((sum, bar) => sum + bar.spendUsd, 0);
  const parts = bars.map((bar) => {
    const share = total > 0 ? ` (${formatPercent(bar.spendUsd / total)})` : "";
    return `${bar.label} ${formatUsd(bar.spendUsd)}${share}`;
  });
  const unknown = users.filter((user) => user.pricedCalls === 0 && user.unpricedCalls > 0).length;
  const left = unknown
    ? ` Not shown: ${unknown} user${unknown === 1 ? "" : "s"} with only unpriced calls.`
    : "";
  return `Spend per user, highest first: ${parts.join(", ")}.${left}`;
}

/** "Cumulative spend grew from $0.0000089 at … to $0.00012 at …, over 14 priced calls." */
export function describeTimeline(points: readonly SpendPoint[], pricedCalls: number): string {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return "No priced calls to chart.";
  if (first === last)
    return `One priced call, ${formatUsd(last.cumulativeUsd)}, at ${formatTime(last.time)}.`;
  return (
    `Cumulative spend grew from ${formatUsd(first.cumulativeUsd)} at ${formatTime(first.time)} ` +
    `to ${formatUsd(last.cumulativeUsd)} at ${formatTime(last.time)}, over ${pricedCalls} priced calls.`
  );
}
