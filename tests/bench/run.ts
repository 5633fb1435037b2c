/**
 * `npm run bench`: builds the committed HEAD (or `--commit <rev>`) in a folder of its own (see
 * server.ts; a build of the same commit is reused), serves it with `astro preview` and measures,
 * in headless Chromium, every part of parts.ts (run `--help` for the list): page JavaScript, Run ->
 * first output (mock latency 0 and the lesson's default), the 10,000-call and 1,000,000-line runs
 * (with the CLI's own times for both), Stop -> ended, Monaco, Cost Drivers with 50,000 stored
 * calls and Lighthouse on a lesson page and the landing page.
 *
 * Prints min / median / max of several samples (the machine is shared and noisy) with the load
 * average around each part, and writes everything to test-results/bench.json (or `--out`).
 * Timings are figures, not assertions: the exit code is 1 only when a measurement could not run
 * or a size budget is exceeded.
 *
 * Comparing two commits: run it once per commit with `--out`, then
 * `node tests/bench/compare.ts before.json after.json` (see docs/bench.md).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Browser } from "@playwright/test";
import { launchBrowser } from "./browser.ts";
import { verdict, type Figure } from "./figures.ts";
import { PARTS, type BenchContext } from "./parts.ts";
import { prepareSite, startPreview, type PreviewServer, type SiteMode } from "./server.ts";
import { formatStats } from "./stats.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const NAMES = PARTS.map((p) => p.name);

function parseFlags() {
  try {
    return parseArgs({
      options: {
        dist: { type: "string" },
        commit: { type: "string" },
        worktree: { type: "boolean", default: false },
        rebuild: { type: "boolean", default: false },
        only: { type: "string" },
        skip: { type: "string" },
        quick: { type: "boolean", default: false },
        port: { type: "string", default: "4398" },
        out: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    console.error(
      `npm run bench: ${error instanceof Error ? error.message : String(error)}; see --help`,
    );
    process.exit(2);
  }
}
const { values } = parseFlags();
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`npm run bench: --port ${values.port} is not a port number`);
  process.exit(2);
}
if (values.help) {
  console.log(
    [
      "npm run bench [-- flags]",
      "  (default)       build the committed HEAD in a temp folder (reused per commit) and measure it",
      "  --commit <rev>  build and measure another commit instead (e.g. a 'before': --commit 60ebb00)",
      "  --worktree      build the working tree as it is (uncommitted changes included)",
      "  --rebuild       build again even if a build of that commit exists",
      "  --dist <dir>    measure an existing build (e.g. --dist dist)",
      `  --only <list>   comma-separated parts: ${NAMES.join(",")}`,
      "  --skip <list>   every part but these",
      "  --quick         fewer samples: a smoke run of the bench itself",
      "  --port <n>      astro preview's port (default 4398; the next free one if taken)",
      "  --out <file>    where the JSON goes (default test-results/bench.json)",
      "Results: a table on stdout, everything in the JSON file. Exit 1: a part could not run or a",
      "size budget is exceeded (timings never fail it); exit 2: a wrong flag.",
      "Before/after: node tests/bench/compare.ts before.json after.json",
    ].join("\n"),
  );
  process.exit(0);
}
const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
for (const name of [...(list(values.only) ?? []), ...(list(values.skip) ?? [])]) {
  if (!NAMES.includes(name)) {
    console.error(`npm run bench: unknown part "${name}"; the parts are ${NAMES.join(", ")}`);
    process.exit(2);
  }
}
const only = new Set(list(values.only) ?? NAMES);
for (const name of list(values.skip) ?? []) only.delete(name);
const selected = PARTS.filter((p) => only.has(p.name));
const RESULTS = resolve(values.out ?? resolve(ROOT, "test-results/bench.json"));

const log = (message: string) => console.error(`[bench] ${message}`);
const load1 = () => loadavg()[0] ?? 0;

interface Results {
  startedAt: string;
  /** The commit measured (the snapshot's), or the working tree's HEAD for --worktree/--dist. */
  commit: string;
  site: string;
  dist: string;
  chromium: string;
  buildMs?: number;
  buildReused?: boolean;
  quick: boolean;
  parts: Record<string, unknown>;
  figures: Figure[];
  notes: string[];
  /** 1-minute load average around each part, and for the whole bench: the machine is shared. */
  load: { cores: number; start: number; end?: number; parts: Record<string, [number, number]> };
  partMs: Record<string, number>;
  errors: { part: string; error: string }[];
  overBudget: string[];
  durationMs?: number;
}

function git(...args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

const started = performance.now();
const results: Results = {
  startedAt: new Date().toISOString(),
  commit: "",
  site: "",
  dist: "",
  chromium: "",
  quick: values.quick,
  parts: {},
  figures: [],
  notes: [],
  load: { cores: cpus().length, start: load1(), parts: {} },
  partMs: {},
  errors: [],
  overBudget: [],
};

let server: PreviewServer | undefined;
let browser: Browser | undefined;
const closeBrowser = async () => {
  await browser?.close().catch(() => undefined);
  browser = undefined;
};
const cleanUp = async () => {
  await closeBrowser();
  await server?.stop();
  server = undefined;
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  const mode: SiteMode = values.dist
    ? { kind: "dist", dist: values.dist }
    : values.worktree
      ? { kind: "worktree" }
      : values.commit
        ? { kind: "commit", rev: values.commit, rebuild: values.rebuild }
        : { kind: "head", rebuild: values.rebuild };
  const site = await prepareSite(mode, log);
  results.commit = site.commit?.slice(0, 7) ?? git("rev-parse", "--short", "HEAD");
  results.site = site.source;
  results.dist = site.dist;
  results.buildMs = site.buildMs;
  results.buildReused = site.reused;
  if (site.buildMs) log(`built in ${(site.buildMs / 1000).toFixed(0)} s`);

  if (selected.some((p) => p.needs !== "files")) {
    server = await startPreview(site, port, { log });
    log(`serving ${site.dist} at ${server.url}`);
  }
  const context: BenchContext = {
    site,
    baseURL: server?.url ?? "",
    quick: values.quick,
    log,
    browser: async () => {
      browser ??= await launchBrowser();
      results.chromium = browser.version();
      return browser;
    },
  };
  for (const part of selected) {
    // Lighthouse (and any part without Playwright) gets the machine without the bench's browser.
    if (part.needs !== "browser") await closeBrowser();
    const t0 = performance.now();
    const loadBefore = load1();
    log(`${part.name}... (load ${loadBefore.toFixed(1)})`);
    try {
      const value = await part.run(context);
      results.parts[part.name] = value;
      if (part.overBudget?.(value as never)) results.overBudget.push(part.name);
      log(`${part.name} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`${part.name} FAILED: ${message}`);
      results.errors.push({ part: part.name, error: message });
    }
    results.partMs[part.name] = performance.now() - t0;
    results.load.parts[part.name] = [loadBefore, load1()];
  }
} catch (error) {
  results.errors.push({
    part: "setup",
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
} finally {
  await cleanUp();
}

for (const part of selected) {
  if (!(part.name in results.parts)) continue;
  const value = results.parts[part.name] as never;
  try {
    results.figures.push(...part.figures(value, results.parts));
    results.notes.push(...(part.notes?.(value) ?? []));
  } catch (error) {
    results.errors.push({ part: `${part.name} (report)`, error: String(error) });
  }
}
results.durationMs = performance.now() - started;
results.load.end = load1();

mkdirSync(dirname(RESULTS), { recursive: true });
writeFileSync(RESULTS, JSON.stringify(results, null, 2));
console.log(report(results));
console.log(`\nAll figures and samples: ${RESULTS}`);
if (results.errors.length > 0 || results.overBudget.length > 0) process.exitCode = 1;

// ---------------------------------------------------------------------------------------------

function figureText(f: Figure): string {
  if (f.text !== undefined) return f.text;
  if (!f.stats) return "";
  return `${formatStats(f.stats, f.unit ?? "", f.digits ?? 0).trim()}  (n=${f.stats.n})`;
}

function report(r: Results): string {
  type Row = [string, string, string, string];
  const rows: Row[] = r.figures.map((f) => [
    f.label,
    figureText(f),
    f.target ? `${f.target.op} ${f.target.value}${f.unit ? ` ${f.unit}` : ""}` : "",
    verdict(f),
  ]);
  const header: Row = ["measure", "figure (min / median / max)", "target", ""];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[header, ...rows].map((x) => x[i]!.length)));
  const line = (x: Row) =>
    x
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const loads = Object.entries(r.load.parts)
    .map(([name, [a, b]]) => `${name} ${a.toFixed(1)}->${b.toFixed(1)}`)
    .join(", ");
  const out = [
    "",
    `Bench of ${r.site || "?"}${r.buildReused ? " (build reused)" : ""}` +
      `${r.chromium ? `, Chromium ${r.chromium}` : ""}` +
      `${r.buildMs ? `, build ${(r.buildMs / 1000).toFixed(0)} s` : ""}, total ${((r.durationMs ?? 0) / 1000).toFixed(0)} s, ` +
      `load average ${r.load.start.toFixed(1)} -> ${(r.load.end ?? 0).toFixed(1)} on ${r.load.cores} cores`,
    `Load per part: ${loads}`,
    "",
    line(header),
    line(header.map((h, i) => "-".repeat(Math.max(h.length, widths[i]!))) as Row),
    ...rows.map(line),
  ];
  const notes = [...r.notes];
  for (const name of r.overBudget) notes.push(`OVER BUDGET: ${name}`);
  for (const e of r.errors) notes.push(`FAILED ${e.part}: ${e.error.split("\n")[0]}`);
  if (notes.length) out.push("", ...notes.map((n) => `- ${n}`));
  return out.join("\n");
}
