import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { LANDING, LESSONS, REFERENCE } from "./site.ts";

for (const theme of ["light", "dark"] as const) {
  for (const { path } of [LANDING, ...LESSONS, ...REFERENCE]) {
    test(`${path} has no serious or critical axe violations (${theme} theme)`, async ({ page }) => {
      // A lesson page holds every example twice (TypeScript sandbox, Python twin): axe takes a while.
      test.setTimeout(90_000);
      await page.emulateMedia({ colorScheme: theme });
      await page.addInitScript((t) => localStorage.setItem("starlight-theme", t), theme);
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      // Expressive Code makes overflowing code blocks focusable (tabindex) from
      // a debounced ResizeObserver; audit once it has done so, as a reader would meet the page.
      await page.waitForFunction(() =>
        [...document.querySelectorAll(".expressive-code pre")].every(
          // Hidden blocks (a closed "Show the solution") are left out, as axe leaves them out.
          (pre) =>
            !pre.checkVisibility() ||
            pre.scrollWidth <= pre.clientWidth ||
            pre.hasAttribute("tabindex"),
        ),
      );

      const results = await new AxeBuilder({ page }).analyze();
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
}
