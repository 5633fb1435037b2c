/**
 * The course with no network, as an instructor on bad Wi-Fi meets it: one visit, then the network
 * goes (the browser is set offline and the site's server is stopped, so nothing can come from it)
 * and every page, run, check, search and Cost Drivers still work, cross-origin isolated; "Make
 * available offline" downloads the rest (the editor, the compiler) with its progress; a new
 * deployment is offered with "A new version is available - Reload" and taken by every open tab
 * together, with the learner's data intact. The site is served by the room service from a folder
 * the test swaps (tests/e2e/support/swappable-site.ts).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type Request } from "@playwright/test";
import { writeServiceWorker } from "../../src/integrations/service-worker.ts";
import { replaceCode, run, terminalText } from "./sandbox-page.ts";
import { ALL_PAGES, LESSONS } from "./site.ts";
import { serveSwappableSite, type SwappableSite } from "./support/swappable-site.ts";
import { ATTENDEE_ORIGIN, INSTRUCTOR_ORIGIN } from "./workshop-site.ts";

test.describe.configure({ mode: "serial" });

let site: SwappableSite;
test.beforeAll(async () => {
  site = await serveSwappableSite("dist");
});
test.afterAll(async () => {
  await site?.dispose();
});
test.beforeEach(async () => {
  site.deploy("dist");
  await site.start();
});

/** Waits until this page is controlled by an activated service worker (core files cached). */
async function controlledBy(page: Page): Promise<string> {
  await page.waitForFunction(
    () => navigator.serviceWorker?.controller?.state === "activated",
    null,
    {
      timeout: 60_000,
    },
  );
  return page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
}

/**
 * Same-origin requests for the site's files that failed or came back with an error: each is a
 * file not cached. The room service's API (the workshop pages ask whether it is there) is the
 * network's, not the site's.
 */
function watchSiteFailures(page: Page, origin: string): string[] {
  const failures: string[] = [];
  const isSiteFile = (url: string) => url.startsWith(origin) && !url.startsWith(`${origin}/api/`);
  page.on("requestfailed", (request) => {
    const error = request.failure()?.errorText ?? "unknown";
    // Aborted: the test moved to the next page while this one was still loading it (an idle-time
    // import, say). A file missing from the cache fails with another error.
    if (isSiteFile(request.url()) && error !== "net::ERR_ABORTED")
      failures.push(`${request.url()} failed (${error})`);
  });
  page.on("response", (response) => {
    if (isSiteFile(response.url()) && response.status() >= 400)
      failures.push(`${response.url()} HTTP ${response.status()}`);
  });
  return failures;
}

async function goOffline(page: Page): Promise<void> {
  await page.context().setOffline(true);
  await site.stop();
}

test("after one visit, every page, a run on every lesson, a check, search and Cost Drivers work offline, cross-origin isolated", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto(`${site.origin}/day-2/`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await controlledBy(page);
  await goOffline(page);
  const failures = watchSiteFailures(page, site.origin);

  for (const { path: pagePath, title } of ALL_PAGES) {
    await page.goto(`${site.origin}${pagePath}`);
    await expect(page.locator("h1").first()).toHaveText(title);
    // Served by the worker from its cache, with the headers it was stored with.
    expect(await page.evaluate(() => crossOriginIsolated), `${pagePath} isolated`).toBe(true);
  }

  for (const lesson of LESSONS) {
    await page.goto(`${site.origin}${lesson.path}?latency=0`);
    const box = page.locator("payi-sandbox:not([data-exercise-id])").first();
    await run(box);
    await expect(box.locator("[data-role=where]")).toContainText("In your browser");
    await expect.poll(() => terminalText(box)).toMatch(/Finished · \d+ instrumented calls?/);
  }

  // An exercise's Check, on its starter code.
  const exercise = page.locator("payi-sandbox[data-exercise-id]").first();
  await run(exercise);
  await exercise.getByRole("button", { name: "Check" }).click();
  await expect(exercise.locator("[data-role=check]")).toContainText("Not yet");

  // A precached file keeps its Cross-Origin-Resource-Policy.
  const corp = await page.evaluate(async () => {
    const script = document.querySelector<HTMLScriptElement>("script[type=module][src]")!.src;
    const response = await fetch(script);
    return [response.status, response.headers.get("cross-origin-resource-policy")];
  });
  expect(corp).toEqual([200, "same-origin"]);

  // Search: "upsell" is only in the body of Day 5.
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("dialog", { name: "Search" }).getByRole("textbox").fill("upsell");
  await expect(
    page.locator(".pagefind-ui__result").getByRole("link", { name: LESSONS[4].title }),
  ).toBeVisible();

  // Cost Drivers shows the calls of the offline runs.
  await page.goto(`${site.origin}/cost-drivers/`);
  await expect(page.locator("[data-cost-drivers]")).toHaveAttribute("data-state", "ready");
  await expect(
    page.locator("[data-role=figures] .cd__figure", { hasText: "Requests" }),
  ).not.toContainText(/\b0\b/);

  expect(failures).toEqual([]);
});

test("Make available offline: progress to 100% off the main thread, then the editor and the compiler work offline; Remove takes it away", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto(`${site.origin}/`);
  await controlledBy(page);
  const control = page.locator("[data-offline-control]");
  await expect(control).toBeVisible();
  await expect(control).toContainText(/Save the whole course in this browser \(\d+\.\d MB\)/);

  // Long tasks on the page while the worker downloads (there must be none over 50 ms).
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
    }).observe({ type: "longtask" });
  });
  // The download is the service worker's: the page itself fetches none of the files it saves.
  const pageFetches: string[] = [];
  const onPageRequest = (request: Request) => {
    if (!request.serviceWorker() && /\/(pyodide|_astro)\//.test(new URL(request.url()).pathname))
      pageFetches.push(request.url());
  };
  page.on("request", onPageRequest);
  const started = Date.now();
  await control.getByRole("button", { name: "Make available offline" }).click();
  const progress = control.getByRole("progressbar", { name: "Offline copy" });
  await expect(control).toContainText("Available offline", { timeout: 240_000 });
  const took = Date.now() - started;
  page.off("request", onPageRequest);
  const [value, max] = await progress.evaluate((bar: HTMLProgressElement) => [bar.value, bar.max]);
  expect(value).toBe(max);
  expect(max).toBeGreaterThan(10_000_000);
  const longTasks = await page.evaluate(
    () => (window as unknown as { longTasks: number[] }).longTasks,
  );
  console.log(
    `offline download: ${(max / 1e6).toFixed(1)} MB in ${took} ms; long tasks on the page: ${JSON.stringify(longTasks)}`,
  );
  expect(pageFetches).toEqual([]);
  // The long tasks are a figure (printed above), not an assertion: on a loaded 2-core machine any
  // page task can pass 50 ms. What keeps the page free is that the page fetches nothing.
  await expect(control.getByRole("button", { name: "Remove offline copy" })).toBeVisible();

  await goOffline(page);
  const failures = watchSiteFailures(page, site.origin);
  await page.goto(`${site.origin}/day-2/?latency=0`);
  const box = page.locator("payi-sandbox:not([data-exercise-id])").first();
  // The editor (Monaco) and then the compiler worker (TypeScript) come from the offline copy.
  await replaceCode(
    page,
    box,
    'import OpenAI from "openai";\nimport { payiInstrument } from "payi-lab/instrument";\npayiInstrument();\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "offline" }] });\nconsole.log("edited offline");\n',
  );
  await run(box);
  await expect.poll(() => terminalText(box)).toContain("edited offline");
  expect(failures).toEqual([]);

  await page.context().setOffline(false);
  await site.start();
  await page.goto(`${site.origin}/`);
  await controlledBy(page);
  await control.getByRole("button", { name: "Remove offline copy" }).click();
  await expect(control).toContainText("Save the whole course in this browser");
  await expect(control.getByRole("button", { name: "Make available offline" })).toBeVisible();
  const lazyLeft = await page.evaluate(async () => {
    const keys = await (await caches.open("payi-course-offline")).keys();
    return keys.filter((request) => /ts\.worker|compiler\.worker/.test(request.url)).length;
  });
  expect(lazyLeft).toBe(0);
});

/** Every HTML page of a build copy, changed so the test can tell the builds apart. */
function markBuild(dir: string, mark: string): void {
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => {
      const file = path.join(folder, name);
      return statSync(file).isDirectory() ? walk(file) : [file];
    });
  for (const file of walk(dir).filter((name) => name.endsWith(".html"))) {
    const html = readFileSync(file, "utf8");
    writeFileSync(file, html.replace("<head>", `<head><meta name="payi-build" content="${mark}">`));
  }
}

/** Which build the page is from ("navigating" while it reloads). */
const buildOf = (page: Page) =>
  page
    .evaluate(() => document.querySelector("meta[name=payi-build]")?.getAttribute("content") ?? "A")
    .catch(() => "navigating");

test("a new deployment: every tab offers Reload, old pages stay old until then, all tabs move together, data intact", async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  await page.goto(`${site.origin}/day-2/?latency=0`);
  await controlledBy(page);
  // The learner's data: a saved edit, calls in Cost Drivers (and whatever else is in storage).
  const box = page.locator("payi-sandbox:not([data-exercise-id])").first();
  const source = await box.evaluate(
    (el) =>
      (
        JSON.parse(el.querySelector("script[data-role=program]")!.textContent!) as {
          source: string;
        }
      ).source,
  );
  const edited = `// my edit\n${source}`;
  await replaceCode(page, box, edited);
  await run(box);
  // The run's calls are stored once its panel links to them in Cost Drivers.
  await expect(box.getByRole("link", { name: "Open in Cost Drivers" })).toBeVisible();
  await page.goto(`${site.origin}/cost-drivers/`);
  await expect(page.locator("[data-cost-drivers]")).toHaveAttribute("data-state", "ready");
  const requests =
    (await page
      .locator("[data-role=figures] .cd__figure", { hasText: "Requests" })
      .textContent()) ?? "";
  const storage = () => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  const storedBefore = await storage();

  const other = await context.newPage();
  await other.goto(`${site.origin}/day-3/`);
  await controlledBy(other);

  // Deploy build B: same files, every page changed.
  const next = site.copyBuild("dist", "build-b");
  markBuild(next, "B");
  await writeServiceWorker(next);
  site.deploy(next);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());

  for (const tab of [page, other]) {
    const prompt = tab.locator("[data-update-prompt]");
    await expect(prompt).toContainText("A new version is available", { timeout: 60_000 });
    await expect(prompt.getByRole("button", { name: "Reload" })).toBeVisible();
  }
  // Until the learner chooses, pages are the old version's, even pages opened now.
  await other.goto(`${site.origin}/day-4/`);
  expect(await buildOf(other)).toBe("A");
  await expect(other.locator("[data-update-prompt]")).toContainText("A new version is available");

  // The prompt is axe clean in both themes.
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.evaluate((t) => document.documentElement.setAttribute("data-theme", t), theme);
    const results = await new AxeBuilder({ page }).include("[data-update-prompt]").analyze();
    expect(results.violations.map((v) => `${theme}: ${v.id}`)).toEqual([]);
  }

  await page.locator("[data-update-prompt]").getByRole("button", { name: "Reload" }).press("Enter");
  await expect.poll(() => buildOf(page), { timeout: 60_000 }).toBe("B");
  await expect.poll(() => buildOf(other), { timeout: 60_000 }).toBe("B");
  await expect(page.locator("[data-update-prompt]")).toBeEmpty();

  // Nothing of the learner's was lost.
  expect(await storage()).toBe(storedBefore);
  await expect(page.locator("[data-cost-drivers]")).toHaveAttribute("data-state", "ready");
  await expect(page.locator("[data-role=figures] .cd__figure", { hasText: "Requests" })).toHaveText(
    requests,
  );
  await page.goto(`${site.origin}/day-2/`);
  await expect(box.locator("[data-role=code]")).toContainText("// my edit");

  // The old version's files are gone from the cache: one copy of each page.
  const copies = await page.evaluate(async () => {
    const keys = await (await caches.open("payi-course-offline")).keys();
    return keys.filter((request) => new URL(request.url).pathname === "/day-2/").length;
  });
  expect(copies).toBe(1);
});

test("the control is axe clean in both themes", async ({ page }) => {
  await page.goto(`${site.origin}/day-1/`);
  await controlledBy(page);
  const control = page.locator("nav.sidebar [data-offline-control]");
  await expect(control).toBeVisible();
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.evaluate((t) => document.documentElement.setAttribute("data-theme", t), theme);
    const results = await new AxeBuilder({ page }).include("[data-offline-control]").analyze();
    expect(results.violations.map((v) => `${theme}: ${v.id} ${v.help}`)).toEqual([]);
  }
  // Keyboard: the button is reached with Tab and works with Enter.
  await control.getByRole("button", { name: "Make available offline" }).focus();
  await page.keyboard.press("Enter");
  await expect(control).toContainText(/Downloading|Available offline/);
});

test("workshop: the room service serves the worker; on a LAN address (not a secure context) nothing registers and sandboxes run as before", async ({
  page,
  request,
}) => {
  const worker = await request.get(`${INSTRUCTOR_ORIGIN}/sw.js`);
  expect(worker.status()).toBe(200);
  expect(worker.headers()["content-type"]).toMatch(/javascript/);
  expect(worker.headers()["cross-origin-embedder-policy"]).toBe("require-corp");

  await page.goto(`${ATTENDEE_ORIGIN}/day-1/?latency=0`);
  expect(await page.evaluate(() => [isSecureContext, "serviceWorker" in navigator])).toEqual([
    false,
    false,
  ]);
  await expect(page.locator("[data-offline-control]")).toBeHidden();
  const box = page.locator("payi-sandbox:not([data-exercise-id])").first();
  await run(box);
  await expect.poll(() => terminalText(box)).toMatch(/Finished · \d+ instrumented calls?/);
});
