/**
 * 3c. Stop -> ended: a program stuck in a busy loop (printing a line every 200 ms, so the run is
 * visibly alive and the no-progress limit never fires) is stopped with the mouse one second after
 * its first line. Timed in the page from the pointerdown on Stop to
 *
 *   - the run-end event (the sandbox considers the run over),
 *   - Run enabled again (the learner can start another run),
 *   - the terminal saying "Stopped" (painted: the frame after it is in the document).
 */
import type { Browser } from "@playwright/test";
import { freshPage, replaceCode, sandboxSelector, waitForRunner } from "./browser.ts";
import { stats, type Stats } from "./stats.ts";

const STOP_SANDBOX = "day-2/answer-with-user";

export const BUSY_PROGRAM = [
  'console.log("working");',
  "let last = Date.now();",
  "for (;;) {",
  "  if (Date.now() - last >= 200) {",
  '    console.log("still working");',
  "    last = Date.now();",
  "  }",
  "}",
].join("\n");

export interface StopSample {
  runEndMs: number;
  runEnabledMs: number;
  terminalMs: number | null;
}

export interface StopResult {
  samples: StopSample[];
  runEnd: Stats;
  runEnabled: Stats;
  terminal: Stats;
}

declare global {
  interface Window {
    __benchStop?: Promise<{ runEnd: number; runEnabled: number; terminal: number | null }>;
  }
}

export async function measureStop(
  browser: Browser,
  baseURL: string,
  { samples = 5, page: lesson = "/day-2/", sandbox = STOP_SANDBOX } = {},
): Promise<StopResult> {
  const { context, page } = await freshPage(browser, baseURL);
  const selector = sandboxSelector(sandbox);
  const list: StopSample[] = [];
  try {
    await page.goto(`${lesson}?latency=0`, { waitUntil: "load" });
    await waitForRunner(page, sandbox);
    await page.locator(`${selector} [data-action=run]`).click();
    await page.locator(`${selector}[data-completed-runs="1"]`).waitFor({ timeout: 60_000 });
    await replaceCode(page, sandbox, BUSY_PROGRAM);
    await page.waitForTimeout(1000); // let the editor's save and type checking settle
    for (let i = 0; i < samples; i += 1) {
      const runs = Number(await page.locator(selector).getAttribute("data-completed-runs"));
      await page.locator(`${selector} [data-action=run]`).click();
      // Alive: this run's first line is on screen.
      await page.waitForFunction(
        ({ selector, separator }) => {
          const root = document.querySelector(selector);
          const lines = root ? (window.__benchPage?.terminalLines(root) ?? []) : [];
          const at = lines.findIndex((line) => line.includes(separator));
          return at !== -1 && lines.slice(at + 1).some((line) => line.includes("working"));
        },
        { selector, separator: `run ${runs + 1} ·` },
        { timeout: 60_000 },
      );
      await page.waitForTimeout(1000);
      await page.evaluate(
        ({ selector, separator }) => {
          const root = document.querySelector<HTMLElement>(selector);
          const run = root?.querySelector<HTMLButtonElement>("[data-action=run]");
          const adapter = window.__benchPage;
          if (!root || !run || !adapter) throw new Error(`no sandbox ${selector}`);
          const armedAt = performance.now();
          let runEnd: number | null = null;
          root.addEventListener("payi-sandbox:run-end", () => (runEnd = performance.now()), {
            once: true,
          });
          window.__benchStop = new Promise((resolve, reject) => {
            let runEnabled: number | null = null;
            let terminal: number | null = null;
            const poll = () => {
              const now = performance.now();
              if (runEnabled === null && !run.disabled && adapter.lastPressAt >= armedAt)
                runEnabled = now;
              if (terminal === null) {
                const lines = adapter.terminalLines(root);
                const at = lines.findIndex((line) => line.includes(separator));
                if (at !== -1 && lines.slice(at + 1).some((line) => /Stopped/.test(line)))
                  // In the document in this frame: painted when the next one starts.
                  requestAnimationFrame(() => (terminal ??= performance.now()));
              }
              const started = adapter.lastPressAt;
              if (runEnd !== null && runEnabled !== null && terminal !== null)
                return resolve({
                  runEnd: runEnd - started,
                  runEnabled: runEnabled - started,
                  terminal: terminal - started,
                });
              if (runEnd !== null && now - runEnd > 5000)
                return resolve({
                  runEnd: runEnd - started,
                  runEnabled: (runEnabled ?? NaN) - started,
                  terminal: null,
                });
              if (now - armedAt > 60_000) return reject(new Error("Stop: no end within 60 s"));
              requestAnimationFrame(poll);
            };
            requestAnimationFrame(poll);
          });
        },
        { selector, separator: `run ${runs + 1} ·` },
      );
      await page.locator(`${selector} [data-action=stop]`).click();
      const timing = await page.evaluate(
        () => window.__benchStop as NonNullable<Window["__benchStop"]>,
      );
      list.push({
        runEndMs: timing.runEnd,
        runEnabledMs: timing.runEnabled,
        terminalMs: timing.terminal,
      });
      await page.waitForTimeout(500);
    }
  } finally {
    await context.close();
  }
  return {
    samples: list,
    runEnd: stats(list.map((s) => s.runEndMs)),
    runEnabled: stats(list.map((s) => s.runEnabledMs)),
    terminal: stats(list.flatMap((s) => (s.terminalMs === null ? [] : [s.terminalMs]))),
  };
}
