/**
 * 1. The JavaScript a lesson page loads before any interaction (gzip), on the lesson page with the
 *    most sandboxes, against the initial-JS budget; measured by tests/budget/initial-js.ts's own
 *    logic (static imports only). Also what a real browser fetches on /day-2/ without any
 *    interaction until the network is idle: sandboxes near the viewport load their controller
 *    when the page is idle (and the older page its runner too), which the budget does not count.
 * 6. The initial JavaScript of the Cost Drivers page, if it is built.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "@playwright/test";
import { BUDGET_KB, builtPages, measurePage, type PageReport } from "../budget/initial-js.ts";
import { freshPage, networkQuiet } from "./browser.ts";
import { stats, type Stats } from "./stats.ts";

function siteFile(distDir: string, sitePath: string): string {
  const file = sitePath.endsWith("/") ? `${sitePath}index.html` : sitePath;
  return join(distDir, ...file.split("/").filter(Boolean));
}

function reader(distDir: string): (sitePath: string) => string {
  return (sitePath) => readFileSync(siteFile(distDir, sitePath), "utf8");
}

const LESSON = /^\/day-\d+\/$/;

export interface LessonJsResult {
  page: string;
  sandboxes: number;
  gzipKb: number;
  budgetKb: number;
  overBudget: boolean;
  scripts: number;
  report: PageReport;
}

/** The lesson page with the most `<payi-sandbox>` elements, measured as the budget measures it. */
export async function measureLessonJs(distDir: string): Promise<LessonJsResult> {
  const read = reader(distDir);
  const lessons = builtPages(distDir)
    .filter((p) => LESSON.test(p))
    .map((page) => ({ page, sandboxes: read(page).match(/<payi-sandbox[\s>]/g)?.length ?? 0 }))
    .sort((a, b) => b.sandboxes - a.sandboxes);
  const top = lessons[0];
  if (!top) throw new Error(`no lesson pages (/day-N/) in ${distDir}`);
  if (top.sandboxes < 3) {
    throw new Error(
      `the lesson page with the most sandboxes, ${top.page}, has only ${top.sandboxes}`,
    );
  }
  const report = await measurePage(top.page, read(top.page), read);
  const gzipKb = report.totalGzipBytes / 1024;
  return {
    page: top.page,
    sandboxes: top.sandboxes,
    gzipKb,
    budgetKb: BUDGET_KB,
    overBudget: gzipKb > BUDGET_KB,
    scripts: report.scripts.length,
    report,
  };
}

/** The budget's report of one built page (its static JavaScript). */
export async function budgetReport(distDir: string, page: string): Promise<PageReport> {
  const read = reader(distDir);
  return measurePage(page, read(page), read);
}

export interface FetchedJsSample {
  /** JS files of this site requested until the network was idle (Playwright's "networkidle"). */
  files: number;
  gzipKb: number;
  /** Files beyond the budgeted (static) set: what loading on idle or on view added. */
  preloadedFiles: number;
  preloadedGzipKb: number;
  /** The same, `settleMs` of quiet network later (what idle-time loading added after that). */
  settledFiles: number;
  settledGzipKb: number;
  /**
   * JS the service worker fetched by then (its precache for the offline course, on its own
   * thread): counted apart, since it is not the page's and never runs on its main thread.
   */
  serviceWorkerFiles: number;
  serviceWorkerGzipKb: number;
}

export interface FetchedJsResult {
  page: string;
  viewport: { width: number; height: number };
  settleMs: number;
  samples: FetchedJsSample[];
  gzipKb: Stats;
  files: Stats;
  settledGzipKb: Stats;
  settledFiles: Stats;
  serviceWorkerGzipKb: Stats;
}

/**
 * Opens `page` in a fresh context at 1280x800, touches nothing (no pointer, no scrolling), and
 * sums (gzip level 9, like the budget) the JavaScript files of this site the page requested
 * until the network was idle, and again after `settleMs` more of quiet network; what the service
 * worker fetched meanwhile (its offline precache) is summed apart.
 */
export async function measureFetchedJs(
  browser: Browser,
  baseURL: string,
  distDir: string,
  page: string,
  budgeted: PageReport,
  { samples = 3, settleMs = 3000 } = {},
): Promise<FetchedJsResult> {
  const viewport = { width: 1280, height: 800 };
  const budgetedNames = new Set(budgeted.scripts.map((s) => s.name));
  const sizes = new Map<string, number>();
  const gzipOf = (path: string) => {
    let size = sizes.get(path);
    if (size === undefined) {
      const file = siteFile(distDir, path);
      size = existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).length : 0;
      sizes.set(path, size);
    }
    return size;
  };
  const sum = (urls: Iterable<string>) => {
    let gzip = 0;
    let preloaded = 0;
    let files = 0;
    let preloadedFiles = 0;
    for (const path of urls) {
      const size = gzipOf(path);
      files += 1;
      gzip += size;
      if (!budgetedNames.has(path)) {
        preloaded += size;
        preloadedFiles += 1;
      }
    }
    return { files, gzipKb: gzip / 1024, preloadedFiles, preloadedGzipKb: preloaded / 1024 };
  };
  const list: FetchedJsSample[] = [];
  for (let i = 0; i < samples; i += 1) {
    const { context, page: tab } = await freshPage(browser, baseURL);
    await tab.setViewportSize(viewport);
    const urls = new Set<string>();
    const byServiceWorker = new Set<string>();
    context.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin !== baseURL || !/\.m?js$/.test(url.pathname)) return;
      (request.serviceWorker() ? byServiceWorker : urls).add(url.pathname);
    });
    try {
      await tab.goto(`${page}?latency=0`, { waitUntil: "networkidle" });
      const idle = sum(urls);
      await networkQuiet(tab, settleMs);
      const settled = sum(urls);
      const worker = sum(byServiceWorker);
      list.push({
        ...idle,
        settledFiles: settled.files,
        settledGzipKb: settled.gzipKb,
        serviceWorkerFiles: worker.files,
        serviceWorkerGzipKb: worker.gzipKb,
      });
    } finally {
      await context.close();
    }
  }
  return {
    page,
    viewport,
    settleMs,
    samples: list,
    gzipKb: stats(list.map((s) => s.gzipKb)),
    files: stats(list.map((s) => s.files)),
    settledGzipKb: stats(list.map((s) => s.settledGzipKb)),
    settledFiles: stats(list.map((s) => s.settledFiles)),
    serviceWorkerGzipKb: stats(list.map((s) => s.serviceWorkerGzipKb)),
  };
}

export type CostDriversResult =
  | { built: false }
  | {
      built: true;
      page: string;
      gzipKb: number;
      budgetKb: number;
      overBudget: boolean;
      scripts: number;
    };

export async function measureCostDriversJs(distDir: string): Promise<CostDriversResult> {
  const page = "/cost-drivers/";
  if (!builtPages(distDir).includes(page)) return { built: false };
  const read = reader(distDir);
  const report = await measurePage(page, read(page), read);
  const gzipKb = report.totalGzipBytes / 1024;
  return {
    built: true,
    page,
    gzipKb,
    budgetKb: BUDGET_KB,
    overBudget: gzipKb > BUDGET_KB,
    scripts: report.scripts.length,
  };
}
