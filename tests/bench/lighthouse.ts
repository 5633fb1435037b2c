/**
 * 5. Lighthouse on a lesson page (/day-2/) and the landing page (/), mobile (Lighthouse's default:
 * Moto G Power emulation, simulated slow 4G and 4x CPU slowdown) and desktop presets: the four
 * category scores, LCP and TBT, the median of several runs. Lighthouse drives its own headless Chromium (/usr/bin/chromium with the
 * bench's flags plus --headless=new), started here and connected to by its DevTools port.
 *
 * Lighthouse resets storage before each run, so the page's runner preference is "auto" there (the
 * page may try to boot WebContainer, whose hosts this machine cannot reach). Every accessibility,
 * best-practices and SEO audit that loses points, and Lighthouse's run warnings, are listed with
 * the results.
 *
 * Lighthouse is a dev dependency, imported only when this part runs: without it in node_modules
 * the part is skipped with the reason printed (the other parts do not need it).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type * as LighthouseTypes from "lighthouse";
import { CHROMIUM_ARGS, findChromium } from "../support/find-chromium.ts";
import { stats, type Stats } from "./stats.ts";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
type Category = (typeof CATEGORIES)[number];

export interface LighthouseRun {
  scores: Record<Category, number | null>;
  lcpMs: number | null;
  tbtMs: number | null;
  /** Audits scoring below 1 in accessibility, best practices and SEO (ids), and run warnings. */
  problems: string[];
  /** The longest main-thread tasks Lighthouse saw (its `long-tasks` audit): script and duration. */
  longTasks: { url: string; durationMs: number; startMs: number }[];
}

export interface PresetResult {
  preset: "mobile" | "desktop";
  runs: LighthouseRun[];
  scores: Record<Category, Stats>;
  lcp: Stats;
  tbt: Stats;
}

export interface PageResult {
  page: string;
  presets: PresetResult[];
}

export type LighthouseResult =
  | { ok: true; pages: PageResult[] }
  | { ok: false; error: string }
  /** Lighthouse is not installed: not a failure of the bench, a part it cannot offer here. */
  | { ok: false; skipped: string };

/** (A type-only import: erased at run time, so a missing package fails only the type check.) */
type LighthouseModule = typeof LighthouseTypes;

/**
 * The `lighthouse` package, or why it is missing; any other import error (a broken install) is
 * thrown, so it fails the part instead of passing for a skip. `importer` is for the tests.
 */
export async function loadLighthouse(
  importer: () => Promise<LighthouseModule> = () => import("lighthouse"),
): Promise<LighthouseModule | { missing: string }> {
  try {
    return await importer();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND")
      return {
        missing:
          "the lighthouse package is not in node_modules (npm install, or npm install -D lighthouse)",
      };
    throw error;
  }
}

async function startChromium(): Promise<{ port: number; stop: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "payi-bench-lh-"));
  const child = spawn(
    findChromium({ install: false }).path,
    [
      ...CHROMIUM_ARGS,
      "--headless=new",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`Chromium gave no DevTools port within 30 s:\n${stderr.slice(-2000)}`)),
      30_000,
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = stderr.match(/DevTools listening on ws:\/\/[^:]+:(\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) before listening:\n${stderr.slice(-2000)}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    rmSync(profile, { recursive: true, force: true });
  };
  return { port, stop };
}

async function runOnce(
  { default: lighthouse, desktopConfig }: LighthouseModule,
  url: string,
  port: number,
  preset: "mobile" | "desktop",
): Promise<LighthouseRun> {
  const result = await lighthouse(
    url,
    { port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] },
    preset === "desktop" ? desktopConfig : undefined,
  );
  if (!result) throw new Error("Lighthouse returned no result");
  const lhr = result.lhr;
  if (lhr.runtimeError)
    throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const score = (id: Category) => {
    const s = lhr.categories[id]?.score;
    return typeof s === "number" ? Math.round(s * 100) : null;
  };
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? null;
  const problems: string[] = [];
  for (const id of ["accessibility", "best-practices", "seo"] as const) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1)
        problems.push(`${id}: ${ref.id}`);
    }
  }
  for (const warning of lhr.runWarnings ?? []) problems.push(`warning: ${warning}`);
  const taskItems = (lhr.audits["long-tasks"]?.details as { items?: unknown[] } | undefined)?.items;
  const longTasks = ((taskItems ?? []) as { url?: string; duration?: number; startTime?: number }[])
    .map((t) => ({
      url: (t.url ?? "?").replace(/^https?:\/\/[^/]+/, ""),
      durationMs: t.duration ?? 0,
      startMs: t.startTime ?? 0,
    }))
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 5);
  return {
    scores: {
      performance: score("performance"),
      accessibility: score("accessibility"),
      "best-practices": score("best-practices"),
      seo: score("seo"),
    },
    lcpMs: numeric("largest-contentful-paint"),
    tbtMs: numeric("total-blocking-time"),
    problems,
    longTasks,
  };
}

/**
 * Lighthouse's trace recording fails now and then on a loaded machine (NO_NAVSTART, NO_FCP):
 * such a run is retried, twice at most, and the retry is logged.
 */
async function withRetries(run: () => Promise<LighthouseRun>): Promise<LighthouseRun> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (
        attempt >= 3 ||
        !/NO_NAVSTART|NO_FCP|NO_LCP|PROTOCOL_TIMEOUT|NO_TRACING_STARTED/.test(message)
      )
        throw error;
      console.error(`[bench] Lighthouse run failed (${message.split("\n")[0]}); retrying`);
    }
  }
}

export async function measureLighthouse(
  baseURL: string,
  {
    runs = 3,
    pages = ["/day-2/", "/"],
    presets: wanted = ["mobile", "desktop"] as ("mobile" | "desktop")[],
  } = {},
): Promise<LighthouseResult> {
  const lh = await loadLighthouse();
  if ("missing" in lh) return { ok: false, skipped: lh.missing };
  let chrome: Awaited<ReturnType<typeof startChromium>> | undefined;
  try {
    chrome = await startChromium();
    const port = chrome.port;
    const results: PageResult[] = [];
    for (const page of pages) {
      const url = `${baseURL}${page}`;
      const presets: PresetResult[] = [];
      for (const preset of wanted) {
        const list: LighthouseRun[] = [];
        for (let i = 0; i < runs; i += 1)
          list.push(await withRetries(() => runOnce(lh, url, port, preset)));
        const of = (pick: (r: LighthouseRun) => number | null) =>
          stats(list.map(pick).filter((x): x is number => x !== null));
        presets.push({
          preset,
          runs: list,
          scores: {
            performance: of((r) => r.scores.performance),
            accessibility: of((r) => r.scores.accessibility),
            "best-practices": of((r) => r.scores["best-practices"]),
            seo: of((r) => r.scores.seo),
          },
          lcp: of((r) => r.lcpMs),
          tbt: of((r) => r.tbtMs),
        });
      }
      results.push({ page, presets });
    }
    return { ok: true, pages: results };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await chrome?.stop();
  }
}
