/**
 * 2. In-browser runner: Run -> first output, measured in the page with performance.now() from the
 * click to the moment the output is in the DOM (a MutationObserver sees it; paint follows within
 * the same frame). "First output" is whichever comes first of a new row in the panel's calls table
 * and the first line of program output in the terminal (a line after this run's separator that is
 * not one of the runner's own status lines). Mock latency 0 (`?latency=0`).
 *
 *   cold:        a fresh context (empty cache), Run clicked as soon as the page's load event fired;
 *                includes whatever of the controller, runtime and worker is still loading then.
 *   first run:   a fresh context, Run clicked once the runner says it is ready (preloaded while
 *                the sandbox neared the viewport): the first run itself, without the loading.
 *   warm:        runs 2..N on the same page.
 */
import type { Browser, Page } from "@playwright/test";
import { freshPage, sandboxSelector, waitForRunner } from "./browser.ts";
import { stats, type Stats } from "./stats.ts";

export const RUN_SANDBOX = "day-2/answer-with-user";

export interface RunTiming {
  /** Click -> first output (panel row or terminal line), ms. */
  firstOutputMs: number;
  panelRowMs: number | null;
  terminalLineMs: number | null;
  /** Click -> first output message from the runner frame, ms. */
  runnerMessageMs: number | null;
  /** Click -> run-end event, ms. */
  runEndMs: number;
  /** Whether the controller was attached when Run was clicked. */
  controllerReady: boolean;
}

/** Clicks Run in the sandbox and times it; resolves after the run ended and output settled. */
export async function timeRun(page: Page, sandboxId: string): Promise<RunTiming> {
  return page.evaluate(async (selector) => {
    const root = document.querySelector<HTMLElement>(selector);
    if (!root) throw new Error(`no ${selector}`);
    const button = root.querySelector<HTMLButtonElement>("[data-action=run]");
    if (!button) throw new Error(`${selector} has no Run button`);
    root.scrollIntoView({ block: "start" }); // xterm draws only on screen
    const runNumber = Number(root.dataset["completedRuns"] ?? 0) + 1;
    const separator = `run ${runNumber} ·`;
    const oldRows = new Set(root.querySelectorAll("tbody tr"));
    // Found once: searching the sandbox's subtree costs ~10 ms at 10,000 rows.
    let found: HTMLTableElement | undefined;
    const callsTable = (): HTMLTableElement | undefined =>
      (found ??= [...root.querySelectorAll<HTMLTableElement>("table")].find((t) =>
        t.caption?.textContent?.includes("Calls, in order"),
      ));

    let panelRowAt: number | null = null;
    let terminalLineAt: number | null = null;
    const check = () => {
      const now = performance.now();
      if (panelRowAt === null) {
        const table = callsTable();
        if (table)
          for (const tr of table.querySelectorAll("tbody tr")) {
            if (!oldRows.has(tr)) {
              panelRowAt = now;
              break;
            }
          }
      }
      if (terminalLineAt === null) {
        const rows = root.querySelector(".xterm-rows");
        if (rows) {
          const lines = [...rows.children].map((row) =>
            (row.textContent ?? "").replace(/\u00a0/g, " ").trim(),
          );
          const at = lines.findIndex((line) => line.includes(separator));
          // Program output, not the runner's status lines (› info, ! warning, ✖ error).
          if (at !== -1 && lines.slice(at + 1).some((line) => line !== "" && !/^[›!✖]/.test(line)))
            terminalLineAt = now;
        }
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { subtree: true, childList: true, characterData: true });

    // The first output message from the runner frame: splits the time into runner (fresh worker,
    // runtime, program) and page (panel/terminal drawing in the next frames).
    let runnerMessageAt: number | null = null;
    const onMessage = (event: MessageEvent) => {
      const type = (event.data as { type?: unknown } | null)?.type;
      if (runnerMessageAt === null && type === "output") runnerMessageAt = performance.now();
    };
    window.addEventListener("message", onMessage);
    const controllerReady = root.dataset["ready"] === "true";
    const ended = new Promise<number>((resolve) =>
      root.addEventListener("payi-sandbox:run-end", () => resolve(performance.now()), {
        once: true,
      }),
    );
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("run did not end within 60 s")), 60_000),
    );
    const started = performance.now();
    button.click();
    const endAt = await Promise.race([ended, timeout]);
    // Let the panel's and terminal's next frames draw what the run printed last.
    for (let i = 0; i < 10 && (panelRowAt === null || terminalLineAt === null); i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      check();
    }
    observer.disconnect();
    window.removeEventListener("message", onMessage);
    const since = (t: number | null) => (t === null ? null : t - started);
    // (Set in the observer's callback: TypeScript cannot see that, hence the widening.)
    const seen: (number | null)[] = [panelRowAt as number | null, terminalLineAt as number | null];
    const candidates = seen.filter((t): t is number => t !== null);
    if (candidates.length === 0) throw new Error("the run ended without visible output");
    return {
      firstOutputMs: Math.min(...candidates) - started,
      panelRowMs: since(panelRowAt),
      terminalLineMs: since(terminalLineAt),
      runnerMessageMs: since(runnerMessageAt as number | null),
      runEndMs: endAt - started,
      controllerReady,
    };
  }, sandboxSelector(sandboxId));
}

export interface RunLatencyResult {
  page: string;
  sandbox: string;
  cold: Stats;
  /** How many cold samples found the controller already attached at the click. */
  coldControllerReady: number;
  firstRunPreloaded: Stats;
  warm: Stats;
  warmPanelRow: Stats;
  warmTerminalLine: Stats;
  warmRunnerMessage: Stats;
  samples: { cold: RunTiming[]; firstRunPreloaded: RunTiming[]; warm: RunTiming[] };
}

export async function measureRunLatency(
  browser: Browser,
  baseURL: string,
  { pages = 5, warmRunsPerPage = 6, page: lesson = "/day-2/", sandbox = RUN_SANDBOX } = {},
): Promise<RunLatencyResult> {
  const cold: RunTiming[] = [];
  const warm: RunTiming[] = [];
  const preloaded: RunTiming[] = [];
  for (let i = 0; i < pages; i += 1) {
    const { context, page } = await freshPage(browser, baseURL);
    try {
      await page.goto(`${lesson}?latency=0`, { waitUntil: "load" });
      cold.push(await timeRun(page, sandbox));
      for (let r = 0; r < warmRunsPerPage; r += 1) {
        await page.waitForTimeout(100);
        warm.push(await timeRun(page, sandbox));
      }
    } finally {
      await context.close();
    }
  }
  for (let i = 0; i < pages; i += 1) {
    const { context, page } = await freshPage(browser, baseURL);
    try {
      await page.goto(`${lesson}?latency=0`, { waitUntil: "load" });
      await waitForRunner(page, sandbox);
      await page.waitForTimeout(500);
      preloaded.push(await timeRun(page, sandbox));
    } finally {
      await context.close();
    }
  }
  const ms = (list: RunTiming[], key: keyof RunTiming) =>
    stats(list.map((t) => t[key]).filter((x): x is number => typeof x === "number"));
  return {
    page: lesson,
    sandbox,
    cold: ms(cold, "firstOutputMs"),
    coldControllerReady: cold.filter((t) => t.controllerReady).length,
    firstRunPreloaded: ms(preloaded, "firstOutputMs"),
    warm: ms(warm, "firstOutputMs"),
    warmPanelRow: ms(warm, "panelRowMs"),
    warmTerminalLine: ms(warm, "terminalLineMs"),
    warmRunnerMessage: ms(warm, "runnerMessageMs"),
    samples: { cold, firstRunPreloaded: preloaded, warm },
  };
}
