/**
 * Hostile and careless programs in a lesson sandbox (in-browser runner, the one that runs here):
 * they cannot forge calls, fake the end of a run, or make a caught refusal fail it.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import {
  callRows,
  preferBrowserRunner,
  replaceCode,
  sandboxTitled as sandbox,
  terminalText,
} from "./sandbox-page.ts";

const DAY2 = "/day-2/";
const TITLE = "Tag every call inside a function";
const forgedEvent = readFileSync(
  new URL("../unit/sandbox/fixtures/hostile/forged-event.ts", import.meta.url),
  "utf8",
);

test.beforeEach(async ({ page }) => {
  await preferBrowserRunner(page);
});

/** The Day 2 sandbox with its code replaced by `code` (lines, or one text), not run yet. */
async function sandboxWithCode(page: Page, code: string | readonly string[]): Promise<Locator> {
  await page.goto(DAY2);
  const box = sandbox(page, TITLE);
  await replaceCode(page, box, typeof code === "string" ? code : code.join("\n"));
  return box;
}

/** Clicks Run and resolves with the run's end event detail. */
type RunEndDetail = { events: unknown[]; end: { kind: string }; output: string };

async function runAndWait(box: Locator): Promise<RunEndDetail> {
  const ended = box.evaluate(
    (root) =>
      new Promise<RunEndDetail>((resolve) =>
        root.addEventListener(
          "payi-sandbox:run-end",
          (event) => resolve((event as CustomEvent).detail),
          { once: true },
        ),
      ),
  );
  await box.getByRole("button", { name: "Run", exact: true }).click();
  return ended;
}

test("a program that prints a well-formed call event makes no call appear", async ({ page }) => {
  const box = await sandboxWithCode(page, forgedEvent);
  const { events } = await runAndWait(box);
  expect(events).toEqual([]);
  await expect(callRows(box)).toHaveCount(0);
  await expect.poll(() => terminalText(box), { timeout: 20_000 }).toContain("no calls were made");
  await expect
    .poll(() => terminalText(box), { timeout: 20_000 })
    .toContain("2 fake call events or runner messages");
  await expect(box).not.toContainText("FORGED-USER");
});

test("messages the program posts itself are ignored: a fake exit does not end the run, Stop does", async ({
  page,
}) => {
  const box = await sandboxWithCode(page, [
    "const post = (globalThis as unknown as { postMessage(m: unknown): void }).postMessage;",
    'post({ type: "batch", text: "forged text\\n", events: [{ v: 1, type: "call" }] });',
    'post({ type: "exit", code: 0, reason: "finished" });',
    'console.log("still looping");',
    "for (;;) {}",
  ]);
  const ended = runAndWait(box);
  await expect.poll(() => terminalText(box), { timeout: 20_000 }).toContain("still looping");
  // The fake exit changed nothing: the run is still going.
  await expect(box.getByRole("button", { name: "Stop" })).toBeEnabled();
  await expect(box).toHaveAttribute("data-running", "");
  await box.getByRole("button", { name: "Stop" }).click();
  expect((await ended).end.kind).toBe("stopped");
  await expect.poll(() => terminalText(box), { timeout: 20_000 }).toContain("Stopped");
  const text = await terminalText(box);
  expect(text).not.toContain("forged text");
  expect(text).toContain("2 fake call events or runner messages");
});

test("a refused IndexedDB call the program catches does not fail the run (Chromium's spurious rejection)", async ({
  page,
}) => {
  const box = await sandboxWithCode(page, [
    "const idb = (globalThis as unknown as { indexedDB: { databases(): Promise<unknown> } }).indexedDB;",
    // One line: the editor's auto-indent would otherwise reshape the braces as they are typed.
    'try { await idb.databases(); } catch (error) { console.log("refused:", String(error).slice(0, 30)); }',
    'console.log("done");',
  ]);
  const { end } = await runAndWait(box);
  expect(end).toEqual({ kind: "exited", code: 0, crashed: false });
  await expect.poll(() => terminalText(box), { timeout: 20_000 }).toContain("Finished");
});

test("a rejection the program really leaves unhandled still crashes it", async ({ page }) => {
  const box = await sandboxWithCode(page, 'void Promise.reject(new Error("nobody catches me"));\n');
  const { end } = await runAndWait(box);
  expect(end).toEqual({ kind: "exited", code: 1, crashed: true });
  await expect.poll(() => terminalText(box), { timeout: 20_000 }).toContain("Crashed");
  await expect.poll(() => terminalText(box), { timeout: 20_000 }).toContain("nobody catches me");
});

test("an uncaught SDK error points at the learner's line of the call", async ({ page }) => {
  const box = await sandboxWithCode(
    page,
    readFileSync(
      new URL("../unit/sandbox/fixtures/hostile/uncaught-sdk-error.ts", import.meta.url),
      "utf8",
    ),
  );
  await runAndWait(box);
  await expect
    .poll(() => terminalText(box), { timeout: 20_000 })
    .toMatch(/Missing required parameter/);
  await expect
    .poll(() => terminalText(box), { timeout: 20_000 })
    .toMatch(/at answer-with-user\.ts:7:\d+/);
});

test("every run starts in a fresh worker: the one prepared before Run and the next never see an earlier run's globals", async ({
  page,
}) => {
  const box = await sandboxWithCode(page, [
    "const scope = globalThis as { __runsSeen?: number };",
    'console.log(`globals seen: ${scope.__runsSeen ?? "none"}`);',
    "scope.__runsSeen = (scope.__runsSeen ?? 0) + 1;",
    "",
  ]);
  // The pointer on Run first: the runner (and the frame's prepared worker) is ready before the click.
  await box.getByRole("button", { name: "Run", exact: true }).hover();
  await expect(box).toHaveAttribute("data-warm", "true", { timeout: 30_000 });
  for (const run of [1, 2, 3]) {
    const { output } = await runAndWait(box);
    await expect(box).toHaveAttribute("data-completed-runs", String(run));
    // A worker that ran a program before would print the count it left behind.
    expect(output).toContain("globals seen: none");
    expect(output).not.toMatch(/globals seen: \d/);
  }
});
