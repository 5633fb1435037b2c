/**
 * The parts of `npm run bench`, in the order they run: each measures one thing and says which
 * figures it reports. To add a part (a new runner, a new page), append a `BenchPart` to `PARTS`:
 * `run` measures and returns what goes into bench.json, `figures` turns that into the report's
 * rows (and the before/after comparison's, by `id`).
 */
import type { Browser } from "@playwright/test";
import { measureCli, type CliResult } from "./cli.ts";
import type { Figure } from "./figures.ts";
import {
  costDriversSpeedRows,
  measureCostDriversSpeed,
  type CostDriversSpeedResult,
} from "./cost-drivers.ts";
import { measureFlood, type FloodResult } from "./flood.ts";
import { measureLighthouse, type LighthouseResult } from "./lighthouse.ts";
import { LINES, measureLines, type LinesResult } from "./lines.ts";
import { measureMonaco, type MonacoResult } from "./monaco.ts";
import {
  budgetReport,
  measureCostDriversJs,
  measureFetchedJs,
  measureLessonJs,
  type CostDriversResult,
  type FetchedJsResult,
  type LessonJsResult,
} from "./page-js.ts";
import { measurePython, type PythonResult } from "./python.ts";
import { measureRunLatency, type RunLatencyResult } from "./run-latency.ts";
import type { Site } from "./server.ts";
import { stats, type Stats } from "./stats.ts";
import { measureStop, type StopResult } from "./stop.ts";

export interface BenchContext {
  site: Site;
  baseURL: string;
  quick: boolean;
  log: (message: string) => void;
  /** The bench's Chromium (launched on first use, closed before Lighthouse starts its own). */
  browser: () => Promise<Browser>;
}

export interface BenchPart<T = unknown> {
  name: string;
  /** What it needs besides the built files: the preview server, and Playwright's Chromium. */
  needs: "files" | "server" | "browser";
  run(ctx: BenchContext): Promise<T>;
  /** The report's rows; `all` holds every part's result (for figures across parts). */
  figures(result: T, all: Readonly<Record<string, unknown>>): Figure[];
  /** Lines under the table: where time went, problems seen. */
  notes?(result: T): string[];
  /** A size budget exceeded: the bench exits 1. */
  overBudget?(result: T): boolean;
}

const ms = (
  id: string,
  label: string,
  s: Stats,
  target?: number,
  op: "<" | "<=" = "<",
): Figure => ({
  id,
  label,
  stats: s,
  unit: "ms",
  ...(target === undefined ? {} : { target: { op, value: target } }),
});

/** Describes a long task with what its long animation frames ran. */
function taskNote(
  what: string,
  task: { atMs: number; durationMs: number; scripts: string[] } | undefined,
): string[] {
  if (!task) return [];
  return [
    `${what}: ${Math.round(task.durationMs)} ms at ${(task.atMs / 1000).toFixed(1)} s; ` +
      `scripts: ${task.scripts.slice(0, 3).join("; ") || "none attributed"}`,
  ];
}

const lessonJs: BenchPart<{ lesson: LessonJsResult; fetched: FetchedJsResult }> = {
  name: "js",
  needs: "browser",
  async run(ctx) {
    const lesson = await measureLessonJs(ctx.site.dist);
    // What a browser fetches is measured on /day-2/ (the table's page), with /day-2/'s own budget
    // report to tell the static set from what loads on idle or on view.
    const report = await budgetReport(ctx.site.dist, "/day-2/");
    const fetched = await measureFetchedJs(
      await ctx.browser(),
      ctx.baseURL,
      ctx.site.dist,
      "/day-2/",
      report,
      { samples: ctx.quick ? 1 : 3 },
    );
    return { lesson, fetched };
  },
  figures({ lesson, fetched }) {
    return [
      {
        id: "js.initial",
        label: `Initial JS, ${lesson.page} (${lesson.sandboxes} sandboxes, ${lesson.scripts} files), gzip (the budget)`,
        stats: stats([lesson.gzipKb]),
        unit: "KB",
        digits: 1,
        target: { op: "<=", value: lesson.budgetKb },
      },
      {
        id: "js.fetched",
        label: `JS the page fetched to network idle, ${fetched.page} at 1280x800, no interaction (gzip)`,
        stats: fetched.gzipKb,
        unit: "KB",
        digits: 1,
        target: { op: "<=", value: 60 },
      },
      {
        id: "js.fetched.files",
        label: "   JS requests to network idle",
        stats: fetched.files,
        unit: "files",
      },
      {
        id: "js.settled",
        label: `   the same after ${fetched.settleMs / 1000} s more of quiet network (idle-time loads)`,
        stats: fetched.settledGzipKb,
        unit: "KB",
        digits: 1,
      },
      {
        id: "js.service-worker",
        label:
          "   (info) JS the service worker fetched meanwhile (offline precache, off the page's thread)",
        stats: fetched.serviceWorkerGzipKb,
        unit: "KB",
        digits: 1,
      },
    ];
  },
  overBudget: ({ lesson }) => lesson.overBudget,
};

const costDriversJs: BenchPart<CostDriversResult> = {
  name: "cost-drivers",
  needs: "files",
  run: (ctx) => measureCostDriversJs(ctx.site.dist),
  figures(c) {
    if (!c.built)
      return [{ id: "cd.initial", label: "Initial JS, /cost-drivers/", text: "not built" }];
    return [
      {
        id: "cd.initial",
        label: `Initial JS, ${c.page} (${c.scripts} files), gzip (the budget)`,
        stats: stats([c.gzipKb]),
        unit: "KB",
        digits: 1,
        target: { op: "<=", value: c.budgetKb },
      },
    ];
  },
  overBudget: (c) => c.built && c.overBudget,
};

const runLatency: BenchPart<{ latency0: RunLatencyResult; lessonDefault: RunLatencyResult }> = {
  name: "run",
  needs: "browser",
  async run(ctx) {
    const browser = await ctx.browser();
    const options = { pages: ctx.quick ? 2 : 5, warmRunsPerPage: ctx.quick ? 2 : 6 };
    return {
      latency0: await measureRunLatency(browser, ctx.baseURL, { ...options, latency: 0 }),
      lessonDefault: await measureRunLatency(browser, ctx.baseURL, { ...options, latency: 1 }),
    };
  },
  figures({ latency0, lessonDefault }) {
    const rows = (l: RunLatencyResult, key: string, words: string): Figure[] => [
      ms(
        `run.${key}.cold`,
        `Run -> first output, fresh page, click at once (${words}; ${l.sandbox})`,
        l.cold,
        key === "latency0" ? 1000 : undefined,
      ),
      ms(
        `run.${key}.first`,
        "   first run, runner ready (pointer rested on Run)",
        l.firstRunPreloaded,
      ),
      ms(
        `run.${key}.warm`,
        "   warm (runs 2+ on the page)",
        l.warm,
        key === "latency0" ? 100 : undefined,
      ),
      ms(
        `run.${key}.warm.message`,
        "   warm, first output message from the runner frame",
        l.warmRunnerMessage,
      ),
    ];
    return [
      ...rows(latency0, "latency0", "mock latency 0"),
      ...rows(lessonDefault, "default", "lesson's default latency"),
    ];
  },
};

function cliWall(all: Readonly<Record<string, unknown>>, program: string): Stats | undefined {
  const cli = all["cli"] as CliResult | undefined;
  return cli?.programs.find((p) => p.program === program)?.wall;
}

function versusCli(id: string, done: Stats, cli: Stats | undefined): Figure[] {
  if (!cli || cli.n === 0 || done.n === 0) return [];
  return [
    {
      id,
      label: "   done / the CLI's time (medians)",
      stats: stats([done.median / cli.median]),
      unit: "x",
      digits: 2,
      target: { op: "<=", value: 2 },
    },
  ];
}

const flood: BenchPart<FloodResult> = {
  name: "flood",
  needs: "browser",
  run: async (ctx) => measureFlood(await ctx.browser(), ctx.baseURL, { runs: ctx.quick ? 2 : 5 }),
  figures(f, all) {
    const calls = f.calls.toLocaleString("en-US");
    return [
      ms("flood.done", `${calls} calls: Run -> run ended and the table holds all rows`, f.done),
      ms("flood.allRows", "   Run -> the table holds all rows", f.allRows),
      ms("flood.runEnd", "   Run -> run-end", f.runEnd),
      ms("flood.longestTask", "   longest main-thread task during the run", f.longestTask, 50),
      ms("flood.lastRow", `   then: scroll to row ${calls} until it is drawn`, f.lastRow),
      {
        id: "flood.drawn",
        label: "   <tr> in the document at the end",
        stats: stats(f.runs.map((r) => r.drawnRows)),
        unit: "rows",
      },
      ...versusCli("flood.vsCli", f.done, cliWall(all, "10,000 calls")),
    ];
  },
  notes(f) {
    const worst = f.runs.reduce<FloodResult["runs"][number] | undefined>(
      (a, b) => (!a || b.longestTaskMs > a.longestTaskMs ? b : a),
      undefined,
    );
    const task = worst?.worstTasks[0];
    return task
      ? taskNote(
          `Longest task of the 10,000-call runs (style+layout ${Math.round(task.styleAndLayoutMs)} ms)`,
          task,
        )
      : [];
  },
};

const lines: BenchPart<LinesResult> = {
  name: "lines",
  needs: "browser",
  run: async (ctx) => measureLines(await ctx.browser(), ctx.baseURL, { runs: ctx.quick ? 1 : 3 }),
  figures(l, all) {
    const count = LINES.toLocaleString("en-US");
    const cut = l.runs.filter((r) => !r.completed);
    return [
      l.done.n > 0
        ? ms("lines.done", `${count} lines: Run -> run ended and the last line shown`, l.done)
        : {
            id: "lines.done",
            label: `${count} lines: Run -> run ended and the last line shown`,
            text: "never: every run was cut short",
          },
      ...(cut.length
        ? [
            {
              id: "lines.cut",
              label: `   runs cut short (${cut.length} of ${l.runs.length}): ended at, last line shown`,
              text: cut
                .map(
                  (r) =>
                    `${(r.runEndMs / 1000).toFixed(1)} s (${r.endKind ?? "?"}), line ${r.highestLine.toLocaleString("en-US")}`,
                )
                .join("; "),
            },
          ]
        : []),
      ms("lines.runEnd", "   Run -> run-end", l.runEnd),
      ms("lines.longestTask", "   longest main-thread task during the run", l.longestTask, 50),
      {
        id: "lines.heapPeak",
        label: "   page JS heap: peak during the run",
        stats: l.heapPeak,
        unit: "MB",
        digits: 1,
      },
      {
        id: "lines.heapGrowth",
        label: "   page JS heap: peak minus before the run",
        stats: l.heapGrowth,
        unit: "MB",
        digits: 1,
      },
      {
        id: "lines.heapAfter",
        label: "   page JS heap after the run and a GC",
        stats: l.heapAfter,
        unit: "MB",
        digits: 1,
      },
      {
        id: "lines.pageMemory",
        label: "   measureUserAgentSpecificMemory() after the run (all frames and workers)",
        stats: stats(l.runs.flatMap((r) => (r.pageMemoryMb === null ? [] : [r.pageMemoryMb]))),
        unit: "MB",
        digits: 1,
      },
      ...versusCli("lines.vsCli", l.done, cliWall(all, "1,000,000 lines")),
    ];
  },
  notes(l) {
    const worst = l.runs.reduce<LinesResult["runs"][number] | undefined>(
      (a, b) => (!a || b.longestTaskMs > a.longestTaskMs ? b : a),
      undefined,
    );
    const errors = [
      ...new Set(l.runs.flatMap((r) => (r.pageMemoryError ? [r.pageMemoryError] : []))),
    ];
    return [
      ...taskNote("Longest task of the 1,000,000-line runs", worst?.worstTasks[0]),
      ...errors.map((e) => `measureUserAgentSpecificMemory: ${e}`),
    ];
  },
};

const stop: BenchPart<StopResult> = {
  name: "stop",
  needs: "browser",
  run: async (ctx) => measureStop(await ctx.browser(), ctx.baseURL, { samples: ctx.quick ? 2 : 5 }),
  figures: (s) => [
    ms("stop.runEnd", "Stop -> ended (run-end), busy-looping program", s.runEnd, 1000),
    ms("stop.runEnabled", "   Stop -> Run enabled again", s.runEnabled),
    ms("stop.terminal", '   Stop -> "Stopped" painted in the terminal', s.terminal),
  ],
};

const python: BenchPart<PythonResult> = {
  name: "python",
  needs: "browser",
  run: async (ctx) =>
    measurePython(await ctx.browser(), ctx.baseURL, {
      contexts: ctx.quick ? 1 : 3,
      warmRuns: ctx.quick ? 2 : 5,
    }),
  figures: (p) => [
    ms(
      "python.cold",
      `Python: Run -> first output, fresh page, Pyodide downloaded and booted (${p.sandbox})`,
      p.cold,
      4000,
    ),
    ms("python.cached", "   new page, Pyodide's files from the cache (booted again)", p.cached),
    ms("python.warm", "   warm (runs 2+, after reading the output for 6 s)", p.warm, 200),
    ms("python.backToBack", "   runs 2+ clicked the moment the previous ended", p.backToBack),
    {
      id: "python.bytes",
      label: "   bytes the first Python run fetched under /pyodide/ (as sent)",
      text: `${(p.pyodideBytes / 1e6).toFixed(1)} MB; before Run: ${p.pyodideBytesBeforeRun} bytes`,
    },
  ],
  // Pyodide is loaded on demand only: anything fetched before Run is a regression.
  overBudget: (p) => p.pyodideBytesBeforeRun > 0,
};

const cli: BenchPart<CliResult> = {
  name: "cli",
  needs: "files",
  run: (ctx) => measureCli(ctx.site.root, { samples: ctx.quick ? 1 : 3, log: ctx.log }),
  figures: (c) =>
    c.programs.map((p) =>
      ms(
        `cli.${p.program === "10,000 calls" ? "flood" : "lines"}`,
        `CLI: ${p.program} (node sandbox/cli/main.ts <file> --latency 0), wall time`,
        p.wall,
      ),
    ),
};

const monaco: BenchPart<MonacoResult> = {
  name: "monaco",
  needs: "browser",
  run: async (ctx) =>
    measureMonaco(await ctx.browser(), ctx.baseURL, { samples: ctx.quick ? 2 : 5 }),
  figures: (m) => [
    ms(
      "monaco.cold",
      "Edit -> editable Monaco, cold (runner ready, editor never asked for)",
      m.editable,
      1000,
    ),
    ms("monaco.shown", "   Edit -> editor shown", m.shown),
    ms("monaco.fresh", "   fresh page, Edit clicked at once", m.freshPage),
    ms(
      "monaco.intent",
      "   after intent (pointer rested on Edit until the network was quiet)",
      m.afterIntent,
    ),
  ],
};

const costDriversSpeed: BenchPart<CostDriversSpeedResult> = {
  name: "cost-drivers-speed",
  needs: "browser",
  run: async (ctx) =>
    measureCostDriversSpeed(await ctx.browser(), ctx.baseURL, {
      runs: ctx.quick ? 2 : 5,
      log: ctx.log,
    }),
  figures: (r) =>
    costDriversSpeedRows(r).map(([label, s, target], i) =>
      ms(`cd.speed.${i}`, label.replace(/^7\. /, ""), s, target),
    ),
};

type LighthouseOutcome = (LighthouseResult & { ok: true }) | { ok: false; skipped: string };

const lighthouse: BenchPart<LighthouseOutcome> = {
  name: "lighthouse",
  needs: "server",
  async run(ctx) {
    const result = await measureLighthouse(ctx.baseURL, { runs: ctx.quick ? 1 : 3 });
    if (!result.ok && "skipped" in result) {
      ctx.log(`lighthouse SKIPPED: ${result.skipped}`);
      return result;
    }
    if (!result.ok) throw new Error(`Lighthouse could not run: ${result.error}`);
    return result;
  },
  figures(r) {
    if (!r.ok) return [{ id: "lh.skipped", label: "Lighthouse", text: `skipped: ${r.skipped}` }];
    const figures: Figure[] = [];
    for (const page of r.pages)
      for (const p of page.presets) {
        const key = `lh.${page.page === "/" ? "landing" : page.page.replaceAll("/", "")}.${p.preset}`;
        const s = p.scores;
        figures.push(
          {
            id: `${key}.performance`,
            label: `Lighthouse ${page.page} ${p.preset}: performance`,
            stats: s.performance,
            unit: "",
            target: { op: ">=", value: 100 },
          },
          ms(`${key}.tbt`, `   ${p.preset} TBT`, p.tbt),
          ms(`${key}.lcp`, `   ${p.preset} LCP`, p.lcp),
          {
            id: `${key}.others`,
            label: `   ${p.preset} accessibility / best practices / SEO (medians)`,
            text: `${s.accessibility.median} / ${s["best-practices"].median} / ${s.seo.median}`,
          },
        );
      }
    return figures;
  },
  notes(r) {
    if (!r.ok) return [`Lighthouse skipped: ${r.skipped}`];
    const notes: string[] = [];
    for (const page of r.pages)
      for (const p of page.presets) {
        const problems = [...new Set(p.runs.flatMap((x) => x.problems))];
        if (problems.length)
          notes.push(`Lighthouse ${page.page} ${p.preset}: ${problems.join(", ")}`);
        const worst = p.runs.reduce((a, b) => ((b.tbtMs ?? 0) > (a.tbtMs ?? 0) ? b : a));
        if (worst.longTasks.length)
          notes.push(
            `Lighthouse ${page.page} ${p.preset}, longest tasks of the run with the most TBT (${Math.round(worst.tbtMs ?? 0)} ms): ` +
              worst.longTasks
                .slice(0, 3)
                .map(
                  (t) => `${t.url} ${Math.round(t.durationMs)} ms at ${Math.round(t.startMs)} ms`,
                )
                .join("; "),
          );
      }
    return notes;
  },
};

export const PARTS: BenchPart<never>[] = [
  lessonJs,
  costDriversJs,
  runLatency,
  flood,
  lines,
  stop,
  python,
  cli,
  monaco,
  costDriversSpeed,
  lighthouse,
] as BenchPart<never>[];
