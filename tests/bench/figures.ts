/**
 * A figure of the bench's report and its verdict against the target: apart from the parts,
 * so the report, the comparison and their tests need neither a browser nor Playwright.
 */
import type { Stats } from "./stats.ts";

/** One figure of the report: samples (min / median / max) or a text, with its target if any. */
export interface Figure {
  /** Stable across commits: the before/after comparison pairs figures by it. */
  id: string;
  label: string;
  stats?: Stats;
  unit?: string;
  /** Decimals shown (default 0). */
  digits?: number;
  /** A figure that is not a number, or a number said in words. */
  text?: string;
  /** The target the issue sets, checked on the median. */
  target?: { op: "<" | "<=" | ">="; value: number };
}

/** "meets" / "MISSES" for a figure with a target, judged on the median. */
export function verdict(f: Figure): string {
  if (!f.target || !f.stats || f.stats.n === 0) return "";
  const m = f.stats.median;
  const ok =
    f.target.op === "<"
      ? m < f.target.value
      : f.target.op === "<="
        ? m <= f.target.value
        : m >= f.target.value;
  return ok ? "meets" : "MISSES";
}
