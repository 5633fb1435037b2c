/**
 * 1. The JavaScript a lesson page loads before any interaction (gzip), on the lesson page with the
 *    most sandboxes, against the initial-JS budget; measured by tests/budget/initial-js.ts's own
 *    logic (static imports only). Also, for information, what a real browser fetches on that page
 *    in its first seconds without any interaction: sandboxes near the viewport preload their
 *    controller and the runner on their own (IntersectionObserver), which the budget does not count.
 * 6. The initial JavaScript of the Cost Drivers page, if it is built.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "@playwright/test";
import { BUDGET_KB, builtPages, measurePage, type PageReport } from "../budget/initial-js.ts";
import { freshPage } from "./browser.ts";

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

export interface FetchedJsResult {
  page: string;
  waitedMs: number;
  files: number;
  gzipKb: number;
  /** Files fetched beyond the budgeted (static) set: what preloading added. */
  preloadedFiles: number;
  preloadedGzipKb: number;
}

/**
 * Opens `page` in a fresh context, touches nothing, and sums (gzip level 9, like the budget) the
 * JavaScript files of this site that the browser requested within `waitMs` of the load event.
 */
export async function measureFetchedJs(
  browser: Browser,
  baseURL: string,
  distDir: string,
  page: string,
  budgeted: PageReport,
  waitMs = 5000,
): Promise<FetchedJsResult> {
  const { context, page: tab } = await freshPage(browser, baseURL);
  const urls = new Set<string>();
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin === baseURL && /\.m?js$/.test(url.pathname)) urls.add(url.pathname);
  });
  try {
    await tab.goto(`${page}?latency=0`, { waitUntil: "load" });
    await tab.waitForTimeout(waitMs);
  } finally {
    await context.close();
  }
  const budgetedNames = new Set(budgeted.scripts.map((s) => s.name));
  let gzip = 0;
  let preloaded = 0;
  let preloadedFiles = 0;
  for (const path of urls) {
    const file = siteFile(distDir, path);
    if (!existsSync(file)) continue;
    const size = gzipSync(readFileSync(file), { level: 9 }).length;
    gzip += size;
    if (!budgetedNames.has(path)) {
      preloaded += size;
      preloadedFiles += 1;
    }
  }
  return {
    page,
    waitedMs: waitMs,
    files: urls.size,
    gzipKb: gzip / 1024,
    preloadedFiles,
    preloadedGzipKb: preloaded / 1024,
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
