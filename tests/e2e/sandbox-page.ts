/** Driving sandboxes on a lesson page, as a learner would: shared by the browser tests. */
import { expect, type Locator, type Page } from "@playwright/test";

/** Runs code in the in-browser runner (WebContainer cannot boot here: no internet). */
export async function preferBrowserRunner(page: Page): Promise<void> {
  await page.addInitScript(() => {
    // Also runs in the sandboxed runner frame, where storage throws: that frame is not the site.
    try {
      localStorage.setItem("payi-course:runner", "browser");
    } catch {
      // not the site's window
    }
  });
}

/** The (TypeScript) sandbox whose title contains `title`; its Python twin has the same title. */
export function sandboxTitled(page: Page, title: string): Locator {
  return page
    .locator("payi-sandbox:not([data-language=python])")
    .filter({ has: page.locator(`.payi-sandbox__title`, { hasText: title }) });
}

/** Clicks Run and waits until that run has ended (the sandbox counts completed runs). */
export async function run(box: Locator): Promise<void> {
  const before = Number((await box.getAttribute("data-completed-runs")) ?? 0);
  await box.getByRole("button", { name: "Run", exact: true }).click();
  await expect(box).toHaveAttribute("data-completed-runs", String(before + 1), { timeout: 30_000 });
}

/**
 * What the terminal shows. xterm only draws while it is on screen, so scroll to it first; it draws
 * spaces as no-break spaces.
 */
export async function terminalText(box: Locator): Promise<string> {
  const rows = box.locator(".xterm-rows");
  await rows.scrollIntoViewIfNeeded();
  return (await rows.innerText()).replace(/\u00a0/g, " ");
}

/**
 * The drawn rows of the calls grid ("Calls, in order"; the panel also has a per-user summary
 * table). The grid is virtualized: rows out of view are not in the document.
 */
export function callRows(box: Locator): Locator {
  return box
    .locator("[data-role=panel]")
    .getByRole("treegrid", { name: /Calls, in order/ })
    .locator(".payi-dt__body > tr");
}

/**
 * Expands a call row (the chevron) and returns its details: the full explanation of where each
 * tag came from, which the row itself only summarizes.
 */
export async function openCallDetails(row: Locator): Promise<Locator> {
  await row.locator(".payi-dt__toggle").click();
  await expect(row).toHaveAttribute("aria-expanded", "true");
  return row.locator(".payi-dt__details");
}

/** Opens the editor and replaces the whole program. */
export async function replaceCode(page: Page, box: Locator, code: string): Promise<void> {
  await box.getByRole("button", { name: "Edit" }).click();
  // Monaco marks its root "focused" (its input may be a textarea or an EditContext element).
  await expect(box.locator(".monaco-editor")).toHaveClass(/\bfocused\b/, { timeout: 30_000 });
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(code);
}
