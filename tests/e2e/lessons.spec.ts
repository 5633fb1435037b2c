/**
 * Each day's page, as a learner uses it: every example sandbox runs to the end, one exercise is
 * solved through the page (Check passes and progress shows in the sidebar after a reload), and
 * axe finds no serious or critical violation with the sandboxes run. In-browser runner, no latency.
 */
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { LESSONS } from "./site.ts";

async function preferBrowserRunner(page: Page): Promise<void> {
  await page.addInitScript(() => {
    try {
      localStorage.setItem("payi-course:runner", "browser");
    } catch {
      // the sandboxed runner frame has no storage
    }
  });
}

async function run(box: Locator): Promise<void> {
  const before = Number((await box.getAttribute("data-completed-runs")) ?? 0);
  await box.getByRole("button", { name: "Run", exact: true }).click();
  await expect(box).toHaveAttribute("data-completed-runs", String(before + 1), { timeout: 30_000 });
}

async function terminalText(box: Locator): Promise<string> {
  const rows = box.locator(".xterm-rows");
  await rows.scrollIntoViewIfNeeded();
  return (await rows.innerText()).replace(/\u00a0/g, " ");
}

for (const lesson of LESSONS) {
  const day = lesson.path.replace(/\//g, "");
  test(`${day}: every example runs, an exercise is solved and remembered, axe is clean`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await preferBrowserRunner(page);
    await page.goto(`${lesson.path}?latency=0`);
    const examples = page.locator("payi-sandbox:not([data-exercise-id])");
    const exercises = page.locator("payi-sandbox[data-exercise-id]");
    expect(await examples.count(), "runnable examples on the page").toBeGreaterThanOrEqual(2);
    expect(await exercises.count(), "exercises on the page").toBeGreaterThanOrEqual(1);

    for (const box of await examples.all()) {
      await run(box);
      await expect.poll(() => terminalText(box)).toMatch(/Finished · \d+ instrumented calls?/);
    }

    // Solve the first exercise with its solution, through the editor, as a learner would.
    const exercise = exercises.first();
    const id = (await exercise.getAttribute("data-exercise-id"))!;
    await exercise.getByRole("button", { name: "Check" }).click();
    await expect(exercise.locator("[data-role=check]")).toContainText("Run your code first");
    await run(exercise);
    await exercise.getByRole("button", { name: "Check" }).click();
    await expect(exercise.locator("[data-role=check]")).toContainText("Not yet");
    await exercise.getByRole("button", { name: "Edit" }).click();
    await expect(exercise.locator(".monaco-editor")).toHaveClass(/\bfocused\b/, {
      timeout: 30_000,
    });
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText(readFileSync(`content/exercises/${id}/solution.ts`, "utf8"));
    await run(exercise);
    await exercise.getByRole("button", { name: "Check" }).click();
    await expect(exercise.locator("[data-role=check]")).toContainText("Solved!");

    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter(
      (v) => v.impact === "serious" || v.impact === "critical",
    );
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ).toEqual([]);

    await page.reload();
    const link = page.locator(`nav.sidebar a[href$="${lesson.path}"]`);
    await expect(link.locator(".payi-progress")).toHaveAttribute(
      "aria-label",
      new RegExp(`^[1-9]\\d* of ${await exercises.count()} exercises done$`),
    );
  });
}
