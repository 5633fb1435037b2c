/**
 * The Python runner: Run -> first output on a lesson's Python tab (mock latency 0).
 *
 *   cold:   a fresh context (empty cache): Pyodide's files are downloaded and it boots in the
 *           runner frame's worker before the program runs;
 *   cached: a new page in the same context: the files come from the browser's cache, Pyodide
 *           boots again (a new page has a new frame);
 *   warm:   runs 2+ on the same page, each after a pause like a learner reading the output: a
 *           fresh Python per run is booted ahead in the meantime (what a real second Run meets);
 *   back to back: runs 2+ clicked the moment the previous one ended (the next Python is still
 *           booting: the worst case).
 *
 * Also the bytes the first Python run adds (what the page fetched under /pyodide/, as sent).
 */
import type { Browser, Page } from "@playwright/test";
import { freshPage, sandboxSelector } from "./browser.ts";
import { timeRun, type RunTiming } from "./run-latency.ts";
import { stats, type Stats } from "./stats.ts";

export const PYTHON_SANDBOX = "day-2/answer-with-user.py";

export interface PythonResult {
  sandbox: string;
  cold: Stats;
  cached: Stats;
  warm: Stats;
  backToBack: Stats;
  /** Bytes fetched under /pyodide/ by the first Python run (encoded body sizes). */
  pyodideBytes: number;
  /** Bytes the same page fetched under /pyodide/ before Run was clicked (must be 0). */
  pyodideBytesBeforeRun: number;
}

function pyodideBytes(page: Page): Promise<number> {
  return page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((entry) => new URL(entry.name).pathname.startsWith("/pyodide/"))
      .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).encodedBodySize, 0),
  );
}

async function openPythonTab(page: Page): Promise<void> {
  await page.goto("/day-2/?latency=0", { waitUntil: "load" });
  // One tab sync key: choosing Python once shows every Python twin of the page.
  await page.getByRole("tab", { name: "Python" }).first().click();
  await page.locator(sandboxSelector(PYTHON_SANDBOX)).scrollIntoViewIfNeeded();
}

/** A learner reading a run's output before the next Run (the next Python boots meanwhile). */
const READING_PAUSE_MS = 6_000;

export async function measurePython(
  browser: Browser,
  baseURL: string,
  { contexts = 3, warmRuns = 5 } = {},
): Promise<PythonResult> {
  const cold: RunTiming[] = [];
  const cached: RunTiming[] = [];
  const warm: RunTiming[] = [];
  const backToBack: RunTiming[] = [];
  let bytes = 0;
  let before = 0;
  for (let i = 0; i < contexts; i += 1) {
    const { context, page } = await freshPage(browser, baseURL);
    try {
      await openPythonTab(page);
      before = Math.max(before, await pyodideBytes(page));
      cold.push(await timeRun(page, PYTHON_SANDBOX));
      bytes = Math.max(bytes, await pyodideBytes(page));
      for (let r = 0; r < warmRuns; r += 1) backToBack.push(await timeRun(page, PYTHON_SANDBOX));
      for (let r = 0; r < warmRuns; r += 1) {
        await page.waitForTimeout(READING_PAUSE_MS);
        warm.push(await timeRun(page, PYTHON_SANDBOX));
      }
      const again = await context.newPage();
      await openPythonTab(again);
      cached.push(await timeRun(again, PYTHON_SANDBOX));
    } finally {
      await context.close();
    }
  }
  const first = (list: RunTiming[]) => stats(list.map((t) => t.firstOutputMs));
  return {
    sandbox: PYTHON_SANDBOX,
    cold: first(cold),
    cached: first(cached),
    warm: first(warm),
    backToBack: first(backToBack),
    pyodideBytes: bytes,
    pyodideBytesBeforeRun: before,
  };
}
