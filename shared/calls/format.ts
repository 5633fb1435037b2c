/**
 * Number formatting shared by the live panel, Cost Drivers, the room dashboard and the charts.
 * DOM-free. One call costs millionths of a dollar, so money never rounds to `$0.00` (which would
 * read as "free" and hide exactly what the course is about).
 *
 * The money rule, in one line: **the more precise of two decimals and two significant digits**.
 * So from a cent up amounts read as cents (`$0.42`, `$1,234.57`) and below a cent they keep two
 * significant digits, trailing zero included, so neighbours in a column read alike: `$0.000020`,
 * `$0.000021`, `$0.0000089` (never `$0.00002` next to `$0.000021`). An amount the price table
 * cannot price is "unpriced", never `$0` (see `formatCost` and `formatSpend`).
 */

/** Below this (a picodollar, the pricing's exact unit) an amount is shown as "< $0.000000000001". */
const SMALLEST_USD = 1e-12;
const SMALLEST_TEXT = "$0.000000000001";

// Fixed locale: the page is in English and tests compare exact strings.
const GROUPED = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const USD = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  minimumSignificantDigits: 2,
  maximumSignificantDigits: 2,
  // ES2023 (every browser the site supports, Node 20+): the rule above in one option.
  roundingPriority: "morePrecision",
} as Intl.NumberFormatOptions);

/** What `Intl.NumberFormat.format` takes since ES2023: a decimal string is formatted exactly. */
type ExactFormat = (value: number | string) => string;

/**
 * US dollars by the rule above. The amount is formatted from its shortest decimal spelling
 * (`String(0.125)` is "0.125"), so it rounds half up like the decimal price it is, not like the
 * binary float just below it. Not-a-number gives `$?`.
 */
export function formatUsd(amount: number): string {
  if (!Number.isFinite(amount)) return "$?";
  const size = Math.abs(amount);
  if (size > 0 && size < SMALLEST_USD)
    return amount < 0 ? `> -${SMALLEST_TEXT}` : `< ${SMALLEST_TEXT}`;
  return (USD.format as ExactFormat)(String(amount === 0 ? 0 : amount));
}

/** A call's cost: the amount when priced, else what it is instead ("unpriced", "not charged"). */
export function formatCost(
  cost: { status: "priced"; total: number } | { status: "unpriced" } | { status: "not-charged" },
): string {
  if (cost.status === "priced") return formatUsd(cost.total);
  return cost.status === "unpriced" ? "unpriced" : "not charged";
}

/**
 * A sum of calls: "unpriced" when none of them could be priced (an unknown amount, not $0);
 * otherwise the priced part (the unpriced calls are counted beside it by the caller).
 */
export function formatSpend(counts: {
  spendUsd: number;
  pricedCalls: number;
  unpricedCalls: number;
}): string {
  if (counts.pricedCalls === 0 && counts.unpricedCalls > 0) return "unpriced";
  return formatUsd(counts.spendUsd);
}

/**
 * Ticks for a money axis from 0 to `max`: about `count` round steps (1, 2 or 5 times a power of
 * ten) and labels that all have the step's decimals, so a chart of tiny amounts reads
 * `$0`, `$0.00005`, `$0.00010` instead of `$0.00`, `$0.00`, `$0.00`. `top` is the last tick, a
 * domain end that shows the largest value whole.
 */
export function usdAxis(
  max: number,
  count = 4,
): { ticks: number[]; top: number; format: (value: number) => string } {
  const high = Number.isFinite(max) && max > 0 ? max : 1;
  const raw = high / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= raw) ?? 10) * power;
  const steps = Math.ceil(high / step - 1e-9);
  // Multiplied from integers each time: adding the step up would collect float error.
  const ticks = Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  const decimals = Math.max(2, Math.ceil(-Math.log10(step) - 1e-9));
  const label = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: Math.min(decimals, 20),
    maximumFractionDigits: Math.min(decimals, 20),
  });
  const format = (value: number): string =>
    value === 0 ? "$0" : (label.format as ExactFormat)(String(value));
  return { ticks, top: ticks.at(-1) ?? high, format };
}

/** Token counts, exact with thousands separators (`12,345`): learners add them up. */
export function formatTokens(count: number): string {
  if (!Number.isFinite(count) || count < 0) return "?";
  return GROUPED.format(Math.round(count));
}

/** A count and its noun: "1 call", "3 calls", "1,204 unpriced calls". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatTokens(count)} ${count === 1 ? one : many}`;
}

/** Share of a limit spent, as a whole percentage; "<1%" rather than a misleading "0%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return "?%";
  if (fraction > 0 && fraction < 0.01) return "<1%";
  return `${GROUPED.format(Math.round(fraction * 100))}%`;
}
