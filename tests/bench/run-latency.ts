/**
 * 2. In-browser runner: Run -> first output. Run is clicked with the mouse (Playwright), and the
 * time is taken in the page, from the pointerdown of that click to the moment the output is in the
 * DOM (a MutationObserver sees it; paint follows within the same frame). "First output" is
 * whichever comes first of a new row in the panel's calls table and the first line of program
 * output in the terminal (a line after this run's separator that is not one of the runner's own
 * status lines).
 *
 *   cold:      a fresh context (empty cache), Run clicked as soon as the page's load event fired:
 *              whatever of the controller, runtime and worker is still loading then is included;
 *   first run: a fresh context, Run clicked once the runner says it is ready (the pointer rested
 *              on Run first, which today's page takes as intent): the first run itself;
 *   warm:      runs 2..N on the same page.
 *
 * Measured twice: with the mock provider's simulated latency off (`?latency=0`) and with the
 * lesson's default (realistic latency: the first output then waits for the first simulated reply).
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

declare global {
  interface Window {
    __benchRun?: Promise<RunTiming>;
  }
}

/**
 * Watches the sandbox's next run (in the page): call before the click; `window.__benchRun`
 * resolves once the run ended and its output settled.
 */
function armRunWatch(selector: string): void {
  const root = document.querySelector<HTMLElement>(selector);
  const adapter = window.__benchPage;
  if (!root || !adapter) throw new Error(`no ${selector}, or no bench page adapter`);
  const runNumber = Number(root.dataset["completedRuns"] ?? 0) + 1;
  const separator = `run ${runNumber} ·`;
  const oldRows = new Set(adapter.rowElements(root));
  const armedAt = performance.now();

  let panelRowAt: number | null = null;
  let terminalLineAt: number | null = null;
  const check = () => {
    const now = performance.now();
    if (panelRowAt === null && adapter.rowElements(root).some((tr) => !oldRows.has(tr)))
      panelRowAt = now;
    if (terminalLineAt === null) {
      const lines = adapter.terminalLines(root).map((line) => line.trim());
      const at = lines.findIndex((line) => line.includes(separator));
      // Program output, not the runner's status lines (› info, ! warning, ✖ error).
      if (at !== -1 && lines.slice(at + 1).some((line) => line !== "" && !/^[›!✖]/.test(line)))
        terminalLineAt = now;
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(root, { subtree: true, childList: true, characterData: true });

  // The first output message from the runner frame: splits the time into runner (fresh worker,
  // runtime, program) and page (panel/terminal drawing in the next frames).
  let runnerMessageAt: number | null = null;
  const onMessage = (event: MessageEvent) => {
    const type = (event.data as { type?: unknown } | null)?.type;
    if (runnerMessageAt === null && (type === "output" || type === "batch"))
      runnerMessageAt = performance.now();
  };
  window.addEventListener("message", onMessage);
  const controllerReady = root.dataset["ready"] === "true";
  const ended = new Promise<number>((resolve) =>
    root.addEventListener("payi-sandbox:run-end", () => resolve(performance.now()), {
      once: true,
    }),
  );
  window.__benchRun = (async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("run did not end within 90 s")), 90_000);
    });
    const endAt = await Promise.race([ended, timeout]).finally(() => clearTimeout(timer));
    // Let the panel's and terminal's next frames draw what the run printed last.
    for (let i = 0; i < 10 && (panelRowAt === null || terminalLineAt === null); i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      check();
    }
    observer.disconnect();
    window.removeEventListener("message", onMessage);
    const started = adapter.lastPressAt;
    if (!(started >= armedAt)) throw new Error("no click on Run was seen after the watch began");
    const since = (t: number | null) => (t === null ? null : t - started);
    // (Set in the observer's callback: TypeScript cannot see that, hence the widening.)
    const seen = [panelRowAt as number | null, terminalLineAt as number | null];
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
  })();
}

/** Clicks Run in the sandbox with the mouse and times it; resolves after the run ended. */
export async function timeRun(page: Page, sandboxId: string): Promise<RunTiming> {
  const selector = sandboxSelector(sandboxId);
  await page.evaluate(armRunWatch, selector);
  await page.locator(`${selector} [data-action=run]`).click();
  return page.evaluate(() => window.__benchRun as Promise<RunTiming>);
}

export interface RunLatencyResult {
  page: string;
  sandbox: string;
  /** The mock's latency scale: 0 (none) or 1 (the lesson's default). */
  latency: 0 | 1;
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
  {
    pages = 5,
    warmRunsPerPage = 6,
    page: lesson = "/day-2/",
    sandbox = RUN_SANDBOX,
    latency = 0 as 0 | 1,
  } = {},
): Promise<RunLatencyResult> {
  const url = latency === 0 ? `${lesson}?latency=0` : lesson;
  const cold: RunTiming[] = [];
  const warm: RunTiming[] = [];
  const preloaded: RunTiming[] = [];
  for (let i = 0; i < pages; i += 1) {
    const { context, page } = await freshPage(browser, baseURL);
    try {
      await page.goto(url, { waitUntil: "load" });
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
      await page.goto(url, { waitUntil: "load" });
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
    latency,
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
