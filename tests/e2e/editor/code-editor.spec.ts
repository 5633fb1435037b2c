/**
 * The code editor in a real browser, on a fixture page served by Vite (not the built site):
 * two editors, IntelliSense from the type bundle, diagnostics and markers, the run shortcut,
 * leaving the editor by keyboard, the site theme, and the time it takes to become editable.
 *
 *   npx playwright test --project editor
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type Page, type Route } from "@playwright/test";
import { buildTypes } from "../../../sandbox/bundle/types.ts";
import type { EditorFixture } from "./fixture/main.ts";
import { startFixtureServer, type FixtureServer } from "./fixture-server.ts";

type FixtureWindow = Window & { editorFixture: EditorFixture };

test.describe.configure({ mode: "serial" });

let server: FixtureServer;
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  await buildTypes();
  server = await startFixtureServer();
  // A context of our own: axe needs a page it can open frames next to.
  context = await browser.newContext();
  page = await context.newPage();
  await openFixture(page);
});

test.afterAll(async () => {
  await context?.close();
  await server?.close();
});

async function openFixture(target: Page, query = ""): Promise<void> {
  const errors: string[] = [];
  target.on("pageerror", (error) => errors.push(String(error)));
  await target.goto(`${server.url}${query}`);
  const failed = await target.evaluate(() =>
    (window as unknown as FixtureWindow).editorFixture.ready.then(
      () => undefined,
      (error: unknown) => String(error),
    ),
  );
  expect(failed, errors.join("\n")).toBeUndefined();
}

const editorIn = (slot: "a" | "b") => page.locator(`#editor-${slot} .monaco-editor`);

function valueOf(index: number): Promise<string> {
  return page.evaluate(
    (i) => (window as unknown as FixtureWindow).editorFixture.editors[i]!.getValue(),
    index,
  );
}

function setValue(index: number, value: string): Promise<void> {
  return page.evaluate(
    ([i, v]) =>
      (window as unknown as FixtureWindow).editorFixture.editors[i as number]!.setValue(
        v as string,
      ),
    [index, value] as const,
  );
}

function typeDiagnostics(index: number) {
  return page.evaluate(
    (i) => (window as unknown as FixtureWindow).editorFixture.editors[i]!.getTypeDiagnostics(),
    index,
  );
}

/** Clicks into the editor and puts the cursor at the end of the program. */
async function focusEnd(slot: "a" | "b"): Promise<void> {
  await editorIn(slot).locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+End");
}

test("both editors become editable, and typing changes getValue() of that editor only", async () => {
  const before = [await valueOf(0), await valueOf(1)];
  await focusEnd("a");
  await page.keyboard.type("// typed in A");
  await focusEnd("b");
  await page.keyboard.type("// typed in B");
  expect(await valueOf(0)).toBe(`${before[0]}// typed in A`);
  expect(await valueOf(1)).toBe(`${before[1]}// typed in B`);
  const changes = await page.evaluate(
    () => (window as unknown as FixtureWindow).editorFixture.changes,
  );
  expect(changes[0]).toBeGreaterThan(0);
  expect(changes[1]).toBeGreaterThan(0);
  await setValue(0, before[0]!);
  await setValue(1, before[1]!);
});

test("the example programs have no type diagnostics: the SDK and payi-lab types are loaded", async () => {
  await expect.poll(() => typeDiagnostics(0), { timeout: 60_000 }).toEqual([]);
  expect(await typeDiagnostics(1)).toEqual([]);
});

test("completions after client.chat.completions. include create", async () => {
  const original = await valueOf(0);
  await focusEnd("a");
  await page.keyboard.type("client.chat.completions.");
  const suggestions = editorIn("a").locator(".suggest-widget .monaco-list-row");
  await expect(suggestions.filter({ hasText: /^create/ }).first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press("Escape");
  await setValue(0, original);
});

test("completions inside an import from payi-lab/instrument suggest ingest", async () => {
  const original = await valueOf(1);
  await setValue(1, `import {  } from "payi-lab/instrument";\n${original}`);
  await editorIn("b").locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+Home");
  for (let i = 0; i < "import { ".length; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Control+Space");
  const suggestions = editorIn("b").locator(".suggest-widget .monaco-list-row");
  await expect(suggestions.filter({ hasText: /^ingest/ }).first()).toBeVisible({ timeout: 30_000 });
  await expect(suggestions.filter({ hasText: /^payiInstrument/ }).first()).toBeVisible();
  await page.keyboard.press("Escape");
  await setValue(1, original);
});

test("a type error gives a diagnostic and a marker; runtime error markers are separate", async () => {
  const original = await valueOf(0);
  const withError = `${original}payiInstrument({ userId: 1 });\n`;
  await setValue(0, withError);
  const errorLine = withError.split("\n").length - 1;
  await expect
    .poll(() => typeDiagnostics(0), { timeout: 30_000 })
    .toEqual([
      expect.objectContaining({
        line: errorLine,
        code: 2322,
        message: expect.stringContaining("not assignable to type 'string'"),
      }),
    ]);
  await expect(editorIn("a").locator(".squiggly-error")).toHaveCount(1, { timeout: 30_000 });
  await expect(editorIn("b").locator(".squiggly-error")).toHaveCount(0);

  await page.evaluate(() =>
    (window as unknown as FixtureWindow).editorFixture.editors[0]!.setErrorMarkers([
      { line: 15, column: 13, message: "Error: boom" },
    ]),
  );
  await expect(editorIn("a").locator(".squiggly-error")).toHaveCount(2);
  await setValue(0, original);
  await expect(editorIn("a").locator(".squiggly-error")).toHaveCount(1);
  expect(await typeDiagnostics(0)).toEqual([]);
  await page.evaluate(() =>
    (window as unknown as FixtureWindow).editorFixture.editors[0]!.setErrorMarkers([]),
  );
  await expect(editorIn("a").locator(".squiggly-error")).toHaveCount(0);
});

test("Ctrl+Enter calls onRun of the focused editor and inserts nothing", async () => {
  const original = await valueOf(1);
  await focusEnd("b");
  await page.keyboard.press("Control+Enter");
  expect(
    await page.evaluate(() => (window as unknown as FixtureWindow).editorFixture.runs),
  ).toEqual([0, 1]);
  expect(await valueOf(1)).toBe(original);
});

test("Tab indents; Escape then Tab leaves the editor, and Shift+Tab too", async () => {
  const original = await valueOf(0);
  await focusEnd("a");
  await page.keyboard.press("Tab");
  expect(await valueOf(0)).toBe(`${original}  `);
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  await expect(page.locator("#after-a")).toBeFocused();
  await setValue(0, original);

  await focusEnd("b");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Shift+Tab");
  expect(
    await page.evaluate(() =>
      document.querySelector("#editor-b")!.contains(document.activeElement),
    ),
  ).toBe(false);
  // And Tab indents again once back in the editor.
  await focusEnd("b");
  await page.keyboard.press("Tab");
  expect(await valueOf(1)).toMatch(/ {2}$/);
  await page.keyboard.press("ControlOrMeta+z");
});

test("the editor is labelled and describes its keys", async () => {
  const input = editorIn("a").locator(".native-edit-context, textarea").first();
  await editorIn("a").locator(".view-lines").click();
  await expect(input).toHaveAttribute("aria-label", /Code of answer-with-user\.ts/);
  await expect(input).toHaveAccessibleDescription(/Escape then Tab to leave the editor/);
});

test("the theme follows data-theme on <html>, with Starlight's code-block background", async () => {
  const testInfo = test.info();
  const background = () =>
    editorIn("a")
      .locator(".monaco-editor-background")
      .evaluate((element) => getComputedStyle(element).backgroundColor);
  await page.evaluate(() => (document.documentElement.dataset["theme"] = "light"));
  await expect.poll(background).toBe("rgb(246, 247, 249)");
  await page.screenshot({ path: testInfo.outputPath("fixture-light.png"), fullPage: true });
  await page.evaluate(() => (document.documentElement.dataset["theme"] = "dark"));
  await expect.poll(background).toBe("rgb(35, 38, 47)");
  await expect
    .poll(() =>
      editorIn("b")
        .locator(".monaco-editor-background")
        .evaluate((element) => getComputedStyle(element).backgroundColor),
    )
    .toBe("rgb(35, 38, 47)");
  await page.screenshot({ path: testInfo.outputPath("fixture-dark.png"), fullPage: true });
  console.log(
    `screenshots: ${testInfo.outputPath("fixture-light.png")} ${testInfo.outputPath("fixture-dark.png")}`,
  );
});

for (const theme of ["light", "dark"] as const) {
  test(`no serious or critical axe violations with both editors (${theme} theme)`, async () => {
    await page.evaluate((t) => (document.documentElement.dataset["theme"] = t), theme);
    await page.mouse.click(1, 1);
    const results = await new AxeBuilder({ page })
      .include("#editor-a")
      .include("#editor-b")
      .analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
      );
    expect(serious).toEqual([]);
  });
}

test("the editor is editable before the TypeScript worker and the types arrive; diagnostics follow", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const held = await browser.newContext();
  try {
    // The language service's worker script and the type bundle are held back until the editors
    // have been typed into: neither may stand between createCodeEditor and an editable editor.
    const waiting: Route[] = [];
    let released = false;
    await held.route(/ts\.worker|\/types\.json/, (route) =>
      released ? route.continue() : void waiting.push(route),
    );
    const fresh = await held.newPage();
    await openFixture(fresh);
    const editor = fresh.locator("#editor-a .monaco-editor");
    await editor.locator(".view-lines").click();
    await fresh.keyboard.press("ControlOrMeta+End");
    await fresh.keyboard.type("payiInstrument({ userId: 1 });\n");
    const value = await fresh.evaluate(() =>
      (window as unknown as FixtureWindow).editorFixture.editors[0]!.getValue(),
    );
    expect(value).toContain("payiInstrument({ userId: 1 });");
    await expect
      .poll(() => waiting.length, { message: "the types were asked for" })
      .toBeGreaterThan(0);
    await expect(editor.locator(".squiggly-error")).toHaveCount(0);

    released = true;
    await Promise.all(waiting.map((route) => route.continue()));
    await expect
      .poll(
        () =>
          fresh.evaluate(() =>
            (window as unknown as FixtureWindow).editorFixture.editors[0]!.getTypeDiagnostics(),
          ),
        { timeout: 60_000 },
      )
      .toEqual([expect.objectContaining({ code: 2322 })]);
    await expect(editor.locator(".squiggly-error")).toHaveCount(1, { timeout: 30_000 });
  } finally {
    await held.close();
  }
});

test("time from createCodeEditor to editable (3 cold page loads)", async ({ browser }) => {
  test.setTimeout(180_000);
  const samples: number[] = [];
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await openFixture(fresh);
    const times = await fresh.evaluate(
      () => (window as unknown as FixtureWindow).editorFixture.timeToEditableMs,
    );
    samples.push(Math.max(...times));
    await context.close();
  }
  const median = [...samples].sort((a, b) => a - b)[1]!;
  console.log(
    `time to editable (both editors, Vite dev server, cold context): ${samples.map((ms) => `${Math.round(ms)} ms`).join(", ")}; median ${Math.round(median)} ms`,
  );
  expect(median).toBeLessThan(60_000);
});
