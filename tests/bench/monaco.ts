/**
 * 4. Monaco, cold: a fresh context (empty cache), the page loaded and its sandbox controller and
 * runner ready (so only the editor is measured), then Edit clicked; timed in the page from the
 * click to `.monaco-editor.focused` (the editor shown, focused and taking input). Also the time to
 * the first `.monaco-editor` element (shown, not yet focused).
 */
import type { Browser } from "@playwright/test";
import { freshPage, sandboxSelector, waitForRunner } from "./browser.ts";
import { stats, type Stats } from "./stats.ts";

const EDITOR_SANDBOX = "day-2/answer-with-user";

export interface MonacoResult {
  sandbox: string;
  editable: Stats;
  shown: Stats;
}

export async function measureMonaco(
  browser: Browser,
  baseURL: string,
  { samples = 5, page: lesson = "/day-2/", sandbox = EDITOR_SANDBOX } = {},
): Promise<MonacoResult> {
  const editable: number[] = [];
  const shown: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const { context, page } = await freshPage(browser, baseURL);
    try {
      await page.goto(`${lesson}?latency=0`, { waitUntil: "load" });
      await waitForRunner(page, sandbox);
      await page.waitForTimeout(500);
      const timing = await page.evaluate(async (selector) => {
        const root = document.querySelector<HTMLElement>(selector);
        const edit = root?.querySelector<HTMLButtonElement>("[data-action=edit]");
        if (!root || !edit) throw new Error(`no Edit button in ${selector}`);
        if (root.querySelector(".monaco-editor")) throw new Error("Monaco is already there");
        root.scrollIntoView({ block: "start" });
        let shownAt: number | null = null;
        const started = performance.now();
        const focusedAt = await new Promise<number>((resolve, reject) => {
          const check = () => {
            const now = performance.now();
            if (shownAt === null && root.querySelector(".monaco-editor")) shownAt = now;
            if (root.querySelector(".monaco-editor.focused")) {
              observer.disconnect();
              resolve(now);
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(root, {
            subtree: true,
            childList: true,
            attributes: true,
            attributeFilter: ["class"],
          });
          setTimeout(() => reject(new Error("Monaco not focused within 60 s")), 60_000);
          edit.click();
        });
        return { editable: focusedAt - started, shown: (shownAt ?? focusedAt) - started };
      }, sandboxSelector(sandbox));
      editable.push(timing.editable);
      shown.push(timing.shown);
    } finally {
      await context.close();
    }
  }
  return { sandbox, editable: stats(editable), shown: stats(shown) };
}
