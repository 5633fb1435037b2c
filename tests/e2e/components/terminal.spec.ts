/**
 * The terminal in Chromium, outside the site (see harness.ts): ANSI colours, sanitized escape
 * sequences, run separators, runner messages, flow control on a flood (the newest output kept),
 * the plain-text copy and tail, theming and the keyboard.
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

  test("a stray unterminated OSC does not swallow what follows it", async ({ page }) => {
    await mountTerminal(page);
    await write(page, `before ${ESC}]after garbage`);
    // Nothing more comes: the held sequence is released as text after a moment.
    await expect(screen(page)).toContainText("after garbage");
    await expect(screen(page)).toContainText("before ␛]after garbage");
    await write(page, `\nand ${ESC}]0;a title\u0007 the next line\n`);
    await expect(screen(page)).toContainText("and ␛]0;a title␇ the next line");
    // The shown sequence is muted (the theme's grey), the program's text is not.
    const marker = screen(page).locator("span", { hasText: "␛]0;a title␇" });
    const plain = screen(page).locator("span", { hasText: "the next line" });
    expect(await marker.evaluate((el) => getComputedStyle(el).color)).not.toBe(
      await plain.evaluate((el) => getComputedStyle(el).color),
    );
    await flushed(page);
    expect(await text(page)).toBe("before ␛]after garbage\nand ␛]0;a title␇ the next line\n");
  });

  test("a sequence cut between two writes still colours the text", async ({ page }) => {
    await mountTerminal(page);
    // Two writes back to back, as a stream's chunks arrive.
    await page.evaluate(() => {
      window.term.write("plain \u001b[3");
      window.term.write("1mred words\u001b[0m\n");
    });
    await flushed(page);
    const red = screen(page).locator("span", { hasText: "red words" });
    const [r = 0, g = 0] =
      (await red.evaluate((el) => getComputedStyle(el).color)).match(/\d+/g)?.map(Number) ?? [];
    expect(r).toBeGreaterThan(g + 40);
    expect(await text(page)).toBe("plain red words\n");
  });

  test("1,000,000 lines printed fast: the newest are kept, one note, no long task", async ({
    page,
  }) => {
    await mountTerminal(page);
    const stats = await page.evaluate(
      () =>
        new Promise<{ longest: number; longTasks: number; backlog: number; afterEndMs: number }>(
          (resolve) => {
            const stats = { longest: 0, longTasks: 0, backlog: 0, afterEndMs: 0 };
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) {
                stats.longTasks += 1;
                stats.longest = Math.max(stats.longest, entry.duration);
              }
            }).observe({ type: "longtask" });
            // As a runner delivers a program's output: 2,000 lines per task, as fast as it can.
            let line = 0;
            const burst = () => {
              const lines: string[] = [];
              for (let i = 0; i < 2000; i += 1)
                lines.push(`line ${++line} \u001b[36mof output\u001b[0m\n`);
              window.term.write(lines.join(""));
              stats.backlog = Math.max(stats.backlog, window.term.backlog.chars);
              if (line < 1_000_000) setTimeout(burst, 0);
              else {
                const ended = performance.now();
                window.term.status("Exited with code 0", "info");
                void window.term.flushed().then(() => {
                  stats.afterEndMs = performance.now() - ended;
                  setTimeout(() => resolve(stats), 100);
                });
              }
            };
            burst();
          },
        ),
    );
    const output = await text(page);
    expect(output).toContain("line 1000000 of output\n");
    expect(output).toContain("line 990001 of output\n");
    const notes = output.match(/✂ [\d,]+ lines not shown/g) ?? [];
    expect(notes).toHaveLength(1);
    expect(output).toMatch(
      /✂ [\d,]+ lines not shown: the program printed faster than the terminal draws, so it keeps the last 10,000 lines\.\n/,
    );
    // What was drawn before the cut, the note's count and the kept tail add up to every line.
    const drawnBefore = output.slice(0, output.indexOf("✂")).match(/^line \d+ /gm)?.length ?? 0;
    const cut = Number(/✂ ([\d,]+) lines/.exec(output)?.[1]?.replace(/,/g, ""));
    const after = output.slice(output.indexOf("✂")).match(/^line \d+ /gm)?.length ?? 0;
    expect(drawnBefore + cut + after).toBe(1_000_000);
    expect(after).toBe(10_000);
    expect(output).toMatch(/line 1000000 of output\n› Exited with code 0\n$/);
    await expect(screen(page)).toContainText("Exited with code 0");
    console.log(
      `terminal flood of 1,000,000 lines: painted ${stats.afterEndMs.toFixed(0)} ms after the program ended; ` +
        `longest task ${stats.longest.toFixed(0)} ms (0: none over 50 ms), ${stats.longTasks} long tasks; ` +
        `largest backlog ${(stats.backlog / 1024).toFixed(0)} KB`,
    );
    // Bounded: never more waiting than the 2 MB bound.
    expect(stats.backlog).toBeLessThanOrEqual(2 * 1024 * 1024);
    // xterm's own parsing dominates; on a quiet machine no task passes 50 ms, on a busy shared one
    // (load 20 on 2 cores) some reach 300-550 ms for these 1,000,000 lines (40 times the 25,000 of
    // the flood this test replaces). The bound only catches a page that freezes.
    expect(stats.longest).toBeLessThan(1000);

    // The next run prints as usual.
    await page.evaluate(() => window.term.runSeparator("run 2"));
    await write(page, "hello again\n");
    await flushed(page);
    expect(await text(page)).toMatch(/── run 2 ──\nhello again\n$/);
  });

  test("one huge line: the newest characters are kept and the note says how many were cut", async ({
    page,
  }) => {
    await mountTerminal(page, { keepChars: 1000 });
    await write(page, `${"x".repeat(500)}${"y".repeat(1000)}`);
    await page.evaluate(() => window.term.status("done"));
    await flushed(page);
    expect(await text(page)).toBe(
      "✂ 500 characters not shown: the program printed faster than the terminal draws, so it keeps the last 1,000 characters.\n" +
        `${"y".repeat(1000)}\n› done\n`,
    );
  });

  test("tail() is the run's own output as plain text, bounded", async ({ page }) => {
    await mountTerminal(page);
    await page.evaluate(() => window.term.runSeparator("run 1"));
    await write(page, `${ESC}[31mUncaught Error: boom${ESC}[0m\n    at main.ts:3:9\n`);
    await page.evaluate(() => window.term.status("Exited with code 1", "error"));
    expect(await page.evaluate(() => window.term.tail())).toBe(
      "Uncaught Error: boom\n    at main.ts:3:9\n",
    );
    await page.evaluate(() => window.term.runSeparator("run 2"));
    expect(await page.evaluate(() => window.term.tail())).toBe("");
    await page.evaluate(() => {
      for (let i = 0; i < 5000; i += 1) window.term.write(`${"z".repeat(99)}\n`);
    });
    const tail = await page.evaluate(() => window.term.tail());
    expect(tail.length).toBe(64 * 1024);
    expect(tail.endsWith(`${"z".repeat(99)}\n`)).toBe(true);
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

  test("xterm draws in a shadow root: its <style>s never reach the page, and its screen is a layout boundary", async ({
    page,
  }) => {
    await openComponentPage(page, "light");
    const pageStyles = () => page.evaluate(() => document.querySelectorAll("style").length);
    const before = await pageStyles();
    await page.evaluate(() => {
      window.term = window.payiComponents.createTerminalView(
        document.getElementById("terminal") as HTMLElement,
      );
    });
    await write(page, "hello\n");
    await flushed(page);
    await expect(screen(page)).toContainText("hello");
    expect(await pageStyles(), "<style> elements in the page").toBe(before);
    const inShadow = await page.evaluate(() => {
      const host = document.querySelector("#terminal .payi-terminal__screen");
      const style = host ? getComputedStyle(host) : undefined;
      return {
        styles: host?.shadowRoot?.querySelectorAll("style").length ?? 0,
        contain: style?.contain,
        height: host?.getBoundingClientRect().height ?? 0,
        drawn: host?.shadowRoot?.querySelector(".xterm-screen")?.getBoundingClientRect().height,
      };
    });
    expect(inShadow.styles, "xterm's <style> elements, in the shadow root").toBeGreaterThan(0);
    expect(inShadow.contain).toBe("size layout");
    // Size containment: the screen's height is given, and it is xterm's.
    expect(inShadow.height).toBeGreaterThan(100);
    expect(Math.abs(inShadow.height - (inShadow.drawn ?? 0))).toBeLessThan(2);
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
