/**
 * 7. Cost Drivers with a full store: 50,000 realistic calls (the store's cap) written straight into
 * the page's IndexedDB, in the shape the recorder writes, then for each sample a fresh navigation
 * to /cost-drivers/ timed in the page:
 *
 *   - first render: navigation start -> the first frame in which the Users table shows the right
 *     request count for a known user and the status line says "50,000 recorded calls", painted;
 *   - tab switch: click on Calls (then Use cases) -> the first frame with that table's rows,
 *     painted;
 *   - the longest main-thread task (`longtask`, buffered from page start) during the first render
 *     and over the whole sample.
 *
 * The first visit after seeding is timed apart: it is the one that reads all the calls in full
 * (a later visit reads the compact copy that visit saved).
 *
 * Frames are found by polling with requestAnimationFrame from an init script, so a render that
 * finishes before Playwright gets control is still timed from navigation start.
 *
 * Standalone: `node tests/bench/cost-drivers.ts [--dist dist] [--calls 50000] [--runs 5]`
 * (without --dist it builds the committed HEAD, as `npm run bench` does). `npm run bench` runs it
 * as the `cost-drivers-speed` part.
 */
import { parseArgs } from "node:util";
import type { Browser, Page } from "@playwright/test";
import { formatTokens } from "../../shared/calls/format.ts";
import { freshPage, launchBrowser, longTasksSince } from "./browser.ts";
import { prepareSite, startPreview, type SiteMode } from "./server.ts";
import { formatStats, stats, type Stats } from "./stats.ts";

const PAGE = "/cost-drivers/";
const DB = "payi-cost-drivers";
export const COST_DRIVERS_CALLS = 50_000;
/** Calls tab rows in view at first (32rem of ~35 px rows): what a switch to it must draw. */
const CALLS_SCREENFUL = 12;

export interface CostDriversSample {
  firstRenderMs: number;
  callsTabMs: number;
  useCasesTabMs: number;
  /** Longest task from navigation start to the first render. */
  longestTaskFirstRenderMs: number;
  /** Longest task from navigation start to the end of the second tab switch. */
  longestTaskMs: number;
  longTasks: number;
  /** The longest task (start from navigation), and what its long animation frames ran. */
  worstTask: {
    atMs: number;
    durationMs: number;
    scripts: string[];
    styleAndLayoutMs: number;
  } | null;
}

export interface CostDriversSpeedResult {
  calls: number;
  /** First render of the first visit after seeding, which reads every call in full. */
  firstVisitMs: number;
  samples: CostDriversSample[];
  firstRender: Stats;
  callsTab: Stats;
  useCasesTab: Stats;
  longestTaskFirstRender: Stats;
  longestTask: Stats;
}

interface Expected {
  total: number;
  user: string;
  requests: number;
  useCases: number;
}

/**
 * Writes `calls` calls into the store the page has opened (any version: opened without one) and
 * returns what the Users and Use cases tables must then show. Runs in the page.
 */
async function seedInPage({ name, calls }: { name: string; calls: number }): Promise<Expected> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const users = 30;
  const useCaseNames = ["chat", "ticket_summary", "search", "translate", "classify", "draft_reply"];
  const limits = ["budget_team_a", "budget_team_b", "budget_user_3", "daily_cap"];
  const runnerKinds = ["browser", "webcontainer"];
  const callsPerRun = 20;
  const span = 6 * 24 * 60 * 60_000;
  const now = Date.now();
  const perUser = new Map<string, number>();
  const useCasesSeen = new Set<string | null>();
  const tag = (value: unknown, why: string) => ({
    value,
    origin: { kind: "ingest", label: "ingest() at line 5", depth: 1 },
    cleared: false,
    overrode: null,
    why,
  });
  const chunk = 5000;
  for (let from = 0; from < calls; from += chunk) {
    const tx = db.transaction("calls", "readwrite");
    const store = tx.objectStore("calls");
    for (let i = from; i < Math.min(calls, from + chunk); i += 1) {
      const run = Math.floor(i / callsPerRun);
      const day = (run % 5) + 1;
      const user = i % 9 === 8 ? null : `user_${String((i * 7) % users).padStart(2, "0")}`;
      const useCase = i % 13 === 12 ? null : useCaseNames[(run + i) % useCaseNames.length]!;
      const unpriced = i % 50 === 49;
      const failed = i % 101 === 100;
      const time = new Date(now - span + Math.floor((i / calls) * span)).toISOString();
      const limit = i % 10 === 0 ? limits[run % limits.length]! : null;
      perUser.set(String(user), (perUser.get(String(user)) ?? 0) + 1);
      useCasesSeen.add(useCase);
      store.add({
        runId: `run-${run.toString(36)}-${(run * 2654435761) % 99991}`,
        sandboxId: `day-${day}/example-${run % 2 ? "b" : "a"}`,
        lesson: `day-${day}`,
        runner: runnerKinds[run % 2],
        recordedAt: time,
        event: {
          v: 1,
          type: "call",
          seq: (i % callsPerRun) + 1,
          time,
          endTime: time,
          category: "system.openai",
          resource: unpriced ? "ft:gpt-4o-mini:acme::x" : i % 3 ? "gpt-4o-mini" : "gpt-4o",
          api: "chat.completions",
          streaming: i % 4 === 0,
          mode: "ingest",
          userId: tag(user, user ? "user id set by ingest()" : "no user id: nothing set one"),
          useCase: tag(
            useCase === null ? null : { name: useCase, id: `uc_${run}`, version: null, step: null },
            useCase === null ? "no use case" : "use case set by ingest()",
          ),
          limitIds: tag(limit ? [`lim_${limit}`] : null, limit ? "limit ids set" : "no limit ids"),
          requestTags: tag(null, "no request tags"),
          priceAs: { category: null, resource: null, resourceScope: null },
          units: { input: 100 + (i % 900), cachedInput: i % 2 ? 20 : 0, output: 40 + (i % 300) },
          cost: failed
            ? { status: "not-charged", reason: "the call failed" }
            : unpriced
              ? {
                  status: "unpriced",
                  reason: "fine-tuned",
                  pricedAs: "ft:gpt-4o-mini:acme::x",
                  source: { name: "p", version: "1", date: "2026-11-27" },
                }
              : {
                  status: "priced",
                  currency: "USD",
                  input: 0.00001,
                  cachedInput: 0,
                  output: 0.00002,
                  total: 0.00003 + (i % 1000) * 1e-7,
                  pricedAs: i % 3 ? "gpt-4o-mini" : "gpt-4o",
                  source: { name: "p", version: "1", date: "2026-11-27" },
                },
          limits: limit
            ? [
                {
                  id: `lim_${limit}`,
                  name: limit,
                  type: "allow",
                  max: 0.5,
                  threshold: null,
                  spent: 0.00003 * (i / 10),
                  state: i > calls / 2 ? "exceeded" : "ok",
                  why: "spent",
                },
              ]
            : [],
          latencyMs: 120 + (i % 400),
          status: failed ? 429 : 200,
          error: failed ? { type: "RateLimitError", message: "429 rate limited" } : null,
          callSite: { file: "answer.ts", line: 8 + (i % 20), column: 4 },
          warnings: [],
        },
      });
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
  }
  db.close();
  const [user, requests] = [...perUser].filter(([u]) => u !== "null").sort()[0]!;
  return { total: calls, user, requests, useCases: useCasesSeen.size };
}

/**
 * Init script (every navigation): records on `window.__cdBench.firstRender` the time of the first
 * frame in which the Users table and the status line show what `expected` says.
 */
function watchFirstRender(expected: { status: string; user: string; requests: string }): void {
  if (window.top !== window || location.pathname !== "/cost-drivers/") return;
  const state: { firstRender: number | null } = { firstRender: null };
  (window as unknown as { __cdBench: typeof state }).__cdBench = state;
  const check = () => {
    const status = document.querySelector("[data-role=status]")?.textContent ?? "";
    if (!status.includes(expected.status)) return false;
    const rows = document.querySelectorAll("table[data-table=users] tbody tr");
    for (const row of rows) {
      const head = row.querySelector("th .payi-dt__main")?.textContent;
      if (head !== expected.user) continue;
      return row.querySelectorAll("td")[1]?.textContent?.trim() === expected.requests;
    }
    return false;
  };
  // Found in a frame's rAF callback, before that frame's layout and paint: the time is taken
  // at the next frame's, when the first frame that shows it has been painted.
  const poll = () => {
    if (check()) requestAnimationFrame(() => (state.firstRender = performance.now()));
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/** Clicks a tab; returns the ms until the first frame with `minRows` rows is painted. In the page. */
async function switchTab({
  tab,
  table,
  minRows,
}: {
  tab: string;
  table: string;
  minRows: number;
}): Promise<{ started: number; ms: number }> {
  const button = document.querySelector<HTMLButtonElement>(`[role=tab][data-tab="${tab}"]`);
  if (!button) throw new Error(`no tab ${tab}`);
  const started = performance.now();
  button.click();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const panel = document.querySelector<HTMLElement>(`[data-panel="${tab}"]`);
      // Rows drawn with their call: a virtualized table draws placeholders (aria-busy) first.
      const drawn = panel?.hidden
        ? null
        : panel?.querySelectorAll(`table[data-table="${table}"] tbody tr`);
      const busy = [...(drawn ?? [])].some((row) => row.hasAttribute("aria-busy"));
      const rows = busy ? 0 : (drawn?.length ?? 0);
      const now = performance.now();
      // As for the first render: timed when the frame that shows the rows has been painted.
      if (rows >= minRows)
        requestAnimationFrame(() => resolve({ started, ms: performance.now() - started }));
      else if (now - started > 120_000) reject(new Error(`${tab}: ${rows} rows after 120 s`));
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
}

async function waitForFirstRender(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () =>
      (window as unknown as { __cdBench?: { firstRender: number | null } }).__cdBench?.firstRender,
    undefined,
    { timeout: 180_000, polling: 250 },
  );
  return (await handle.jsonValue()) as number;
}

export async function measureCostDriversSpeed(
  browser: Browser,
  baseURL: string,
  { calls = COST_DRIVERS_CALLS, runs = 5, log = (_message: string): void => undefined } = {},
): Promise<CostDriversSpeedResult> {
  const { context, page } = await freshPage(browser, baseURL);
  const samples: CostDriversSample[] = [];
  let firstVisitMs: number;
  try {
    // The page creates its store (at whatever version it uses); the seed then writes into it.
    await page.goto(PAGE, { waitUntil: "load" });
    await page.locator("[data-cost-drivers][data-state=empty]").waitFor({ timeout: 60_000 });
    const seedStarted = performance.now();
    const expected = await page.evaluate(seedInPage, { name: DB, calls });
    log(
      `seeded ${formatTokens(calls)} calls in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    await context.addInitScript(watchFirstRender, {
      status: `${formatTokens(expected.total)} recorded calls`,
      user: expected.user,
      requests: formatTokens(expected.requests),
    });
    // The first visit after the calls were written reads them all in full (nothing has saved
    // their compact copy yet): timed on its own, then the samples are the visits after it.
    await page.goto(PAGE, { waitUntil: "commit" });
    firstVisitMs = await waitForFirstRender(page);
    log(`first visit after seeding: first render ${Math.round(firstVisitMs)} ms`);
    await page.waitForTimeout(1000);
    for (let i = 0; i < runs; i += 1) {
      await page.goto(PAGE, { waitUntil: "commit" });
      const firstRenderMs = await waitForFirstRender(page);
      await page.waitForTimeout(500); // let a chart or late work finish: tab switches alone
      const callsTab = await page.evaluate(switchTab, {
        tab: "calls",
        table: "calls",
        // A screenful: the table draws only the rows in view.
        minRows: Math.min(CALLS_SCREENFUL, expected.total),
      });
      await page.waitForTimeout(300);
      const useCasesTab = await page.evaluate(switchTab, {
        tab: "use-cases",
        table: "use-cases",
        minRows: expected.useCases,
      });
      await page.waitForTimeout(300); // long-task entries are delivered after the task
      const end = useCasesTab.started + useCasesTab.ms;
      const { longTasks, frames } = await longTasksSince(page, 0, end);
      const longest = (upTo: number) =>
        longTasks.filter((t) => t.start <= upTo).reduce((max, t) => Math.max(max, t.duration), 0);
      const worst = [...longTasks].sort((a, b) => b.duration - a.duration)[0];
      const worstFrames = worst
        ? frames.filter(
            (f) => f.start < worst.start + worst.duration && f.start + f.duration > worst.start,
          )
        : [];
      const sample: CostDriversSample = {
        firstRenderMs,
        callsTabMs: callsTab.ms,
        useCasesTabMs: useCasesTab.ms,
        longestTaskFirstRenderMs: longest(firstRenderMs),
        longestTaskMs: longest(end),
        longTasks: longTasks.length,
        worstTask: worst
          ? {
              atMs: worst.start,
              durationMs: worst.duration,
              scripts: worstFrames
                .flatMap((f) => f.scripts ?? [])
                .map(
                  (x) => `${x.source || "(no source)"} [${x.invoker}] ${Math.round(x.duration)} ms`,
                ),
              styleAndLayoutMs: worstFrames.reduce((sum, f) => sum + (f.styleAndLayout ?? 0), 0),
            }
          : null,
      };
      log(
        `sample ${i + 1}: first render ${Math.round(sample.firstRenderMs)} ms, ` +
          `Calls ${Math.round(sample.callsTabMs)} ms, Use cases ${Math.round(sample.useCasesTabMs)} ms, ` +
          `longest task ${Math.round(sample.longestTaskMs)} ms (${sample.longTasks} long tasks)` +
          (sample.worstTask
            ? `; it ran at ${Math.round(sample.worstTask.atMs)} ms: ` +
              `${sample.worstTask.scripts.join(", ") || "no script attributed"}, ` +
              `style+layout ${Math.round(sample.worstTask.styleAndLayoutMs)} ms`
            : ""),
      );
      samples.push(sample);
    }
  } finally {
    await context.close();
  }
  return {
    calls,
    firstVisitMs,
    samples,
    firstRender: stats(samples.map((s) => s.firstRenderMs)),
    callsTab: stats(samples.map((s) => s.callsTabMs)),
    useCasesTab: stats(samples.map((s) => s.useCasesTabMs)),
    longestTaskFirstRender: stats(samples.map((s) => s.longestTaskFirstRenderMs)),
    longestTask: stats(samples.map((s) => s.longestTaskMs)),
  };
}

/** The report's rows: [what, figure, target in ms (none: a figure for information)]. */
export function costDriversSpeedRows(r: CostDriversSpeedResult): [string, Stats, number?][] {
  const calls = formatTokens(r.calls);
  return [
    [`7. Cost Drivers, ${calls} calls: first render (Users right)`, r.firstRender, 500],
    [`   tab switch to Calls`, r.callsTab, 100],
    [`   tab switch to Use cases`, r.useCasesTab, 100],
    [`   longest main-thread task, first render`, r.longestTaskFirstRender, 100],
    [`   longest main-thread task, render and both switches`, r.longestTask, 100],
    [`   (info) first visit after the calls were written: first render`, stats([r.firstVisitMs])],
  ];
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      dist: { type: "string" },
      worktree: { type: "boolean", default: false },
      calls: { type: "string", default: String(COST_DRIVERS_CALLS) },
      runs: { type: "string", default: "5" },
      port: { type: "string", default: "4398" },
    },
  });
  const log = (message: string) => console.error(`[bench] ${message}`);
  const mode: SiteMode = values.dist
    ? { kind: "dist", dist: values.dist }
    : values.worktree
      ? { kind: "worktree" }
      : { kind: "head", rebuild: false };
  const site = await prepareSite(mode, log);
  const server = await startPreview(site, Number(values.port), { log });
  const browser = await launchBrowser();
  try {
    const result = await measureCostDriversSpeed(browser, server.url, {
      calls: Number(values.calls),
      runs: Number(values.runs),
      log,
    });
    console.log(`\nCost Drivers speed, ${site.source}, Chromium ${browser.version()}`);
    for (const [what, s, target] of costDriversSpeedRows(result))
      console.log(
        `${what.padEnd(64)} ${formatStats(s).padEnd(24)}` +
          (target === undefined
            ? ""
            : ` target < ${target} ms: ${s.median < target ? "meets" : "MISSES"}`),
      );
  } finally {
    await browser.close();
    await server.stop();
  }
}
