/**
 * What a learner must be able to trust, in a real Chromium: no edit is ever lost (leaving the page
 * 50 ms after typing, a renderer crash), a saved edit comes back highlighted like the static view
 * before the editor loads, type errors are reported before the run (which still happens), the
 * exercise help (hints, solution, back to my code, progress), and a runner wait that is visible,
 * short and told once per page.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import {
  preferBrowserRunner,
  replaceCode,
  run,
  sandboxTitled,
  terminalText,
} from "./sandbox-page.ts";

const DAY2 = "/day-2/?latency=0";
const EXAMPLE = "Tag every call inside a function";
const EXERCISE_ID = "day-2-on-behalf-of";
const EXERCISE = "Exercise: Tag the calls made on a customer";

test.beforeEach(() => test.setTimeout(120_000));

async function savedEdit(page: Page, sandboxId: string): Promise<string | null> {
  return page.evaluate((id) => {
    const raw = localStorage.getItem(`payi-course:edit:${id}`);
    return raw ? (JSON.parse(raw) as { code: string }).code : null;
  }, sandboxId);
}

/** Opens the editor and types at the end of the program (real key presses). */
async function typeAtEnd(page: Page, box: Locator, text: string): Promise<void> {
  await box.getByRole("button", { name: "Edit" }).click();
  await expect(box.locator(".monaco-editor")).toHaveClass(/\bfocused\b/, { timeout: 30_000 });
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type(text);
}

test.describe("no edit is ever lost", () => {
  test.beforeEach(async ({ page }) => preferBrowserRunner(page));

  test("typing, then leaving the page 50 ms later: the edit is there on coming back", async ({
    page,
  }) => {
    await page.goto(DAY2);
    await typeAtEnd(page, sandboxTitled(page, EXAMPLE), "\n// left in a hurry");
    await page.waitForTimeout(50); // the scenario: the learner navigates away at once
    await page.goto("/day-3/");
    await page.goto(DAY2);
    await expect(sandboxTitled(page, EXAMPLE).locator("[data-role=code]")).toContainText(
      "// left in a hurry",
    );
  });

  test("typing, then the renderer crashes: a new page finds the edit", async ({
    page,
    context,
  }) => {
    await page.goto(DAY2);
    await typeAtEnd(page, sandboxTitled(page, EXAMPLE), "\n// survived a crash");
    await page.goto("chrome://crash").catch(() => undefined); // the renderer dies here
    const next = await context.newPage();
    await next.goto(DAY2);
    await expect(sandboxTitled(next, EXAMPLE).locator("[data-role=code]")).toContainText(
      "// survived a crash",
    );
    expect(await savedEdit(next, "day-2/answer-with-user")).toContain("// survived a crash");
  });
});

test.describe("a saved edit after a reload", () => {
  test.beforeEach(async ({ page }) => preferBrowserRunner(page));

  test("is highlighted and numbered like the static view, in the same colours, before the editor loads", async ({
    page,
  }) => {
    await page.goto(DAY2);
    const box = sandboxTitled(page, EXAMPLE);
    /** Per line: the text, and the [dark, light] colour of every character. */
    const colours = (target: Locator) =>
      target.locator("[data-role=code] .ec-line").evaluateAll((lines) =>
        lines.map((line) => {
          const code = line.querySelector(".code")!;
          const chars: string[] = [];
          const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const styled = node.parentElement?.closest<HTMLElement>("[style*='--0']");
            const pair = `${styled?.style.getPropertyValue("--0")}/${styled?.style.getPropertyValue("--1")}`;
            for (const char of node.textContent ?? "")
              if (char.trim()) chars.push(pair.toLowerCase());
          }
          return {
            number: line.querySelector(".ln")?.textContent ?? "",
            text: code.textContent ?? "",
            chars,
          };
        }),
      );
    const original = await colours(box);
    expect(original.length).toBeGreaterThan(5);
    const source = JSON.parse((await box.locator("[data-role=program]").textContent()) ?? "{}") as {
      source: string;
    };
    // The saved edit: the example with one more line at the end.
    await page.evaluate(
      ([code]) =>
        localStorage.setItem(
          "payi-course:edit:day-2/answer-with-user",
          JSON.stringify({ code, savedAt: "", originalHash: "" }),
        ),
      [`${source.source.replace(/\n$/, "")}\nconsole.log("saved edit");\n`],
    );
    await page.reload();
    const again = sandboxTitled(page, EXAMPLE);
    await expect(again.locator("[data-role=code]")).toContainText('console.log("saved edit");');
    await expect(again.locator("[data-role=code] .expressive-code")).toHaveAttribute(
      "data-saved-edit",
      "",
    );
    expect(await again.locator(".monaco-editor").count()).toBe(0);
    const shown = await colours(again);
    expect(shown.length).toBe(original.length + 1);
    shown.forEach((line, index) => expect(line.number).toBe(String(index + 1)));
    // Every character of the unchanged lines in the colours of the static view.
    for (const [index, line] of original.entries()) {
      expect(shown[index]!.text).toBe(line.text);
      expect(shown[index]!.chars, `line ${index + 1}: ${line.text}`).toEqual(line.chars);
    }
    const last = shown.at(-1)!;
    expect(new Set(last.chars).size).toBeGreaterThan(1); // highlighted, not plain
  });
});

test.describe("type errors", () => {
  test.beforeEach(async ({ page }) => preferBrowserRunner(page));

  test("are reported in the terminal with file:line:col before the run, which still happens", async ({
    page,
  }) => {
    await page.goto(DAY2);
    const box = sandboxTitled(page, EXAMPLE);
    await replaceCode(
      page,
      box,
      ['const count: number = "three";', 'console.log("ran anyway", count);', ""].join("\n"),
    );
    // The learner sees the squiggle first (the editor has checked the code), then runs.
    await expect(box.locator(".monaco-editor .squiggly-error").first()).toBeVisible({
      timeout: 30_000,
    });
    await run(box);
    // The terminal wraps long lines: read it as one string.
    const text = (await terminalText(box)).replace(/\n/g, "");
    expect(text).toMatch(
      /answer-with-user\.ts:1:7 - error TS2322: Type 'string' is not assignable to type 'number'\./,
    );
    expect(text.indexOf("TS2322")).toBeLessThan(text.indexOf("ran anyway three"));
    await expect.poll(() => terminalText(box)).toContain("Finished");
  });

  test("of a saved edit run before the editor opens are reported too (compiler worker)", async ({
    page,
  }) => {
    await page.goto(DAY2);
    await page.evaluate(() =>
      localStorage.setItem(
        "payi-course:edit:day-2/answer-with-user",
        JSON.stringify({
          code: 'const total: string = 42;\nconsole.log("saved and run", total);\n',
          savedAt: "",
          originalHash: "",
        }),
      ),
    );
    await page.reload();
    const box = sandboxTitled(page, EXAMPLE);
    await run(box);
    expect(await box.locator(".monaco-editor").count()).toBe(0);
    await expect
      .poll(async () => (await terminalText(box)).replace(/\n/g, ""), { timeout: 30_000 })
      .toMatch(/answer-with-user\.ts:1:7 - error TS2322: Type 'number' is not assignable/);
    expect(await terminalText(box)).toContain("saved and run 42");
  });
});

test.describe("exercise help", () => {
  test.beforeEach(async ({ page }) => preferBrowserRunner(page));

  test("hints one at a time, the solution after a confirm, Back to my code, and progress that says so", async ({
    page,
  }) => {
    await page.goto(DAY2);
    const box = sandboxTitled(page, EXERCISE);
    const hints = box.locator("[data-role=hints] > li");
    const total = await hints.count();
    expect(total).toBeGreaterThanOrEqual(2);
    expect(total).toBeLessThanOrEqual(4);
    await expect(box.locator("[data-role=hints] > li:visible")).toHaveCount(0);
    for (let shown = 1; shown <= total; shown++) {
      await box.getByRole("button", { name: `Show a hint (${shown} of ${total})` }).click();
      await expect(box.locator("[data-role=hints] > li:visible")).toHaveCount(shown);
    }
    await expect(box.locator("[data-action=hint]")).toBeDisabled();

    // The learner's own attempt, then the solution.
    await replaceCode(page, box, 'console.log("my attempt");\n');
    page.once("dialog", (dialog) => void dialog.dismiss());
    await box.getByRole("button", { name: "Show the solution" }).click();
    await expect(box.locator("[data-role=solution-bar]")).toBeHidden();
    page.once("dialog", (dialog) => void dialog.accept());
    await box.getByRole("button", { name: "Show the solution" }).click();
    await expect(box.locator("[data-role=solution-bar]")).toBeVisible();
    const solution = readFileSync(`content/exercises/${EXERCISE_ID}/solution.ts`, "utf8");
    await expect(box.locator(".monaco-editor")).toContainText("createHeaders");
    await box.getByRole("button", { name: "Back to my code" }).click();
    await expect(box.locator("[data-role=solution-bar]")).toBeHidden();
    await expect(box.locator(".monaco-editor")).toContainText('console.log("my attempt");');
    expect(await savedEdit(page, `exercise/${EXERCISE_ID}`)).toBe('console.log("my attempt");\n');

    // Solved with the solution shown: the check says so, and so does the sidebar after a reload.
    page.once("dialog", (dialog) => void dialog.accept());
    await box.getByRole("button", { name: "Show the solution" }).click();
    await expect(box.locator("[data-role=solution-bar]")).toBeVisible();
    expect(await savedEdit(page, `exercise/${EXERCISE_ID}`)).toBe(solution);
    await run(box);
    await box.getByRole("button", { name: "Check" }).click();
    await expect(box.locator("[data-role=check]")).toContainText("Solved, with the solution shown");
    await page.reload();
    const link = page.locator('nav.sidebar a[href$="/day-2/"]');
    await expect(link.locator(".payi-progress-label")).toContainText("1 with the solution shown");
    // The hints shown are remembered, and the solution still has its way back.
    const again = sandboxTitled(page, EXERCISE);
    await expect(again.locator("[data-role=hints] > li:visible")).toHaveCount(total);
    await expect(again.getByRole("button", { name: "Back to my code" })).toBeVisible();
  });
});

test.describe("the runner, when Node.js (WebContainer) is chosen and cannot start", () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      try {
        localStorage.setItem("payi-course:runner", "webcontainer");
      } catch {
        // the sandboxed runner frame
      }
    });
  });

  test("offline: the first Run goes to the browser at once, and one notice for the page says offline", async ({
    page,
    context,
  }) => {
    await page.goto(DAY2);
    const box = sandboxTitled(page, EXAMPLE);
    // The page has loaded what a run needs (the pointer over Run warms it up), then the network
    // goes (the emulation also cuts this test's own server, which a real learner would still reach).
    await box.getByRole("button", { name: "Run", exact: true }).hover();
    // What a run needs is loaded (WebContainer's own request to stackblitz.com never answers
    // here, so the network is never idle: wait for the sandbox's state instead).
    await expect(box).toHaveAttribute("data-warm", "true");
    await context.setOffline(true);
    const started = Date.now();
    await run(box);
    const took = Date.now() - started;
    console.log(`offline, Node.js chosen: Run -> run ended in ${took} ms`);
    expect(took).toBeLessThan(10_000);
    await expect(box.locator("[data-role=where]")).toContainText("In your browser");
    await expect.poll(() => terminalText(box)).toMatch(/Finished · 1 instrumented call/);
    const notice = page.locator("[data-role=runner-notice]");
    await expect(notice).toHaveCount(1);
    await expect(notice).toContainText("You are offline");
    await expect(page.locator("payi-sandbox [data-role=notice]:visible")).toHaveCount(0);
    // Dismissed for the rest of the visit (the tab).
    await notice.getByRole("button", { name: "Dismiss" }).click();
    await expect(notice).toBeHidden();
    await context.setOffline(false);
    await page.goto(DAY2);
    await sandboxTitled(page, EXAMPLE).getByRole("button", { name: "Run", exact: true }).hover();
    await expect(sandboxTitled(page, EXAMPLE)).toHaveAttribute("data-warm", "true");
    await context.setOffline(true);
    await run(sandboxTitled(page, EXAMPLE));
    await expect(sandboxTitled(page, EXAMPLE).locator("[data-role=where]")).toContainText(
      "In your browser",
    );
    await expect(page.locator("[data-role=runner-notice]:visible")).toHaveCount(0);
  });

  test("still starting: the waiting sandbox says what it waits for, for how long, and runs in the browser on request", async ({
    page,
  }) => {
    await page.goto(DAY2);
    const box = sandboxTitled(page, EXAMPLE);
    await box.getByRole("button", { name: "Run", exact: true }).click();
    const wait = box.locator("[data-role=wait]");
    await expect(wait).toContainText("Waiting for Node.js (WebContainer) to start", {
      timeout: 20_000,
    });
    await expect(wait.locator("[data-role=wait-elapsed]")).toHaveText(/^[1-9]\d* s$/);
    await expect.poll(() => terminalText(box)).toContain("Waiting for Node.js (WebContainer)");
    await wait.getByRole("button", { name: "Run in the browser now" }).click();
    await expect(box).toHaveAttribute("data-completed-runs", "1", { timeout: 30_000 });
    await expect(wait).toBeHidden();
    await expect(box.locator("[data-role=where]")).toContainText("In your browser");
    await expect.poll(() => terminalText(box)).toMatch(/Finished · 1 instrumented call/);
  });
});
