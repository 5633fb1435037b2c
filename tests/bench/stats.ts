/** Min, median and max of a set of samples; the bench reports these, never a single run. */
export interface Stats {
  n: number;
  min: number;
  median: number;
  max: number;
  samples: number[];
}

export function stats(samples: readonly number[]): Stats {
  const sorted = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n: 0, min: NaN, median: NaN, max: NaN, samples: [...samples] };
  const mid = Math.floor(n / 2);
  const median =
    n % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    n,
    min: sorted[0] as number,
    median,
    max: sorted[n - 1] as number,
    samples: [...samples],
  };
}

/** "12 / 15 / 40 ms": min / median / max, rounded for reading. */
export function formatStats(s: Stats, unit = "ms", digits = 0): string {
  if (s.n === 0) return "no samples";
  const f = (x: number) => x.toFixed(digits);
  return `${f(s.min)} / ${f(s.median)} / ${f(s.max)} ${unit}`;
}
