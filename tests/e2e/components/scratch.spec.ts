import { test } from "@playwright/test";
import { callEvent, NO_USER, userFromHeader, priced, limitReport, useCase } from "../../unit/site/live-panel/call-event.ts";
import { openComponentPage } from "./harness.ts";

test("scratch", async ({ page }) => {
  page.on("console", (m) => console.log("console:", m.text()));
  page.on("pageerror", (e) => console.log("pageerror:", e.message));
  for (const width of [640, 500, 360]) {
  await page.setViewportSize({ width: width + 32, height: 900 });
  await openComponentPage(page, "light");
  await page.addStyleTag({ content: "main { max-width: none !important; padding: 16px !important; }" });
  await page.evaluate((events) => {
    window.panel = window.payiComponents.createLivePanel(document.getElementById("live") as HTMLElement, { emphasis: ["limits"] });
    window.panel.addEvents(events);
    window.panel.addEvents([{ v: 1, type: "uncaptured", afterSeq: 1, index: 1, time: "", resource: "gpt-4o-mini", api: "chat.completions", reason: "not-instrumented", why: "made before payiInstrument() was called", callSite: null }]);
    window.panel.setRunState({ phase: "ended", outcome: "stopped", text: "Stopped · 3 instrumented calls" });
  }, [
    callEvent({ seq: 1 }),
    callEvent({ seq: 2, userId: userFromHeader("user_456", "user_123"), cost: priced(0.00002) }),
    callEvent({ seq: 3, userId: NO_USER, useCase: useCase("support"), cost: priced(0.000021), limits: [limitReport({ id: "lim_budget-user_123", name: "budget-user_123", max: 0.01, spent: 0.008, state: "exceeded" })] }),
  ]);
  await page.waitForFunction(() => window.panel.renderedCount === 4);
  await page.waitForTimeout(300);
  await page.locator("#live").screenshot({ path: `/tmp/scratch-${width}.png` });
  }
});
