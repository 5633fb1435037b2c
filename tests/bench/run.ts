/**
 * `npm run bench`: builds the committed HEAD in a folder of its own (see server.ts; a build of the
 * same commit is reused), serves it with `astro preview` (port 4398) and measures, in headless
 * Chromium:
 *
 *   1. initial JavaScript of the lesson page with the most sandboxes (gzip), against the budget
 *   2. Run -> first output with the in-browser runner: cold, first run after preload, warm
 *   3. a 10,000-call program: time until all rows are in the panel, longest main-thread task
 *   4. Monaco: Edit -> editable editor, cold
 *   5. Lighthouse on /day-2/, mobile and desktop
 *   6. initial JavaScript of /cost-drivers/, once that page exists
 *   7. Cost Drivers with 50,000 stored calls: first render, tab switches, longest task
 *
 * Prints min / median / max of several runs (the machine is shared and noisy), and writes
 * everything to test-results/bench.json. Timings are figures, not assertions: the exit code is 1
 * only when a measurement could not run or a size budget is exceeded.
 *
 * Flags: --worktree     build the working tree as it is (uncommitted changes included)
 *        --rebuild      build HEAD again even if a build of it exists
 *        --dist <dir>   measure an existing build instead of building (e.g. --dist dist)
 *        --only <list>  comma-separated subset of:
 *                       js,run,flood,monaco,lighthouse,cost-drivers,cost-drivers-speed
 *        --quick        fewer samples (a smoke run of the bench itself)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Browser } from "@playwright/test";
import { launchBrowser } from "./browser.ts";
import {
  costDriversSpeedRows,
  measureCostDriversSpeed,
  type CostDriversSpeedResult,
} from "./cost-drivers.ts";
import { measureFlood, type FloodResult } from "./flood.ts";
import { measureLighthouse, type LighthouseResult } from "./lighthouse.ts";
import { measureMonaco, type MonacoResult } from "./monaco.ts";
import {
  measureCostDriversJs,
  measureFetchedJs,
  measureLessonJs,
  type CostDriversResult,
  type FetchedJsResult,
  type LessonJsResult,
} from "./page-js.ts";
import { measureRunLatency, type RunLatencyResult } from "./run-latency.ts";
import { prepareSite, startPreview, type PreviewServer, type SiteMode } from "./server.ts";
import { formatStats, type Stats } from "./stats.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const RESULTS = resolve(ROOT, "test-results/bench.json");
const ALL = [
  "js",
  "run",
  "flood",
  "monaco",
  "lighthouse",
  "cost-drivers",
  "cost-drivers-speed",
] as const;
type Part = (typeof ALL)[number];

const { values } = parseArgs({
  options: {
    dist: { type: "string" },
    worktree: { type: "boolean", default: false },
    rebuild: { type: "boolean", default: false },
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(
    [
      "npm run bench [-- flags]",
      "  (default)       build the committed HEAD in a temp folder (reused per commit) and measure it",
      "  --worktree      build the working tree as it is (uncommitted changes included)",
      "  --rebuild       build HEAD again even if a build of it exists",
      "  --dist <dir>    measure an existing build (e.g. --dist dist)",
      "  --only <list>   any of js,run,flood,monaco,lighthouse,cost-drivers,cost-drivers-speed",
      "  --quick         fewer samples: a smoke run of the bench itself",
      "Results: a table on stdout, everything in test-results/bench.json.",
    ].join("\n"),
  );
  process.exit(0);
}
const only = new Set<Part>(
  values.only ? (values.only.split(",").map((s) => s.trim()) as Part[]) : [...ALL],
);
for (const part of only) if (!ALL.includes(part)) throw new Error(`--only: unknown part "${part}"`);
const quick = values.quick;

const log = (message: string) => console.error(`[bench] ${message}`);

interface Results {
  startedAt: string;
  commit: string;
  dirty: boolean;
  chromium: string;
  site: string;
  dist: string;
  buildMs?: number;
  buildReused?: boolean;
  lessonJs?: LessonJsResult;
  fetchedJs?: FetchedJsResult;
  runLatency?: RunLatencyResult;
  flood?: FloodResult;
  monaco?: MonacoResult;
  lighthouse?: LighthouseResult;
  costDrivers?: CostDriversResult;
  costDriversSpeed?: CostDriversSpeedResult;
  errors: { part: string; error: string }[];
  durationMs?: number;
  /** 1-minute load average at the start and the end: the machine is shared. */
  load: { cores: number; start: number; end?: number };
}

function git(...args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

const started = performance.now();
const results: Results = {
  startedAt: new Date().toISOString(),
  commit: git("rev-parse", "--short", "HEAD"),
  dirty: git("status", "--porcelain", "--untracked-files=no") !== "",
  chromium: "",
  site: "",
  dist: "",
  errors: [],
  load: { cores: cpus().length, start: loadavg()[0] ?? 0 },
};

async function part<T>(name: Part, run: () => Promise<T>): Promise<T | undefined> {
  if (!only.has(name)) return undefined;
  const t0 = performance.now();
  log(`${name}...`);
  try {
    const value = await run();
    log(`${name} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return value;
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${name} FAILED: ${message}`);
    results.errors.push({ part: name, error: message });
    return undefined;
  }
}

let server: PreviewServer | undefined;
let browser: Browser | undefined;
const cleanUp = async () => {
  await browser?.close().catch(() => undefined);
  browser = undefined;
  await server?.stop();
  server = undefined;
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  const mode: SiteMode = values.dist
    ? { kind: "dist", dist: values.dist }
    : values.worktree
      ? { kind: "worktree" }
      : { kind: "head", rebuild: values.rebuild };
  const site = await prepareSite(mode, log);
  results.site = site.source;
  results.dist = site.dist;
  results.buildMs = site.buildMs;
  results.buildReused = site.reused;
  if (site.buildMs) log(`built in ${(site.buildMs / 1000).toFixed(0)} s`);

  results.lessonJs = await part("js", () => measureLessonJs(results.dist));
  results.costDrivers = await part("cost-drivers", () => measureCostDriversJs(results.dist));

  const needsBrowser = (
    ["js", "run", "flood", "monaco", "lighthouse", "cost-drivers-speed"] as const
  ).some((p) => only.has(p));
  if (needsBrowser) {
    server = await startPreview(site, 4398, { log });
    log(`serving ${results.dist} at ${server.url}`);
  }
  const baseURL = server?.url ?? "";
  if ((["js", "run", "flood", "monaco", "cost-drivers-speed"] as const).some((p) => only.has(p))) {
    browser = await launchBrowser();
    results.chromium = browser.version();
    const b = browser;
    if (results.lessonJs) {
      const lesson = results.lessonJs;
      results.fetchedJs = await part("js", () =>
        measureFetchedJs(b, baseURL, results.dist, lesson.page, lesson.report),
      );
    }
    results.runLatency = await part("run", () =>
      measureRunLatency(b, baseURL, { pages: quick ? 2 : 5, warmRunsPerPage: quick ? 2 : 6 }),
    );
    results.flood = await part("flood", () => measureFlood(b, baseURL, { runs: quick ? 2 : 5 }));
    results.monaco = await part("monaco", () =>
      measureMonaco(b, baseURL, { samples: quick ? 2 : 5 }),
    );
    results.costDriversSpeed = await part("cost-drivers-speed", () =>
      measureCostDriversSpeed(b, baseURL, { runs: quick ? 2 : 5, log }),
    );
    await browser.close();
    browser = undefined;
  }
  results.lighthouse = await part("lighthouse", async () => {
    const result = await measureLighthouse(baseURL, { runs: quick ? 1 : 3 });
    if (!result.ok) throw new Error(`Lighthouse could not run: ${result.error}`);
    return result;
  });
} catch (error) {
  results.errors.push({
    part: "setup",
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
} finally {
  await cleanUp();
}
results.durationMs = performance.now() - started;
results.load.end = loadavg()[0] ?? 0;

mkdirSync(resolve(ROOT, "test-results"), { recursive: true });
writeFileSync(RESULTS, JSON.stringify(results, null, 2));
console.log(report(results));
console.log(`\nAll figures and samples: ${RESULTS}`);

const overBudget =
  !!results.lessonJs?.overBudget || (results.costDrivers?.built && results.costDrivers.overBudget);
if (results.errors.length > 0 || overBudget) process.exitCode = 1;

// ---------------------------------------------------------------------------------------------

function report(r: Results): string {
  type Row = [string, string, string, string];
  const rows: Row[] = [];
  const row = (what: string, figure: string, target = "", verdict = "") =>
    rows.push([what, figure, target, verdict]);
  const timed = (s: Stats, targetMs?: number): [string, string, string] => [
    `${formatStats(s)}  (n=${s.n})`,
    targetMs === undefined ? "" : `< ${targetMs} ms`,
    targetMs === undefined || s.n === 0 ? "" : s.median < targetMs ? "meets" : "MISSES",
  ];
  const kb = (x: number) => `${x.toFixed(1)} KB`;

  if (r.lessonJs) {
    const j = r.lessonJs;
    row(
      `1. Initial JS, ${j.page} (${j.sandboxes} sandboxes, ${j.scripts} files), gzip`,
      kb(j.gzipKb),
      `<= ${j.budgetKb} KB`,
      j.overBudget ? "OVER BUDGET" : "within",
    );
  }
  if (r.fetchedJs) {
    const f = r.fetchedJs;
    row(
      `   (info) JS fetched in ${f.waitedMs / 1000} s after load, no interaction`,
      `${kb(f.gzipKb)} (${f.files} files; ${kb(f.preloadedGzipKb)} preloaded on demand)`,
    );
  }
  if (r.runLatency) {
    const l = r.runLatency;
    row(`2. Run -> first output, cold (${l.sandbox})`, ...timed(l.cold, 1000));
    row(`   first run, runner preloaded`, ...timed(l.firstRunPreloaded, 1000));
    row(`   warm (runs 2+)`, ...timed(l.warm, 100));
    row(`   warm, first panel row`, ...timed(l.warmPanelRow));
    row(`   warm, first terminal line`, ...timed(l.warmTerminalLine));
    row(`   warm, first output message from the runner frame`, ...timed(l.warmRunnerMessage));
  }
  if (r.flood) {
    const f = r.flood;
    row(
      `3. ${f.calls.toLocaleString("en-US")} calls: Run -> all rows in panel`,
      ...timed(f.allRows),
    );
    row(`   longest main-thread task during the run`, ...timed(f.longestTask, 50));
    if (f.firstRun) {
      row(
        `   first 10k run (panel had 1 row; first compile)`,
        `all rows ${Math.round(f.firstRun.allRowsMs)} ms, longest task ${Math.round(f.firstRun.longestTaskMs)} ms, ${f.firstRun.longTasks} long tasks`,
      );
    }
    if (f.reRuns.allRows.n > 0) {
      row(
        `   re-runs (clear 10,000 rows first)`,
        `all rows ${formatStats(f.reRuns.allRows)}, longest task ${formatStats(f.reRuns.longestTask)}`,
      );
    }
  }
  if (r.monaco) {
    row(`4. Monaco cold: Edit -> editable (.focused)`, ...timed(r.monaco.editable));
    row(`   Edit -> editor shown`, ...timed(r.monaco.shown));
  }
  if (r.lighthouse?.ok) {
    for (const p of r.lighthouse.presets) {
      const s = p.scores;
      row(
        `5. Lighthouse ${r.lighthouse.page} ${p.preset}: perf / a11y / best pr. / SEO`,
        `${s.performance.median} / ${s.accessibility.median} / ${s["best-practices"].median} / ${s.seo.median}  (median of ${p.runs.length}; perf ${s.performance.min}-${s.performance.max})`,
      );
      row(`   ${p.preset} LCP`, ...timed(p.lcp));
      row(`   ${p.preset} TBT`, ...timed(p.tbt));
    }
  }
  if (r.costDrivers) {
    const c = r.costDrivers;
    if (c.built)
      row(
        `6. Initial JS, ${c.page} (${c.scripts} files), gzip`,
        kb(c.gzipKb),
        `<= ${c.budgetKb} KB`,
        c.overBudget ? "OVER BUDGET" : "within",
      );
    else row(`6. Initial JS, /cost-drivers/`, "not built yet");
  }
  if (r.costDriversSpeed)
    for (const [what, s, targetMs] of costDriversSpeedRows(r.costDriversSpeed))
      row(what, ...timed(s, targetMs));

  const header: Row = ["measure", "figure (min / median / max)", "target", ""];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[header, ...rows].map((x) => x[i]!.length)));
  const line = (x: Row) =>
    x
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const out = [
    "",
    `Bench of ${r.site || "?"}${r.buildReused ? " (build reused)" : ""}` +
      `${r.chromium ? `, Chromium ${r.chromium}` : ""}` +
      `${r.buildMs ? `, build ${(r.buildMs / 1000).toFixed(0)} s` : ""}, total ${((r.durationMs ?? 0) / 1000).toFixed(0)} s, ` +
      `load average ${r.load.start.toFixed(1)} -> ${(r.load.end ?? 0).toFixed(1)} on ${r.load.cores} cores`,
    "",
    line(header),
    line(header.map((h, i) => "-".repeat(Math.max(h.length, widths[i]!))) as Row),
    ...rows.map(line),
  ];
  const notes: string[] = [];
  if (r.flood?.runs.length) {
    const worst = r.flood.runs.reduce((a, b) => (b.longestTaskMs > a.longestTaskMs ? b : a));
    const task = worst.worstTasks[0];
    if (task)
      notes.push(
        `Longest task of the flood runs: ${Math.round(task.durationMs)} ms at ${(task.atMs / 1000).toFixed(1)} s after Run; ` +
          `style+layout ${Math.round(task.styleAndLayoutMs)} ms, paint/other rendering ${Math.round(task.renderMs)} ms; ` +
          `scripts: ${task.scripts.join("; ") || "none attributed"}`,
      );
  }
  if (r.lighthouse?.ok) {
    for (const p of r.lighthouse.presets) {
      const problems = [...new Set(p.runs.flatMap((x) => x.problems))];
      if (problems.length) notes.push(`Lighthouse ${p.preset}: ${problems.join(", ")}`);
      const worst = p.runs.reduce((a, b) => ((b.tbtMs ?? 0) > (a.tbtMs ?? 0) ? b : a));
      if (worst.longTasks.length)
        notes.push(
          `Lighthouse ${p.preset}, longest tasks of the run with the most TBT (${Math.round(worst.tbtMs ?? 0)} ms): ` +
            worst.longTasks
              .slice(0, 3)
              .map((t) => `${t.url} ${Math.round(t.durationMs)} ms at ${Math.round(t.startMs)} ms`)
              .join("; "),
        );
    }
  }
  for (const e of r.errors) notes.push(`FAILED ${e.part}: ${e.error.split("\n")[0]}`);
  if (notes.length) out.push("", ...notes.map((n) => `- ${n}`));
  return out.join("\n");
}
