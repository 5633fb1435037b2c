/**
 * Number formatting for the live panel. One call costs millionths of a dollar, so money keeps two
 * significant digits below $1 (`$0.0000089`) instead of rounding to `$0.00`, which would read as
 * "free" and hide exactly what the course is about.
 */

/** Below this (a picodollar, the pricing's exact unit) an amount is shown as "< $0.000000000001". */
const SMALLEST_USD = 1e-12;
const MAX_DECIMALS = 12;
const SIGNIFICANT_DIGITS = 2;

// Fixed locale: the page is in English and tests compare exact strings.
const GROUPED = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * US dollars: two decimals from $1 up (`$1,234.57`); below $1, two significant digits and at
 * least two decimals (`$0.42`, `$0.50`, `$0.0000089`). Not-a-number gives `$?`.
 */
export function formatUsd(amount: number): string {
  if (!Number.isFinite(amount)) return "$?";
  const sign = amount < 0 ? "-" : "";
  const size = Math.abs(amount);
  if (size === 0) return "$0.00";
  if (size < SMALLEST_USD)
    return `${sign === "-" ? "> -" : "< "}$0.${"0".repeat(MAX_DECIMALS - 1)}1`;
  if (size >= 1e15) return `${sign}$${GROUPED.format(size)}`;
  if (size >= 1) {
    const [whole = "0", cents = "00"] = roundTo(size, 2).split(".");
    return `${sign}$${GROUPED.format(Number(whole))}.${cents}`;
  }
  const leadingZeros = -Math.floor(Math.log10(size)) - 1;
  const decimals = Math.min(MAX_DECIMALS, Math.max(2, leadingZeros + SIGNIFICANT_DIGITS));
  const text = roundTo(size, decimals).replace(/(\.\d\d\d*?)0+$/, "$1");
  return `${sign}$${text}`;
}

/** Rounds half up in decimal: prices are exact decimals that binary floats store a hair low. */
function roundTo(value: number, decimals: number): string {
  const scale = 10 ** decimals;
  const scaled = Math.round(value * scale * (1 + 1e-12));
  const digits = String(scaled).padStart(decimals + 1, "0");
  return `${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}`;
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
