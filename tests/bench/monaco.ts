/**
 * 4. Monaco: Edit -> editable, timed in the page from the pointerdown on Edit (a mouse click) to
 * `.monaco-editor.focused` (the editor shown, focused and taking input); also to the first
 * `.monaco-editor` element (shown, not yet focused). Each sample is a fresh context (empty cache):
 *
 *   cold:         the page loaded and its runner ready (the pointer rested on Run), the editor
 *                 never asked for; Edit clicked at once (only the editor is measured);
 *   fresh page:   Edit clicked as soon as the page's load event fired;
 *   after intent: the pointer rests on Edit until the network is idle, then clicks (today's page
 *                 starts loading the editor on that intent).
 */
import type { Browser, Page } from "@playwright/test";
import { freshPage, networkQuiet, sandboxSelector, waitForRunner } from "./browser.ts";
import { stats, type Stats } from "./stats.ts";

const EDITOR_SANDBOX = "day-2/answer-with-user";

export interface MonacoResult {
  sandbox: string;
  editable: Stats;
  shown: Stats;
  freshPage: Stats;
  afterIntent: Stats;
}

declare global {
  interface Window {
    __benchEditor?: Promise<{ editable: number; shown: number }>;
  }
}

/** Clicks Edit with the mouse; resolves with the times from its pointerdown. */
async function timeEdit(page: Page, sandbox: string): Promise<{ editable: number; shown: number }> {
  const selector = sandboxSelector(sandbox);
  await page.evaluate((selector) => {
    const root = document.querySelector<HTMLElement>(selector);
    const adapter = window.__benchPage;
    if (!root || !adapter) throw new Error(`no ${selector}`);
    if (root.querySelector(".monaco-editor")) throw new Error("Monaco is already there");
    const armedAt = performance.now();
    let shownAt: number | null = null;
    window.__benchEditor = new Promise((resolve, reject) => {
      const check = () => {
        const now = performance.now();
        if (shownAt === null && root.querySelector(".monaco-editor")) shownAt = now;
        if (root.querySelector(".monaco-editor.focused")) {
          observer.disconnect();
          const started = adapter.lastPressAt;
          if (!(started >= armedAt)) reject(new Error("no click on Edit was seen"));
          else resolve({ editable: now - started, shown: (shownAt ?? now) - started });
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(root, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["class"],
      });
      setTimeout(() => reject(new Error("Monaco not focused within 90 s")), 90_000);
    });
  }, selector);
  await page.locator(`${selector} [data-action=edit]`).click();
  return page.evaluate(() => window.__benchEditor as NonNullable<Window["__benchEditor"]>);
}

export async function measureMonaco(
  browser: Browser,
  baseURL: string,
  { samples = 5, page: lesson = "/day-2/", sandbox = EDITOR_SANDBOX } = {},
): Promise<MonacoResult> {
  const editable: number[] = [];
  const shown: number[] = [];
  const fresh: number[] = [];
  const intent: number[] = [];
  const url = `${lesson}?latency=0`;
  const sample = async (prepare: (page: Page) => Promise<void>) => {
    const { context, page } = await freshPage(browser, baseURL);
    try {
      await prepare(page);
      return await timeEdit(page, sandbox);
    } finally {
      await context.close();
    }
  };
  for (let i = 0; i < samples; i += 1) {
    const cold = await sample(async (page) => {
      await page.goto(url, { waitUntil: "load" });
      await waitForRunner(page, sandbox);
      await page.waitForTimeout(500);
    });
    editable.push(cold.editable);
    shown.push(cold.shown);
    const atOnce = await sample(async (page) => {
      await page.goto(url, { waitUntil: "load" });
    });
    fresh.push(atOnce.editable);
    const afterIntent = await sample(async (page) => {
      await page.goto(url, { waitUntil: "load" });
      await page.locator(`${sandboxSelector(sandbox)} [data-action=edit]`).hover();
      await networkQuiet(page);
    });
    intent.push(afterIntent.editable);
  }
  return {
    sandbox,
    editable: stats(editable),
    shown: stats(shown),
    freshPage: stats(fresh),
    afterIntent: stats(intent),
  };
}
