/**
 * The shared data table on its own (see harness.ts): the column model, sortable headers with
 * aria-sort, totals rows in the row count, keyed updates that leave unchanged rows alone, and
 * virtualization with every row reachable by keyboard.
 */
import { expect, test, type Page } from "@playwright/test";
import { openComponentPage } from "./harness.ts";

interface Person {
  id: string;
  name: string;
  spend: number;
}

declare global {
  interface Window {
    people: {
      setRows(rows: Person[]): void;
      upsert(rows: Person[]): void;
      setFooter(rows: Person[]): void;
    };
  }
}

async function mountTable(page: Page, rows: Person[]): Promise<void> {
  await openComponentPage(page);
  await page.evaluate((initial) => {
    const table = window.payiComponents.createDataTable<Person>(
      document.getElementById("live") as HTMLElement,
      {
        caption: "People",
        key: (row) => row.id,
        version: (row) => `${row.name}|${row.spend}`,
        columns: [
          {
            key: "name",
            header: "Name",
            rowHeader: true,
            cell: (row) => row.name,
            sortValue: (row) => row.name,
          },
          {
            key: "spend",
            header: "Spend",
            numeric: true,
            cell: (row) => ({ text: `$${row.spend}`, sub: row.spend > 5 ? "big" : "" }),
            sortValue: (row) => row.spend,
          },
        ],
      },
    );
    table.setRows(initial);
    window.people = table;
  }, rows);
}

const body = (page: Page) => page.locator(".payi-dt__body > tr");

test.describe("data table", () => {
  test("is a grid named by its caption, with a row count that includes header and totals", async ({
    page,
  }) => {
    await mountTable(page, [
      { id: "a", name: "Ana", spend: 3 },
      { id: "b", name: "Bo", spend: 9 },
    ]);
    const grid = page.getByRole("grid", { name: "People" });
    await expect(grid).toHaveAttribute("aria-rowcount", "3");
    await page.evaluate(() => window.people.setFooter([{ id: "total", name: "Total", spend: 12 }]));
    await expect(grid).toHaveAttribute("aria-rowcount", "4");
    await expect(page.locator(".payi-dt__foot tr")).toHaveAttribute("aria-rowindex", "4");
    await expect(body(page).locator('[role="rowheader"]')).toHaveText(["Ana", "Bo"]);
    await expect(body(page).nth(1).locator(".payi-dt__cell--spend")).toContainText("big");
  });

  test("sortable headers sort the rows and say so with aria-sort", async ({ page }) => {
    await mountTable(page, [
      { id: "a", name: "Cy", spend: 3 },
      { id: "b", name: "Ana", spend: 9 },
      { id: "c", name: "Bo", spend: 1 },
    ]);
    const spend = page.getByRole("columnheader", { name: /Spend/ });
    await page.getByRole("button", { name: /Spend/ }).click();
    await expect(spend).toHaveAttribute("aria-sort", "descending");
    await expect(body(page).locator('[role="rowheader"]')).toHaveText(["Ana", "Cy", "Bo"]);
    await page.getByRole("button", { name: /Spend/ }).press("Enter");
    await expect(spend).toHaveAttribute("aria-sort", "ascending");
    await expect(body(page).locator('[role="rowheader"]')).toHaveText(["Bo", "Cy", "Ana"]);
    await page.getByRole("button", { name: /Name/ }).click();
    await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute(
      "aria-sort",
      "ascending",
    );
    await expect(body(page).locator('[role="rowheader"]')).toHaveText(["Ana", "Bo", "Cy"]);
    // A new row goes in its sorted place.
    await page.evaluate(() => window.people.upsert([{ id: "d", name: "Al", spend: 2 }]));
    await expect(body(page).locator('[role="rowheader"]')).toHaveText(["Al", "Ana", "Bo", "Cy"]);
  });

  test("an update redraws only the rows whose key is new or whose version changed", async ({
    page,
  }) => {
    await mountTable(page, [
      { id: "a", name: "Ana", spend: 3 },
      { id: "b", name: "Bo", spend: 9 },
    ]);
    await page.evaluate(() => {
      const rows = [...document.querySelectorAll(".payi-dt__body > tr")];
      rows.forEach((tr, i) => ((tr as HTMLElement & { mark?: number }).mark = i + 1));
      window.people.setRows([
        { id: "a", name: "Ana", spend: 3 },
        { id: "b", name: "Bo", spend: 10 },
        { id: "c", name: "Cy", spend: 1 },
      ]);
    });
    const marks = await body(page).evaluateAll((trs) =>
      trs.map((tr) => (tr as HTMLElement & { mark?: number }).mark ?? 0),
    );
    expect(marks).toEqual([1, 0, 0]); // Ana kept, Bo redrawn (changed), Cy new
    await expect(body(page).nth(1)).toContainText("$10");
  });

  test("with 5,000 rows only a window is drawn, and End reaches the last one", async ({ page }) => {
    await mountTable(page, []);
    await page.evaluate(() =>
      window.people.setRows(
        Array.from({ length: 5000 }, (_, i) => ({
          id: `p${i}`,
          name: `Person ${i + 1}`,
          spend: i,
        })),
      ),
    );
    await expect(page.getByRole("grid")).toHaveAttribute("aria-rowcount", "5001");
    expect(await body(page).count()).toBeLessThan(60);
    await body(page).first().focus();
    await page.keyboard.press("End");
    const last = page.locator('.payi-dt__body > tr[aria-rowindex="5001"]');
    await expect(last).toBeFocused();
    await expect(last).toContainText("Person 5000");
    await page.keyboard.press("ArrowUp");
    await expect(page.locator('.payi-dt__body > tr[aria-rowindex="5000"]')).toBeFocused();
  });
});
