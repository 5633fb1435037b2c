/**
 * The terminal in Chromium, outside the site (see harness.ts): ANSI colours, run separators,
 * runner messages, the per-run output cap, the plain-text copy, theming and the keyboard.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import type { TerminalViewOptions } from "../../../src/sandbox-ui/terminal/terminal-view.ts";
import { openComponentPage, type Theme } from "./harness.ts";

const ESC = "\u001b";

async function mountTerminal(
  page: Page,
  options: TerminalViewOptions = {},
  theme: Theme = "light",
): Promise<void> {
  await openComponentPage(page, theme);
  await page.evaluate((opts) => {
    window.term = window.payiComponents.createTerminalView(
      document.getElementById("terminal") as HTMLElement,
      opts,
    );
  }, options);
}

async function write(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => window.term.write(t), text);
}

const flushed = (page: Page) => page.evaluate(() => window.term.flushed());
const text = (page: Page) => page.evaluate(() => window.term.getText());
/** What xterm drew, row by row (its DOM renderer). */
const screen = (page: Page) => page.locator("#terminal .xterm-rows");

test.describe("terminal", () => {
  test("draws ANSI colours and keeps a plain-text copy without escapes", async ({ page }) => {
    await mountTerminal(page);
    await write(
      page,
      `plain ${ESC}[31mred words${ESC}[0m and ${ESC}[1;32mbold green${ESC}[0m\nnext line\n`,
    );
    await flushed(page);
    await expect(screen(page)).toContainText("plain red words and bold green");
    await expect(screen(page)).toContainText("next line");
    const red = screen(page).locator("span", { hasText: "red words" });
    const color = await red.evaluate((el) => getComputedStyle(el).color);
    const [r = 0, g = 0, b = 0] = color.match(/\d+/g)?.map(Number) ?? [];
    expect(r, `"red words" is drawn in ${color}`).toBeGreaterThan(g + 40);
    expect(r).toBeGreaterThan(b + 40);
    expect(await text(page)).toBe("plain red words and bold green\nnext line\n");
  });

  test("a lone \\n starts a new line at column 0 (converted to \\r\\n)", async ({ page }) => {
    await mountTerminal(page);
    await write(page, "first\nsecond\r\nthird");
    await flushed(page);
    // Parsed is not yet drawn: xterm's DOM renderer paints on the next animation frame.
    const firstRows = async () =>
      (await screen(page).locator(":scope > div").allTextContents())
        .slice(0, 3)
        .map((row) => row.trimEnd());
    await expect.poll(firstRows).toEqual(["first", "second", "third"]);
  });

  test("separates runs with a dim line and prints runner messages on their own line", async ({
    page,
  }) => {
    await mountTerminal(page);
    await page.evaluate(() => window.term.runSeparator("run 1 · In your browser · 14:02:11"));
    await write(page, "no newline at the end");
    await page.evaluate(() => {
      window.term.status("Exited with code 0", "info");
      window.term.status("Slow call", "warn");
      window.term.status("Uncaught Error: boom", "error");
      window.term.runSeparator("run 2 · In your browser · 14:02:30");
    });
    await flushed(page);
    expect(await text(page)).toBe(
      [
        "── run 1 · In your browser · 14:02:11 ──",
        "no newline at the end",
        "› Exited with code 0",
        "! Slow call",
        "✖ Uncaught Error: boom",
        "── run 2 · In your browser · 14:02:30 ──",
        "",
      ].join("\n"),
    );
    await expect(screen(page)).toContainText("── run 2 · In your browser · 14:02:30 ──");
    const error = screen(page).locator("span", { hasText: "Uncaught Error: boom" });
    const [r = 0, g = 0] =
      (await error.evaluate((el) => getComputedStyle(el).color)).match(/\d+/g)?.map(Number) ?? [];
    expect(r).toBeGreaterThan(g);
  });

  test("cuts a flood at the per-run limit, says so once, then how much was cut", async ({
    page,
  }) => {
    await mountTerminal(page);
    // 25,000 lines in 250 writes, as a program printing in a tight loop would.
    const stats = await page.evaluate(
      () =>
        new Promise<{ longest: number }>((resolve) => {
          const stats = { longest: 0 };
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries())
              stats.longest = Math.max(stats.longest, entry.duration);
          }).observe({ type: "longtask" });
          let line = 0;
          const burst = () => {
            let chunk = "";
            for (let i = 0; i < 100; i += 1)
              chunk += `line ${++line} \u001b[36mof output\u001b[0m\n`;
            window.term.write(chunk);
            if (line < 25_000) setTimeout(burst, 0);
            else {
              window.term.status("Exited with code 0", "info");
              void window.term.flushed().then(() => setTimeout(() => resolve(stats), 100));
            }
          };
          burst();
        }),
    );
    const output = await text(page);
    expect(output).toContain("line 20000 of output\n");
    expect(output).not.toContain("line 20001 ");
    const notices = output.match(/Output limit reached/g) ?? [];
    expect(notices).toHaveLength(1);
    expect(output).toContain(
      "✂ Output limit reached (20,000 lines or 2.0 MB per run): the rest of this run's output is not shown.",
    );
    expect(output).toMatch(
      /✂ 5,000 lines \(\d+\.\d KB\) of output were cut\.\n› Exited with code 0\n$/,
    );
    await expect(screen(page)).toContainText("Exited with code 0");
    console.log(
      `terminal flood of 25,000 lines: longest task ${stats.longest.toFixed(0)} ms (0: none over 50 ms)`,
    );
    // xterm's own parsing and drawing dominate here; on a quiet machine there is no long task at
    // all, on a busy CI machine a few reach 100-300 ms. The bound catches a page that freezes.
    expect(stats.longest).toBeLessThan(500);

    // The next run may print again.
    await page.evaluate(() => window.term.runSeparator("run 2"));
    await write(page, "hello again\n");
    expect(await text(page)).toMatch(/── run 2 ──\nhello again\n$/);
  });

  test("cuts by size too: one huge line", async ({ page }) => {
    await mountTerminal(page, { maxCharsPerRun: 1000 });
    await write(page, "x".repeat(1500));
    await page.evaluate(() => window.term.status("done"));
    const output = await text(page);
    expect(output.startsWith(`${"x".repeat(1000)}\n✂ Output limit reached`)).toBe(true);
    expect(output).toContain("✂ 0 lines (500 characters) of output were cut.");
  });

  test("clear() empties the screen and the copy", async ({ page }) => {
    await mountTerminal(page);
    await write(page, "something\n");
    await page.evaluate(() => window.term.clear());
    await flushed(page);
    expect(await text(page)).toBe("");
    await expect(screen(page)).not.toContainText("something");
  });

  test("follows the site theme when <html data-theme> changes", async ({ page }) => {
    await mountTerminal(page, {}, "light");
    await write(page, "themed\n");
    await flushed(page);
    const background = () =>
      page
        .locator("#terminal .xterm-scrollable-element")
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    const light = await background();
    await page.evaluate(() => document.documentElement.setAttribute("data-theme", "dark"));
    await expect.poll(background).not.toBe(light);
    const luminance = (rgb: string) =>
      (rgb.match(/\d+/g) ?? [])
        .slice(0, 3)
        .map(Number)
        .reduce((a, b) => a + b, 0);
    expect(luminance(await background())).toBeLessThan(luminance(light));
  });

  test("is a labelled region that Tab enters and leaves (no keyboard trap)", async ({ page }) => {
    await mountTerminal(page, { label: "Output of answer-with-user.ts" });
    await expect(page.getByRole("region", { name: "Output of answer-with-user.ts" })).toBeVisible();
    for (let i = 0; i < 50; i += 1) await write(page, `line ${i}\n`);
    await flushed(page);
    const input = page.locator("#terminal textarea");
    await input.focus();
    await expect(input).toBeFocused();
    await page.keyboard.press("PageUp");
    await page.keyboard.press("Tab");
    await expect(input).not.toBeFocused();
    await page.keyboard.press("Shift+Tab");
    await expect(input).toBeFocused();
    expect(await text(page)).not.toContain("\t");
  });

  test("dispose() removes xterm and leaves the container as it was", async ({ page }) => {
    await mountTerminal(page);
    await write(page, "bye\n");
    await page.evaluate(() => window.term.dispose());
    await expect(page.locator("#terminal")).toBeEmpty();
    await expect(page.locator("#terminal")).not.toHaveAttribute("role", "region");
    await page.evaluate(() => window.term.write("ignored after dispose"));
  });

  for (const theme of ["light", "dark"] as const) {
    test(`has no serious or critical axe violations (${theme} theme)`, async ({ page }) => {
      await mountTerminal(page, {}, theme);
      await page.evaluate(() => window.term.runSeparator("run 1 · In your browser · 14:02:11"));
      const colours = [31, 32, 33, 34, 35, 36, 37, 90, 91, 92, 93, 94, 95, 96, 97]
        .map((code) => `${ESC}[${code}mcolour ${code}${ESC}[0m`)
        .join(" ");
      await write(page, `Why do programmers prefer dark mode?\n${colours}\n`);
      await page.evaluate(() => {
        window.term.status("Exited with code 0", "info");
        window.term.status("Slow", "warn");
        window.term.status("Failed", "error");
      });
      await flushed(page);
      const results = await new AxeBuilder({ page }).include("#terminal").analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map(
          (v) =>
            `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        );
      expect(results.passes.length).toBeGreaterThan(0);
      expect(serious).toEqual([]);
    });
  }
});
