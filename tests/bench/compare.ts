/**
 * Before/after: `node tests/bench/compare.ts before.json after.json` prints, for every figure the
 * two bench runs share (paired by `id`), both medians and after / before. A figure only one run
 * has is listed as such. Figures, not a verdict: read them with the load averages printed above
 * the table (the machine is shared).
 */
import { readFileSync } from "node:fs";
import type { Figure } from "./figures.ts";

interface BenchFile {
  site: string;
  startedAt: string;
  figures: Figure[];
  load: { cores: number; start: number; end?: number };
}

function read(path: string): BenchFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`cannot read ${path} as a bench result (${String(error)})`, {
      cause: error,
    });
  }
  if (!parsed || typeof parsed !== "object" || !Array.isArray((parsed as BenchFile).figures))
    throw new Error(`${path} has no "figures": write it with npm run bench -- --out ${path}`);
  return parsed as BenchFile;
}

const median = (f: Figure | undefined): number | undefined =>
  f?.stats && f.stats.n > 0 ? f.stats.median : undefined;

/** The rows of the comparison: label, before, after, after / before. */
export function compareFigures(before: Figure[], after: Figure[]): string[][] {
  const byId = new Map(before.map((f) => [f.id, f]));
  const rows: string[][] = [];
  const seen = new Set<string>();
  for (const f of after) {
    seen.add(f.id);
    const old = byId.get(f.id);
    const a = median(old);
    const b = median(f);
    const show = (x: number | undefined, fig: Figure | undefined) =>
      x === undefined
        ? (fig?.text ?? (fig ? "no samples" : "-"))
        : `${x.toFixed(f.digits ?? 0)}${f.unit ? ` ${f.unit}` : ""}`;
    const ratio = a !== undefined && b !== undefined && a !== 0 ? `${(b / a).toFixed(2)}x` : "";
    rows.push([f.label, show(a, old), show(b, f), ratio]);
  }
  for (const f of before)
    if (!seen.has(f.id)) rows.push([f.label, f.text ?? String(median(f) ?? ""), "-", ""]);
  return rows;
}

if (import.meta.main) {
  const [beforePath, afterPath] = process.argv.slice(2);
  if (!beforePath || !afterPath) {
    console.error("usage: node tests/bench/compare.ts before.json after.json");
    process.exit(2);
  }
  let before: BenchFile;
  let after: BenchFile;
  try {
    before = read(beforePath);
    after = read(afterPath);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  const load = (r: BenchFile) =>
    `load ${r.load.start.toFixed(1)} -> ${(r.load.end ?? 0).toFixed(1)} on ${r.load.cores} cores`;
  console.log(`before: ${before.site} (${before.startedAt}, ${load(before)})`);
  console.log(`after:  ${after.site} (${after.startedAt}, ${load(after)})\n`);
  const rows = [["measure", "before (median)", "after (median)", "after / before"]];
  rows.push(...compareFigures(before.figures, after.figures));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    console.log(
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    );
}
