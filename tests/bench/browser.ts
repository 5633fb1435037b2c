/**
 * Chromium for the bench (Playwright's `chromium.launch`, not the test runner), and what every
 * measured page needs: the in-browser runner (WebContainer cannot boot without internet), a
 * record of long tasks and long animation frames from the very start of the page, and the page
 * adapter (page-adapter.ts) that reads the sandbox's markup, old or new.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../support/find-chromium.ts";
import { installPageAdapter } from "./page-adapter.ts";

export const VIEWPORT = { width: 1280, height: 1100 };

export async function launchBrowser(): Promise<Browser> {
  const found = findChromium({ install: false });
  return chromium.launch({
    executablePath: found.path,
    // measureUserAgentSpecificMemory() otherwise waits for the next natural GC (up to ~20 s).
    args: [...CHROMIUM_ARGS, "--enable-blink-features=ForceEagerMeasureMemory"],
  });
}

/** What the init script keeps on `window.__bench` (top-level page only). */
export interface LongTaskEntry {
  start: number;
  duration: number;
  /** Long animation frame attribution: the scripts that ran in it, longest first. */
  scripts?: { source: string; invoker: string; duration: number }[];
  /** Long animation frames: time in style and layout, and in the rest of rendering (paint...). */
  styleAndLayout?: number;
  render?: number;
}

declare global {
  interface Window {
    __bench?: { longTasks: LongTaskEntry[]; frames: LongTaskEntry[] };
  }
}

/**
 * Runs before any page script, in every frame: sets the runner preference (storage throws in the
 * sandboxed runner frame, hence try/catch) and, in the top frame, records `longtask` and
 * `long-animation-frame` entries (buffered).
 */
function initScript(): void {
  try {
    localStorage.setItem("payi-course:runner", "browser");
  } catch {
    // the sandboxed runner frame: not the site's window
  }
  if (window.top !== window) return;
  const bench = { longTasks: [] as LongTaskEntry[], frames: [] as LongTaskEntry[] };
  window.__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // not supported
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const frame = e as PerformanceEntry & {
          renderStart?: number;
          styleAndLayoutStart?: number;
          scripts?: {
            sourceURL: string;
            sourceFunctionName: string;
            invoker: string;
            duration: number;
          }[];
        };
        const end = e.startTime + e.duration;
        const layoutStart = frame.styleAndLayoutStart || end;
        const renderStart = frame.renderStart || layoutStart;
        bench.frames.push({
          start: e.startTime,
          duration: e.duration,
          styleAndLayout: end - layoutStart,
          render: layoutStart - renderStart,
          scripts: (frame.scripts ?? [])
            .map((s) => ({
              source: `${s.sourceURL.replace(/^.*\//, "")}${s.sourceFunctionName ? ` ${s.sourceFunctionName}` : ""}`,
              invoker: s.invoker,
              duration: s.duration,
            }))
            .sort((a, b) => b.duration - a.duration)
            .slice(0, 3),
        });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch {
    // not supported
  }
}

/** A fresh context (empty cache and storage) with the bench's init script. */
export async function freshPage(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: VIEWPORT });
  await context.addInitScript(initScript);
  await context.addInitScript(installPageAdapter);
  const page = await context.newPage();
  return { context, page };
}

/** `payi-sandbox[data-sandbox-id=...]`, e.g. `day-2/answer-with-user`. */
export function sandboxSelector(sandboxId: string): string {
  return `payi-sandbox[data-sandbox-id="${sandboxId}"]`;
}

/**
 * Waits until the sandbox's controller is attached and the page's runner is ready. Today's page
 * gets its runner ready on intent (the pointer over Run), the older one as the sandbox neared the
 * viewport: the pointer rests on Run, which suits both.
 */
export async function waitForRunner(page: Page, sandboxId: string): Promise<void> {
  const box = page.locator(sandboxSelector(sandboxId));
  await box.scrollIntoViewIfNeeded();
  await box.locator("[data-action=run]").hover();
  await page.waitForFunction(
    (selector) => {
      const root = document.querySelector<HTMLElement>(selector);
      const where = root?.querySelector("[data-role=where]")?.textContent ?? "";
      return root?.dataset["ready"] === "true" && /^Runs in/.test(where.trim());
    },
    sandboxSelector(sandboxId),
    { timeout: 60_000 },
  );
}

/** Click Edit, wait for Monaco, replace the whole text (as tests/e2e/sandbox.spec.ts does). */
export async function replaceCode(page: Page, sandboxId: string, code: string): Promise<void> {
  const box = page.locator(sandboxSelector(sandboxId));
  await box.locator("[data-action=edit]").click();
  await box.locator(".monaco-editor.focused").waitFor({ timeout: 60_000 });
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(code);
}

/** Long tasks and long animation frames recorded since `from` (page time, ms). */
export async function longTasksSince(
  page: Page,
  from: number,
  to = Number.POSITIVE_INFINITY,
): Promise<{ longTasks: LongTaskEntry[]; frames: LongTaskEntry[] }> {
  return page.evaluate(
    ({ from, to }) => {
      const inRange = (e: { start: number }) => e.start >= from && e.start <= to;
      return {
        longTasks: (window.__bench?.longTasks ?? []).filter(inRange),
        frames: (window.__bench?.frames ?? []).filter(inRange),
      };
    },
    { from, to: Number.isFinite(to) ? to : 1e15 },
  );
}

/**
 * Resolves once the page has had no request in flight for `quietMs` (Playwright's "networkidle"
 * is a load state, reached once: this one can be waited for again after an action).
 */
export async function networkQuiet(page: Page, quietMs = 1000, timeoutMs = 60_000): Promise<void> {
  let inFlight = 0;
  let lastActivity = Date.now();
  const started = (): void => {
    inFlight += 1;
    lastActivity = Date.now();
  };
  const ended = (): void => {
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
  };
  page.on("request", started);
  page.on("requestfinished", ended);
  page.on("requestfailed", ended);
  try {
    const deadline = Date.now() + timeoutMs;
    while (inFlight > 0 || Date.now() - lastActivity < quietMs) {
      if (Date.now() > deadline)
        throw new Error(`the network was not quiet within ${timeoutMs} ms`);
      await page.waitForTimeout(100);
    }
  } finally {
    page.off("request", started);
    page.off("requestfinished", ended);
    page.off("requestfailed", ended);
  }
}
