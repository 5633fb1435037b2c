/**
 * The sandbox workspace in a real Chromium: its layout (measured by bounding boxes) on a laptop,
 * a 1024 px screen and a phone, the Focus mode, the keyboard path to the first Run, the terminal
 * that grows with its output, and axe in both themes. In-browser runner, no latency.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { preferBrowserRunner, run, sandboxTitled, terminalText } from "./sandbox-page.ts";

const DAY2 = "/day-2/?latency=0";
const EXAMPLE = "Tag every call inside a function";
const EXERCISE = "Exercise: Tag the calls made on a customer";

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error("not rendered");
  return found;
}

async function seriousAxe(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (include ? builder.include(include) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Every control of the toolbar sits on one line (same top, within a pixel or two). */
async function toolbarRows(sandbox: Locator): Promise<number> {
  const tops = await sandbox
    .locator(".payi-sandbox__toolbar > :not([hidden])")
    .evaluateAll((controls) =>
      controls.map((control) => Math.round(control.getBoundingClientRect().top)),
    );
  return new Set(tops.map((top) => Math.round(top / 4))).size;
}

test.beforeEach(async ({ page }) => {
  // axe alone takes 10-15 s on this page on a busy machine.
  test.setTimeout(120_000);
  await preferBrowserRunner(page);
});

test.describe("at 1280x800", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("code and results side by side, the results at least 560 px, over the table of contents", async ({
    page,
  }) => {
    await page.goto(DAY2);
    const sandbox = sandboxTitled(page, EXAMPLE);
    await run(sandbox);
    const code = await box(sandbox.locator(".payi-sandbox__pane--code"));
    const results = await box(sandbox.locator(".payi-sandbox__results"));
    const column = await box(page.locator(".sl-markdown-content"));
    expect(results.width).toBeGreaterThanOrEqual(560);
    expect(code.width).toBeGreaterThan(300);
    // Side by side: same top, results to the right of the code.
    expect(Math.abs(results.y - code.y)).toBeLessThan(2);
    expect(results.x).toBeGreaterThanOrEqual(code.x + code.width - 1);
    // Wider than the lesson column, and still inside the window (no sideways scroll).
    const whole = await box(sandbox);
    expect(whole.width).toBeGreaterThan(column.width + 200);
    expect(whole.x + whole.width).toBeLessThanOrEqual(1280);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - innerWidth),
    ).toBeLessThanOrEqual(0);
    // The sandbox is painted over the table of contents, not under it.
    const covering = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest("payi-sandbox") !== null,
      [results.x + results.width - 20, results.y + 10],
    );
    expect(covering).toBe(true);
    // Starlight's layout still there.
    await expect(page.locator("#starlight__sidebar")).toBeVisible();
    await expect(page.locator("starlight-toc")).toBeVisible();
  });

  test("Day 5: user, why (use case included), limits and cost of every call in view; every sandbox, in both languages, asks for Limits", async ({
    page,
  }) => {
    await page.goto("/day-5/");
    const sandboxes = page.locator("payi-sandbox");
    // Six TypeScript sandboxes and their six Python twins.
    await expect(sandboxes).toHaveCount(12);
    await expect(page.locator("payi-sandbox[data-emphasis=limits]")).toHaveCount(12);
    const sandbox = sandboxTitled(page, "A budget per user, with a threshold");
    await run(sandbox);
    const grid = sandbox.getByRole("treegrid", { name: /Calls, in order/ });
    const panel = await box(sandbox.locator("[data-role=panel]"));
    // The use case is named in the Why column (where every tag says where it came from).
    await expect(grid.locator(".payi-dt__body > tr").first()).toContainText("use case:");
    for (const name of [/user/i, /why/i, /limits/i, /cost/i]) {
      const header = await box(grid.getByRole("columnheader", { name }).first());
      expect(header.x, `${name} column starts inside the panel`).toBeGreaterThanOrEqual(panel.x);
      expect(header.x + header.width, `${name} column ends inside the panel`).toBeLessThanOrEqual(
        panel.x + panel.width + 1,
      );
    }
  });

  test("the toolbar of an example and of an exercise stays on one line", async ({ page }) => {
    await page.goto(DAY2);
    expect(await toolbarRows(sandboxTitled(page, EXAMPLE))).toBe(1);
    expect(await toolbarRows(sandboxTitled(page, EXERCISE))).toBe(1);
  });

  test("a short output leaves no tall empty terminal; a long one gets its full height", async ({
    page,
  }) => {
    await page.goto(DAY2);
    const sandbox = sandboxTitled(page, EXAMPLE);
    await run(sandbox);
    const terminal = sandbox.locator("[data-role=terminal]");
    await expect(terminal).not.toHaveAttribute("data-fit", /^(full)?$/);
    const short = await box(terminal);
    const row = await box(terminal.locator(".xterm-rows > div").first());
    // A separator, four lines of output and the end, give or take: far from 14 rows.
    expect(short.height).toBeLessThan(row.height * 10);
    expect(short.height).toBeGreaterThan(row.height * 4);
  });

  test("Focus opens the sandbox full-window; Escape returns, focus back on the button", async ({
    page,
  }) => {
    await page.goto(DAY2);
    const sandbox = sandboxTitled(page, EXAMPLE);
    const focus = sandbox.getByRole("button", { name: "Focus" });
    await focus.click();
    await expect(sandbox).toHaveClass(/payi-sandbox--focus/);
    const full = await box(sandbox);
    expect(full.x).toBeLessThanOrEqual(0);
    expect(full.y).toBeLessThanOrEqual(0);
    expect(full.width).toBeGreaterThanOrEqual(1279);
    expect(full.height).toBeGreaterThanOrEqual(799);
    // Wide: code and results side by side, the code wider than in the lesson.
    const code = await box(sandbox.locator(".payi-sandbox__pane--code"));
    expect(code.width).toBeGreaterThan(500);
    expect(await seriousAxe(page, "payi-sandbox")).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(sandbox).not.toHaveClass(/payi-sandbox--focus/);
    await expect(sandbox.getByRole("button", { name: "Focus" })).toBeFocused();
    expect((await box(sandbox)).width).toBeLessThan(1280);
  });

  test("the skip link leads to the first Run in a few Tab presses; Ctrl+Enter runs from the toolbar", async ({
    page,
  }) => {
    await page.goto(DAY2);
    await page.keyboard.press("Tab"); // Starlight's "Skip to content"
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to the first sandbox" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    let presses = 0;
    const first = page.locator("payi-sandbox").first();
    const firstRun = first.getByRole("button", { name: "Run", exact: true });
    while (presses < 5 && !(await firstRun.evaluate((el) => el === document.activeElement))) {
      await page.keyboard.press("Tab");
      presses++;
    }
    await expect(firstRun).toBeFocused();
    console.log(`Tab presses from the skip link to the first Run: ${presses}`);
    expect(presses).toBeLessThan(5);
    // Ctrl+Enter on a toolbar button runs the program.
    await page.keyboard.press("Tab");
    await page.keyboard.press("ControlOrMeta+Enter");
    await expect(first).toHaveAttribute("data-completed-runs", "1", { timeout: 30_000 });
    await expect.poll(() => terminalText(first)).toMatch(/Finished · \d+ instrumented call/);
  });

  for (const theme of ["light", "dark"] as const) {
    test(`axe (${theme}): a run, an exercise with a hint shown, and the runner notice`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.addInitScript((t) => localStorage.setItem("starlight-theme", t), theme);
      await page.goto(DAY2);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      const sandbox = sandboxTitled(page, EXAMPLE);
      await run(sandbox);
      const exercise = sandboxTitled(page, EXERCISE);
      await exercise.getByRole("button", { name: /show a hint \(1 of \d\)/i }).click();
      await expect(exercise.locator("[data-role=hints] > li:not([hidden])")).toHaveCount(1);
      expect(await seriousAxe(page)).toEqual([]);
    });
  }
});

test.describe("at 1024x768", () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test("toolbars never wrap, results below the code", async ({ page }) => {
    await page.goto(DAY2);
    for (const title of [EXAMPLE, EXERCISE]) {
      const sandbox = sandboxTitled(page, title);
      expect(await toolbarRows(sandbox), title).toBe(1);
    }
    const sandbox = sandboxTitled(page, EXAMPLE);
    const code = await box(sandbox.locator(".payi-sandbox__pane--code"));
    const results = await box(sandbox.locator(".payi-sandbox__results"));
    expect(results.y).toBeGreaterThanOrEqual(code.y + code.height - 1);
  });
});

test.describe("on a 390x844 phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("tabs Code / Output / Calls; the choice is remembered across sandboxes and reloads; no sideways scroll", async ({
    page,
  }) => {
    await page.goto(DAY2);
    const sandbox = sandboxTitled(page, EXAMPLE);
    const tabs = sandbox.getByRole("tab");
    await expect(tabs).toHaveText(["Code", "Output", "Calls"]);
    await expect(sandbox.getByRole("tab", { name: "Code" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await expect(sandbox.locator(".payi-sandbox__pane--code")).toBeVisible();
    await expect(sandbox.locator(".payi-sandbox__pane--calls")).toBeHidden();
    // Code lines are wrapped inside the code box, never cut off or widening the page.
    const pre = sandbox.locator("[data-role=code] pre");
    expect(await pre.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);

    await run(sandbox);
    // A run from the Code tab brings its output forward.
    await expect(sandbox.locator(".payi-sandbox__pane--output")).toBeVisible();
    await expect.poll(() => terminalText(sandbox)).toMatch(/Finished · \d+ instrumented call/);
    await sandbox.getByRole("tab", { name: "Calls" }).click();
    await expect(sandbox.locator(".payi-sandbox__pane--calls")).toBeVisible();
    await expect(sandbox.locator(".payi-sandbox__pane--output")).toBeHidden();
    // Another sandbox of the page, and the page after a reload, open on Calls too.
    const other = sandboxTitled(page, "The header wins");
    await expect(other.getByRole("tab", { name: "Calls" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await page.reload();
    await expect(sandboxTitled(page, EXAMPLE).getByRole("tab", { name: "Calls" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await expect(sandboxTitled(page, EXAMPLE).locator(".payi-sandbox__pane--calls")).toBeVisible();
    expect(
      await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      ),
    ).toBeLessThanOrEqual(0);
    // Arrow keys move between tabs (ARIA tabs pattern).
    await sandboxTitled(page, EXAMPLE).getByRole("tab", { name: "Calls" }).focus();
    await page.keyboard.press("ArrowLeft");
    await expect(sandboxTitled(page, EXAMPLE).getByRole("tab", { name: "Output" })).toBeFocused();
    expect(await seriousAxe(page, "payi-sandbox")).toEqual([]);
  });
});
