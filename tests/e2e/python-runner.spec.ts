/**
 * The Python tab is a sandbox: Run starts Pyodide in the sandboxed frame's worker (fetched by the
 * page on the first Python run only), the program runs against the same runtime, and its calls
 * reach the terminal and the live panel, as the TypeScript tab's do.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { terminalText } from "./sandbox-page.ts";

/** The body rows of a sandbox's calls table (a grid, or a treegrid when rows have details). */
function callRows(box: Locator): Locator {
  const name = /^Calls, in order/;
  return box
    .getByRole("treegrid", { name })
    .or(box.getByRole("grid", { name }))
    .locator("[role=row][data-index]");
}

/** The Python sandbox of the example whose Python file is `file`. */
function pythonSandbox(page: Page, file: string) {
  return page.locator(`payi-sandbox[data-language=python][data-sandbox-id$="${file}"]`);
}

async function showPython(page: Page): Promise<void> {
  await page.getByRole("tab", { name: "Python" }).first().click();
}

test.describe("Python runner", () => {
  test.describe.configure({ timeout: 120_000 });

  test("a Day 2 example runs in Python: output in the terminal, calls in the panel", async ({
    page,
  }) => {
    const fetched: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/pyodide/")) fetched.push(request.url());
    });
    await page.goto("/day-2/");
    expect(fetched, "Pyodide loads only when Python runs").toEqual([]);
    await showPython(page);
    const box = pythonSandbox(page, "user-read-at-definition.py");
    await box.scrollIntoViewIfNeeded();
    await box.getByRole("button", { name: "Run", exact: true }).click();
    await expect(box).toHaveAttribute("data-completed-runs", "1", { timeout: 90_000 });
    expect(await terminalText(box)).toContain("user_456's request was billed to user_123.");
    await expect(callRows(box)).toHaveCount(2);
    await expect(callRows(box).first()).toContainText("user_123");
    expect(fetched.some((url) => url.endsWith("pyodide.asm.wasm"))).toBe(true);
  });
});
