/**
 * The Python tab is a sandbox: Run starts Pyodide in the sandboxed frame's worker (fetched by the
 * page on the first Python run only, from the site itself), the program runs against the same
 * runtime, and its calls reach the terminal and the live panel as the TypeScript tab's do. On
 * every lesson page; offline after the first run; Stop ends an endless loop; syntax errors and
 * tracebacks point at the learner's line; an exercise is solved in Python with the same Check.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { run, terminalText } from "./sandbox-page.ts";
import { LESSONS } from "./site.ts";

/** The body rows of a sandbox's calls table (a grid, or a treegrid when rows have details). */
function callRows(box: Locator): Locator {
  const name = /^Calls, in order/;
  return box
    .getByRole("treegrid", { name })
    .or(box.getByRole("grid", { name }))
    .locator("[role=row][data-index]");
}

/**
 * Opens the editor and replaces the whole program by pasting it: typed text would be indented
 * again by the editor's Python rules (a new line after `:` is indented), pasted text is not.
 */
async function replaceCode(page: Page, box: Locator, code: string): Promise<void> {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await box.getByRole("button", { name: "Edit" }).click();
  await expect(box.locator(".monaco-editor")).toHaveClass(/\bfocused\b/, { timeout: 30_000 });
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("ControlOrMeta+V");
  // The caret ends at the bottom, so the last line is drawn (Monaco draws only the lines in view).
  const last = code.trimEnd().split("\n").at(-1)!.trim();
  await expect(box.locator(".view-lines")).toContainText(last);
}

const pythonSandboxes = (page: Page) =>
  page.locator("payi-sandbox[data-language=python]:not([data-exercise-id])");

/** Switches every tab pair to Python (one sync key), as a learner's one click does. */
async function showPython(page: Page): Promise<void> {
  await page.getByRole("tab", { name: "Python" }).first().click();
  await expect(pythonSandboxes(page).first()).toBeVisible();
}

/** Runs a Python sandbox to its end (the first run boots Pyodide: allow for it). */
async function runPython(box: Locator): Promise<void> {
  const before = Number((await box.getAttribute("data-completed-runs")) ?? 0);
  await box.scrollIntoViewIfNeeded();
  await box.getByRole("button", { name: "Run", exact: true }).click();
  await expect(box).toHaveAttribute("data-completed-runs", String(before + 1), {
    timeout: 90_000,
  });
}

test.describe("Python runner", () => {
  test.describe.configure({ timeout: 180_000 });

  test("Day 2's trap runs in Python: output in the terminal, calls in the panel; Pyodide only on Run, only from the site", async ({
    page,
    baseURL,
  }) => {
    const pyodide: string[] = [];
    const foreign: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/pyodide/")) pyodide.push(request.url());
      if (!request.url().startsWith(baseURL!) && !/^(blob|data):/.test(request.url()))
        foreign.push(request.url());
    });
    await page.goto("/day-2/?latency=0");
    await showPython(page);
    const box = page.locator('payi-sandbox[data-sandbox-id="day-2/user-read-at-definition.py"]');
    await box.scrollIntoViewIfNeeded();
    await box.getByRole("button", { name: "Run", exact: true }).hover();
    expect(pyodide, "Pyodide loads only when Python runs").toEqual([]);
    await runPython(box);
    const text = await terminalText(box);
    expect(text).toContain("user_456's request was billed to user_123.");
    expect(text).toMatch(/Finished · 2 instrumented calls/);
    await expect(callRows(box)).toHaveCount(2);
    await expect(callRows(box).nth(1)).toContainText("user_123");
    await expect(callRows(box).nth(1)).toContainText("ingest() on reply, line 20");
    expect(pyodide.some((url) => url.endsWith("pyodide.asm.wasm"))).toBe(true);
    expect(foreign, "nothing comes from another origin").toEqual([]);
  });

  for (const lesson of LESSONS) {
    test(`${lesson.path}: every Python example runs to its end`, async ({ page }) => {
      await page.goto(`${lesson.path}?latency=0`);
      await showPython(page);
      const boxes = await pythonSandboxes(page).all();
      expect(boxes.length).toBeGreaterThanOrEqual(2);
      for (const box of boxes) {
        await runPython(box);
        await expect.poll(() => terminalText(box)).toMatch(/Finished · \d+ instrumented calls?/);
        expect(await callRows(box).count()).toBeGreaterThan(0);
      }
    });
  }

  test("offline after the first Python run, runs go on; Stop ends `while True: pass` within a second", async ({
    page,
    context,
  }) => {
    await page.goto("/day-3/?latency=0");
    await showPython(page);
    const [first, second] = await pythonSandboxes(page).all();
    await runPython(first!);
    await context.setOffline(true);
    await runPython(second!);
    expect(await terminalText(second!)).toMatch(/Finished · \d+ instrumented calls?/);

    await replaceCode(page, first!, 'print("looping")\nwhile True:\n    pass\n');
    await first!.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => terminalText(first!), { timeout: 60_000 }).toContain("looping");
    // Timed in the page, from the click to the run's end (not Playwright's polling).
    const stopMs = first!.evaluate(
      (root) =>
        new Promise<number>((resolve) => {
          let clicked = 0;
          root
            .querySelector("[data-action=stop]")!
            .addEventListener("click", () => (clicked = performance.now()), {
              capture: true,
              once: true,
            });
          root.addEventListener(
            "payi-sandbox:run-end",
            () => resolve(performance.now() - clicked),
            {
              once: true,
            },
          );
        }),
    );
    await first!.getByRole("button", { name: "Stop" }).click();
    expect(await stopMs).toBeLessThan(1_000);
    await expect(first!).toHaveAttribute("data-completed-runs", "2", { timeout: 5_000 });
    expect(await terminalText(first!)).toContain("Stopped");
  });

  test("a syntax error is reported before the run, a traceback names the learner's line", async ({
    page,
  }) => {
    await page.goto("/day-1/?latency=0");
    await showPython(page);
    const box = pythonSandboxes(page).first();
    await replaceCode(page, box, 'print("never")\nif True\n    print("x")\n');
    await runPython(box);
    let text = await terminalText(box);
    expect(text).toContain("SyntaxError");
    expect(text).toContain("Not run: Python found a syntax error");
    expect(text).not.toContain("never");
    await expect(box.locator(".monaco-editor .squiggly-error").first()).toBeAttached();

    await replaceCode(page, box, 'def fail():\n    raise ValueError("no user")\n\nfail()\n');
    await runPython(box);
    text = await terminalText(box);
    expect(text).toMatch(/line 4, in <module>/);
    expect(text).toMatch(/line 2, in fail/);
    expect(text).toContain("ValueError: no user");
  });

  test("an exercise is solved in Python with the same Check", async ({ page }) => {
    await page.goto("/day-2/?latency=0");
    await showPython(page);
    const exercise = page.locator(
      'payi-sandbox[data-language=python][data-sandbox-id="exercise/day-2-per-request-user.py"]',
    );
    await exercise.scrollIntoViewIfNeeded();
    await runPython(exercise);
    await exercise.getByRole("button", { name: "Check" }).click();
    await expect(exercise.locator("[data-role=check]")).toContainText("Not yet");
    await replaceCode(
      page,
      exercise,
      readFileSync("content/exercises/day-2-per-request-user/solution.py", "utf8"),
    );
    await run(exercise);
    await exercise.getByRole("button", { name: "Check" }).click();
    await expect(exercise.locator("[data-role=check]")).toContainText("Solved!");
  });
});
