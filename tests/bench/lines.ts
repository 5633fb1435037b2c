/**
 * 3b. A program printing 1,000,000 lines, typed into the editor (latency 0): Run -> done (the run
 * ended and its last line, "lines done", is in the terminal), the longest main-thread task of the
 * page meanwhile, how far the output got when a run is cut short (the highest "line N" the
 * terminal showed: the older page stopped runs at 30 s), and the page's memory:
 *
 *   - the page's JavaScript heap (CDP `Runtime.getHeapUsage`: the main thread's V8 heap, which
 *     holds the terminal's buffer and the runner frame) before the run, its peak while the run
 *     goes on (sampled every second) and what stays after the run and a garbage collection;
 *   - `performance.measureUserAgentSpecificMemory()` after the run (all of the page's frames and
 *     workers; needs cross-origin isolation, which the site has), for information.
 *
 * The terminal keeps a bounded tail today, so the lines in between may be cut: "done" asks for the
 * last line, not for every line on screen.
 */
import type { Browser, CDPSession } from "@playwright/test";
import {
  freshPage,
  longTasksSince,
  replaceCode,
  sandboxSelector,
  waitForRunner,
} from "./browser.ts";
import { stats, type Stats } from "./stats.ts";

export const LINES = 1_000_000;
const LINES_SANDBOX = "day-2/answer-with-user";

export const LINES_PROGRAM = [
  `for (let i = 0; i < ${LINES}; i++) console.log(\`line \${i}\`);`,
  'console.log("lines done");',
].join("\n");

export interface LinesRun {
  /** Click -> run-end event, ms. */
  runEndMs: number;
  /** Click -> "lines done" in the terminal, ms (null: never shown, e.g. the run was cut short). */
  lastLineMs: number | null;
  /** Click -> both, ms (null when the program did not finish). */
  doneMs: number | null;
  completed: boolean;
  /** How the runner said the run ended (`end.kind` of the run-end event), if it said. */
  endKind: string | null;
  /** The last lines the terminal showed after the run. */
  endText: string[];
  /** The highest "line N" the terminal showed during the run. */
  highestLine: number;
  /**
   * Click -> this run's separator, and -> its first "line N", on screen (ms; null: scrolled by
   * between two frames). Both before "lines done": the last line is this run's, not the last.
   */
  separatorMs: number | null;
  firstLineMs: number | null;
  longestTaskMs: number;
  longTasks: number;
  blockingMs: number;
  worstTasks: { atMs: number; durationMs: number; scripts: string[] }[];
  /** JS heap of the page (MB): before, peak during, after the run and a GC. */
  heapBeforeMb: number;
  heapPeakMb: number;
  heapAfterMb: number;
  /** DOM nodes of the page after the run. */
  domNodes: number | null;
  /** measureUserAgentSpecificMemory() after the run (MB), or why it could not be taken. */
  pageMemoryMb: number | null;
  pageMemoryError?: string;
  pollMaxMs: number;
}

export interface LinesResult {
  lines: number;
  runs: LinesRun[];
  done: Stats;
  runEnd: Stats;
  longestTask: Stats;
  heapPeak: Stats;
  heapAfter: Stats;
  /** Peak minus before: what the run added to the heap at most. */
  heapGrowth: Stats;
  completed: number;
}

interface LinesState {
  started: number;
  runEnd: number | null;
  endKind: string | null;
  lastLine: number | null;
  highest: number;
  separatorAt: number | null;
  firstLineAt: number | null;
  pollMax: number;
}

declare global {
  interface Window {
    __benchLines?: LinesState;
  }
}

const MB = 1024 * 1024;

async function heapUsedMb(cdp: CDPSession, collect = false): Promise<number> {
  if (collect) await cdp.send("HeapProfiler.collectGarbage");
  const usage = await cdp.send("Runtime.getHeapUsage");
  return usage.usedSize / MB;
}

export async function measureLines(
  browser: Browser,
  baseURL: string,
  { runs = 3, page: lesson = "/day-2/", sandbox = LINES_SANDBOX } = {},
): Promise<LinesResult> {
  const { context, page } = await freshPage(browser, baseURL);
  const results: LinesRun[] = [];
  try {
    await page.goto(`${lesson}?latency=0`, { waitUntil: "load" });
    const cdp = await context.newCDPSession(page);
    await cdp.send("HeapProfiler.enable");
    await waitForRunner(page, sandbox);
    // One run of the example first: creating the terminal and panel is not part of this figure.
    await page.locator(`${sandboxSelector(sandbox)} [data-action=run]`).click();
    await page
      .locator(`${sandboxSelector(sandbox)}[data-completed-runs="1"]`)
      .waitFor({ timeout: 60_000 });
    await replaceCode(page, sandbox, LINES_PROGRAM);
    await page.waitForTimeout(1000); // let the editor's save and type checking settle
    for (let i = 0; i < runs; i += 1) {
      const heapBeforeMb = await heapUsedMb(cdp, true);
      await page.evaluate(
        ({ selector, lines }) => {
          const root = document.querySelector<HTMLElement>(selector);
          const button = root?.querySelector<HTMLButtonElement>("[data-action=run]");
          const adapter = window.__benchPage;
          if (!root || !button || !adapter) throw new Error(`no Run button in ${selector}`);
          const runNumber = Number(root.dataset["completedRuns"] ?? 0) + 1;
          const separator = `run ${runNumber} ·`;
          const state: LinesState = {
            started: performance.now(),
            runEnd: null,
            endKind: null,
            lastLine: null,
            highest: -1,
            separatorAt: null,
            firstLineAt: null,
            pollMax: 0,
          };
          window.__benchLines = state;
          root.addEventListener(
            "payi-sandbox:run-end",
            (event) => {
              state.runEnd = performance.now();
              const end = (event as CustomEvent<{ end?: { kind?: string } }>).detail?.end;
              state.endKind = end?.kind ?? null;
            },
            { once: true },
          );
          button.click();
          // Once a frame: the visible lines (a screenful) are cheap to read. The previous run's
          // tail may still be on screen: this run's lines are those after its separator, or, when
          // the separator scrolled by between two frames, any "line N" far from the end.
          let seen = false;
          const poll = () => {
            const now = performance.now();
            const visible = adapter.terminalLines(root);
            for (const line of visible) {
              if (line.includes(separator)) {
                seen = true;
                state.separatorAt ??= now;
                continue;
              }
              const match = /^line (\d+)$/.exec(line.trim());
              const n = match ? Number(match[1]) : -1;
              if (!seen && n >= 0 && n < lines - 1000) seen = true;
              if (!seen) continue;
              if (n >= 0) {
                state.highest = Math.max(state.highest, n);
                state.firstLineAt ??= now;
              } else if (line.trim() === "lines done" && state.lastLine === null) {
                state.lastLine = now;
                state.highest = Math.max(state.highest, lines - 1);
              }
            }
            state.pollMax = Math.max(state.pollMax, performance.now() - now);
            const settled = state.runEnd !== null && now - state.runEnd > 2000;
            if (!settled && !(state.runEnd !== null && state.lastLine !== null))
              requestAnimationFrame(poll);
          };
          requestAnimationFrame(poll);
        },
        { selector: sandboxSelector(sandbox), lines: LINES },
      );
      // Sample the heap from outside while the run goes on (answered between the page's tasks).
      let heapPeakMb = heapBeforeMb;
      const deadline = Date.now() + 7 * 60_000;
      for (;;) {
        heapPeakMb = Math.max(heapPeakMb, await heapUsedMb(cdp));
        const state = await page.evaluate(() => window.__benchLines as LinesState);
        const now = await page.evaluate(() => performance.now());
        if (state.runEnd !== null && (state.lastLine !== null || now - state.runEnd > 2000)) break;
        if (Date.now() > deadline) throw new Error("the 1,000,000-line run took over 7 minutes");
        await page.waitForTimeout(1000);
      }
      const state = await page.evaluate(() => window.__benchLines as LinesState);
      await page.waitForTimeout(300); // long-task entries are delivered after the task
      const stopAt = Math.max(state.runEnd ?? 0, state.lastLine ?? 0);
      const { longTasks, frames } = await longTasksSince(page, state.started, stopAt);
      const endText = await page.evaluate((selector) => {
        const root = document.querySelector(selector);
        const lines = root && window.__benchPage ? window.__benchPage.terminalLines(root) : [];
        return lines.filter((line) => line.trim() !== "").slice(-3);
      }, sandboxSelector(sandbox));
      const heapAfterMb = await heapUsedMb(cdp, true);
      const dom = await cdp.send("Memory.getDOMCounters").catch(() => undefined);
      const memory = await page.evaluate(async () => {
        const measure = (
          performance as Performance & {
            measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
          }
        ).measureUserAgentSpecificMemory;
        if (!crossOriginIsolated) return { error: "the page is not cross-origin isolated" };
        if (!measure) return { error: "measureUserAgentSpecificMemory is not available" };
        try {
          const result = await Promise.race([
            measure.call(performance),
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error("no answer within 60 s")), 60_000),
            ),
          ]);
          return { bytes: result.bytes };
        } catch (error) {
          return { error: error instanceof Error ? error.message : String(error) };
        }
      });
      const completed = state.lastLine !== null;
      const worstTasks = [...longTasks]
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 3)
        .map((task) => ({
          atMs: task.start - state.started,
          durationMs: task.duration,
          scripts: frames
            .filter(
              (f) => f.start < task.start + task.duration && f.start + f.duration > task.start,
            )
            .flatMap((f) => f.scripts ?? [])
            .map((x) => `${x.source || "(no source)"} [${x.invoker}] ${Math.round(x.duration)} ms`),
        }));
      const run: LinesRun = {
        runEndMs: (state.runEnd ?? NaN) - state.started,
        lastLineMs: state.lastLine === null ? null : state.lastLine - state.started,
        doneMs: completed ? stopAt - state.started : null,
        completed,
        endKind: state.endKind,
        endText,
        highestLine: state.highest,
        separatorMs: state.separatorAt === null ? null : state.separatorAt - state.started,
        firstLineMs: state.firstLineAt === null ? null : state.firstLineAt - state.started,
        longestTaskMs: longTasks.reduce((a, b) => Math.max(a, b.duration), 0),
        longTasks: longTasks.length,
        blockingMs: longTasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
        worstTasks,
        heapBeforeMb,
        heapPeakMb,
        heapAfterMb,
        domNodes: dom?.nodes ?? null,
        pageMemoryMb: "bytes" in memory ? (memory.bytes as number) / MB : null,
        pollMaxMs: state.pollMax,
      };
      if ("error" in memory) run.pageMemoryError = memory.error as string;
      results.push(run);
      await page.waitForTimeout(500);
    }
  } finally {
    await context.close();
  }
  return {
    lines: LINES,
    runs: results,
    done: stats(results.flatMap((r) => (r.doneMs === null ? [] : [r.doneMs]))),
    runEnd: stats(results.map((r) => r.runEndMs)),
    longestTask: stats(results.map((r) => r.longestTaskMs)),
    heapPeak: stats(results.map((r) => r.heapPeakMb)),
    heapAfter: stats(results.map((r) => r.heapAfterMb)),
    heapGrowth: stats(results.map((r) => r.heapPeakMb - r.heapBeforeMb)),
    completed: results.filter((r) => r.completed).length,
  };
}
