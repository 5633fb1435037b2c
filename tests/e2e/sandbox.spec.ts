/**
 * Sandboxes in a lesson page, in a real Chromium, with the in-browser runner (what works on this
 * machine: WebContainer loads from StackBlitz's servers and there is no internet here; its adapter
 * is tested against a fake in tests/unit/site/runners).
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import {
  callRows,
  openCallDetails,
  preferBrowserRunner,
  replaceCode,
  run,
  sandboxTitled as sandbox,
  terminalText,
} from "./sandbox-page.ts";

const DAY2 = "/day-2/";

test.beforeEach(async ({ page }) => {
  await preferBrowserRunner(page);
});

test("Run shows the program's output and the call tagged with user_123, with the reason", async ({
  page,
}) => {
  await page.goto(DAY2);
  const box = sandbox(page, "Tag every call inside a function");
  await run(box);
  await expect(box.locator("[data-role=where]")).toContainText("In your browser");
  await expect.poll(() => terminalText(box)).toMatch(/Finished · 1 instrumented call/);
  const rows = callRows(box);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("user_123");
  await expect(rows.first()).toContainText("user: ingest() at line 7");
  await expect(await openCallDetails(rows.first())).toContainText(
    "User id user_123: set by ingest() at line 7",
  );
});

test("the header-overrides-context example explains the override in the panel", async ({
  page,
}) => {
  await page.goto(DAY2);
  const box = sandbox(page, "The header wins");
  await run(box);
  const rows = callRows(box);
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("user_123");
  await expect(rows.nth(1)).toContainText("user_456");
  await expect(rows.nth(1)).toContainText(/user: header\s*over ingest\(\) at line 8/);
  await expect(await openCallDetails(rows.nth(1))).toContainText(
    "header xProxy-User-ID overrode user_123 from ingest() at line 8",
  );
  // The header counts for its one call: the next call is the scope's user again.
  await expect(rows.nth(2)).toContainText("user_123");
});

test("edit and re-run: the new user id is what the panel shows", async ({ page }) => {
  await page.goto(DAY2);
  const box = sandbox(page, "Tag every call inside a function");
  await replaceCode(
    page,
    box,
    [
      'import OpenAI from "openai";',
      'import { payiInstrument, ingest } from "payi-lab/instrument";',
      "payiInstrument();",
      "const client = new OpenAI();",
      'const ask = ingest({ userId: "edited_user" }, () =>',
      '  client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }));',
      "await ask();",
      'console.log("edited run");',
    ].join("\n"),
  );
  await run(box);
  await expect.poll(() => terminalText(box)).toContain("edited run");
  await expect(callRows(box).first()).toContainText("edited_user");
});

test("Stop ends an endless loop within a second", async ({ page }) => {
  await page.goto(DAY2);
  const box = sandbox(page, "Tag every call inside a function");
  await replaceCode(page, box, 'console.log("looping");\nfor (;;) {}\n');
  await box.getByRole("button", { name: "Run", exact: true }).click();
  await expect.poll(() => terminalText(box), { timeout: 15_000 }).toContain("looping");
  // Measured in the page, from the click on Stop to the end of the run.
  const stopMs = await box.evaluate(async (root) => {
    const ended = new Promise((resolve) =>
      root.addEventListener("payi-sandbox:run-end", resolve, { once: true }),
    );
    const started = performance.now();
    root.querySelector<HTMLButtonElement>("[data-action=stop]")!.click();
    await ended;
    return performance.now() - started;
  });
  console.log(`Stop -> run ended: ${Math.round(stopMs)} ms`);
  expect(stopMs).toBeLessThan(1000);
  await expect.poll(() => terminalText(box)).toContain("Stopped");
});

test("a runtime error points at the learner's line", async ({ page }) => {
  await page.goto(DAY2);
  const box = sandbox(page, "Tag every call inside a function");
  await replaceCode(page, box, 'console.log("start");\n\nthrow new Error("broken on purpose");\n');
  await run(box);
  // An uncaught error is a crash, in words distinct from process.exit(1).
  await expect.poll(() => terminalText(box)).toContain("Crashed");
  const text = await terminalText(box);
  expect(text).toContain("Uncaught Error: broken on purpose");
  expect(text).toContain("at answer-with-user.ts:3:7");
  await expect(box.locator(".monaco-editor .squiggly-error").first()).toBeVisible();
});

test("edits survive a reload, and Reset brings the original back", async ({ page }) => {
  await page.goto(DAY2);
  const box = sandbox(page, "Tag every call inside a function");
  await replaceCode(page, box, 'console.log("kept across reloads");\n');
  await page.reload();
  const again = sandbox(page, "Tag every call inside a function");
  await expect(again.locator("[data-role=code]")).toContainText(
    'console.log("kept across reloads");',
  );
  await expect(again.locator("[data-role=notice]")).toContainText("Showing your edited version");
  page.once("dialog", (dialog) => void dialog.accept());
  await again.getByRole("button", { name: "Reset" }).click();
  await page.reload();
  await expect(
    sandbox(page, "Tag every call inside a function").locator("[data-role=code]"),
  ).toContainText('userId: "user_123"');
});

test("a program cannot read the site's storage or cookies", async ({ page }) => {
  await page.goto(DAY2);
  await page.evaluate(() => {
    localStorage.setItem("site-secret", "do-not-leak");
    document.cookie = "session=do-not-leak; path=/";
  });
  const box = sandbox(page, "Tag every call inside a function");
  await replaceCode(
    page,
    box,
    [
      "const g = globalThis as any;",
      'let storage = "none";',
      'try { storage = String(g.localStorage?.getItem("site-secret") ?? "none"); } catch (e) { storage = "blocked"; }',
      'let cookie = "none";',
      'try { cookie = String(g.document?.cookie ?? "none"); } catch (e) { cookie = "blocked"; }',
      'let idb = "none";',
      'try { await new Promise((ok, fail) => { const r = g.indexedDB.open("x"); r.onsuccess = ok; r.onerror = () => fail(r.error); }); idb = "opened"; } catch (e) { idb = "blocked"; }',
      "console.log(`storage=${storage} cookie=${cookie} idb=${idb}`);",
    ].join("\n"),
  );
  await run(box);
  await expect
    .poll(() => terminalText(box))
    .toMatch(/storage=(none|blocked) cookie=(none|blocked) idb=(none|blocked)/);
  expect(await terminalText(box)).not.toContain("do-not-leak");
});

test("axe: no serious or critical violations with a sandbox run and its panel filled", async ({
  page,
}) => {
  await page.goto(DAY2);
  const box = sandbox(page, "The header wins");
  await run(box);
  await expect(callRows(box)).toHaveCount(3);
  await openCallDetails(callRows(box).nth(1));
  const results = await new AxeBuilder({ page }).include("payi-sandbox").analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
});

test("automatic runner: while WebContainer cannot boot, the run happens in the browser at once, with a notice", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(DAY2);
  const box = sandbox(page, "Tag every call inside a function");
  // "At once" as a state, not a time: the sandbox never shows the wait for Node.js that a learner
  // who chose Node.js sees (workspace-trust.spec.ts), from before Run until the run has ended.
  await box.evaluate((element) => {
    const seen = () => element.querySelector("[data-role=wait]:not([hidden])")?.checkVisibility();
    new MutationObserver(() => {
      if (seen()) element.setAttribute("data-test-waited", "");
    }).observe(element, { subtree: true, childList: true, attributes: true });
  });
  await run(box);
  await expect(box).not.toHaveAttribute("data-test-waited");
  await expect(box.locator("[data-role=where]")).toContainText("In your browser");
  // One notice for the page, not one per sandbox.
  const notice = page.locator("[data-role=runner-notice]");
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText(/still starting|did not start|offline/);
  await expect(page.locator("payi-sandbox [data-role=notice]:visible")).toHaveCount(0);
  await context.close();
});
