/**
 * Each day's page, as a learner uses it: every example sandbox runs to the end, one exercise is
 * solved through the page (Check passes and progress shows in the sidebar after a reload), and
 * axe finds no serious or critical violation with the sandboxes run. In-browser runner, no latency.
 */
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { preferBrowserRunner, replaceCode, run, terminalText } from "./sandbox-page.ts";
import { LESSONS } from "./site.ts";

for (const lesson of LESSONS) {
  const day = lesson.path.replace(/\//g, "");
  test(`${day}: every example runs, an exercise is solved and remembered, axe is clean`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await preferBrowserRunner(page);
    await page.goto(`${lesson.path}?latency=0`);
    // The TypeScript tab's sandboxes (each Python twin's is in python-runner.spec.ts).
    const examples = page.locator("payi-sandbox[data-language=typescript]:not([data-exercise-id])");
    const exercises = page.locator("payi-sandbox[data-language=typescript][data-exercise-id]");
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
    await replaceCode(page, exercise, readFileSync(`content/exercises/${id}/solution.ts`, "utf8"));
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
    // The words screen readers hear as part of the link's name (the badge itself is for the eye).
    await expect(link.locator(".payi-progress-label")).toHaveText(
      new RegExp(`^\\s*\\([1-9]\\d* of ${await exercises.count()} exercises done\\)$`),
    );
    await expect(link.locator(".payi-progress")).toBeVisible();
  });
}

test("each example's Python tab holds its twin as a sandbox of its own, and the choice carries to the next day", async ({
  page,
}) => {
  await page.goto(LESSONS[1].path);
  const pairs = page
    .locator("starlight-tabs")
    .filter({ has: page.locator("payi-sandbox[data-language=python]") });
  const examples = page.locator("payi-sandbox[data-language=typescript]:not([data-exercise-id])");
  const exercises = page.locator("payi-sandbox[data-language=typescript][data-exercise-id]");
  await expect(pairs).toHaveCount((await examples.count()) + (await exercises.count()));

  const first = pairs.first();
  await first.getByRole("tab", { name: "Python" }).click();
  const twin = first.locator("payi-sandbox[data-language=python]");
  await expect(twin).toBeVisible();
  await expect(twin.locator("figcaption")).toContainText("no-user-yet.py");
  await expect(twin.locator("[data-role=code] pre")).toContainText(
    "from payi.lib.instrument import payi_instrument",
  );
  await expect(twin.getByRole("button", { name: "Run", exact: true })).toBeVisible();
  await expect(twin.getByRole("button", { name: /copy/i })).toHaveCount(1);
  await expect(first.locator("payi-sandbox[data-language=typescript]")).toBeHidden();
  // One sync key: every pair on the page switched, exercises included.
  // (Starlight's tabs only: a sandbox has Code / Output / Calls tabs of its own on phones.)
  for (const tab of await page
    .locator('starlight-tabs [role="tab"][aria-selected="true"]:not(.payi-sandbox__tab)')
    .all())
    await expect(tab).toHaveText("Python");

  await page.goto(LESSONS[2].path);
  const next = page
    .locator("starlight-tabs")
    .filter({ has: page.locator("payi-sandbox") })
    .first();
  await expect(next.getByRole("tab", { name: "Python" })).toHaveAttribute("aria-selected", "true");
  await expect(
    next.locator("payi-sandbox[data-language=python] [data-role=code] pre"),
  ).toContainText("@ingest(");
  await next.getByRole("tab", { name: "TypeScript" }).click();
  await expect(next.locator("payi-sandbox[data-language=typescript]")).toBeVisible();
});
