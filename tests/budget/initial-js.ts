/**
 * Size budget: the JavaScript a page loads before any interaction.
 *
 * For each built page it collects
 *   - external scripts (`<script src>`, module or classic) and `<link rel="modulepreload">`,
 *   - inline scripts (their own text),
 *   - and, recursively, every module reached through a STATIC import or re-export.
 * Dynamic `import()` is not followed: code loaded on demand (Pagefind's UI, and
 * later the sandboxes) does not count. Each file is gzipped (level 9, so the
 * figure is deterministic) and counted once per page.
 *
 * Run after `astro build`: `npm run budget` (prints a table, exits 1 if a page
 * is over the budget).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { init, parse } from "es-module-lexer";

export const BUDGET_KB = 60;

/** One piece of JavaScript a page loads: a file under dist/ or an inline script. */
export interface ScriptEntry {
  /** Site path (`/_astro/x.js`) or `inline #n` for inline scripts. */
  name: string;
  bytes: number;
  gzipBytes: number;
}

export interface PageReport {
  page: string;
  scripts: ScriptEntry[];
  totalGzipBytes: number;
}

interface ScriptTag {
  src?: string;
  module: boolean;
  inline?: string;
}

const JS_TYPES = new Set(["", "module", "text/javascript", "application/javascript"]);

function attributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  // Skip the tag name itself.
  const body = tag.replace(/^<\s*[a-z]+/i, "").replace(/\/?>$/, "");
  for (const m of body.matchAll(re)) {
    const name = m[1];
    if (name) attrs.set(name.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? "");
  }
  return attrs;
}

/** The scripts an HTML document runs or preloads on load, in document order. */
export function scriptTags(html: string): ScriptTag[] {
  const tags: ScriptTag[] = [];
  // HTML comments cannot hold live scripts.
  const doc = html.replace(/<!--[\s\S]*?-->/g, "");
  const re = /<script\b[^>]*>([\s\S]*?)<\/script\s*>|<link\b[^>]*>/gi;
  for (const m of doc.matchAll(re)) {
    const whole = m[0];
    const open = whole.slice(0, whole.indexOf(">") + 1);
    const attrs = attributes(open);
    if (/^<link/i.test(whole)) {
      const rel = (attrs.get("rel") ?? "").toLowerCase().split(/\s+/);
      const href = attrs.get("href");
      if (rel.includes("modulepreload") && href) tags.push({ src: href, module: true });
      continue;
    }
    const type = (attrs.get("type") ?? "").trim().toLowerCase();
    if (!JS_TYPES.has(type)) continue; // JSON, templates, import maps...
    const module = type === "module";
    const src = attrs.get("src");
    if (src) tags.push({ src, module });
    else if ((m[1] ?? "").trim()) tags.push({ inline: m[1] ?? "", module });
  }
  return tags;
}

/** Static import specifiers of a module's source (dynamic `import()` excluded). */
export async function staticImports(source: string): Promise<string[]> {
  await init();
  const [imports] = parse(source);
  const out: string[] = [];
  for (const imp of imports) {
    if ((imp.type === "static" || imp.type === "reexport-star") && !imp.typeOnly) {
      out.push(imp.specifier);
    }
  }
  return out;
}

/** Resolves a script URL against the page's site path; null for other origins. */
export function resolveSitePath(specifier: string, fromSitePath: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) || specifier.startsWith("//")) return null;
  const withoutQuery = specifier.replace(/[?#].*$/, "");
  if (withoutQuery.startsWith("/")) return posix.normalize(withoutQuery);
  const base = fromSitePath.endsWith("/") ? fromSitePath : posix.dirname(fromSitePath) + "/";
  return posix.normalize(posix.join(base, withoutQuery));
}

function gzipSize(text: string | Buffer): number {
  return gzipSync(text, { level: 9 }).length;
}

/**
 * Measures one page. `pagePath` is the page's site path (`/day-1/`), `html` its
 * markup, `readSiteFile` returns a built file by site path (or throws).
 */
export async function measurePage(
  pagePath: string,
  html: string,
  readSiteFile: (sitePath: string) => string,
): Promise<PageReport> {
  const scripts: ScriptEntry[] = [];
  const seen = new Set<string>();

  const visitFile = async (sitePath: string, module: boolean): Promise<void> => {
    if (seen.has(sitePath)) return;
    seen.add(sitePath);
    const source = readSiteFile(sitePath);
    scripts.push({ name: sitePath, bytes: Buffer.byteLength(source), gzipBytes: gzipSize(source) });
    if (module) await visitImports(source, sitePath);
  };

  const visitImports = async (source: string, fromSitePath: string): Promise<void> => {
    for (const spec of await staticImports(source)) {
      const target = resolveSitePath(spec, fromSitePath);
      if (target === null) {
        throw new Error(
          `${pagePath}: ${fromSitePath} imports ${spec} from another origin; the budget cannot measure it (and COEP would need CORP on it)`,
        );
      }
      await visitFile(target, true);
    }
  };

  let inlineCount = 0;
  for (const tag of scriptTags(html)) {
    if (tag.src !== undefined) {
      const target = resolveSitePath(tag.src, pagePath);
      if (target === null)
        throw new Error(`${pagePath}: external script ${tag.src} is not allowed`);
      await visitFile(target, tag.module);
    } else if (tag.inline !== undefined) {
      inlineCount += 1;
      const text = tag.inline;
      scripts.push({
        name: `inline #${inlineCount}${tag.module ? " (module)" : ""}`,
        bytes: Buffer.byteLength(text),
        gzipBytes: gzipSize(text),
      });
      if (tag.module) await visitImports(text, pagePath);
    }
  }
  const totalGzipBytes = scripts.reduce((sum, s) => sum + s.gzipBytes, 0);
  return { page: pagePath, scripts, totalGzipBytes };
}

/** Site paths of the built HTML pages in `distDir`, e.g. `/`, `/day-1/`, `/404.html`. */
export function builtPages(distDir: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".html")) {
        const rel = "/" + relative(distDir, full).split(sep).join("/");
        pages.push(rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel);
      }
    }
  };
  walk(distDir);
  return pages;
}

function sitePathToFile(distDir: string, sitePath: string): string {
  const file = sitePath.endsWith("/") ? sitePath + "index.html" : sitePath;
  return join(distDir, ...file.split("/").filter(Boolean));
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

export function formatReport(report: PageReport): string {
  const width = Math.max(20, ...report.scripts.map((s) => s.name.length));
  const lines = [
    `${"script".padEnd(width)}  ${"raw KB".padStart(8)}  ${"gzip KB".padStart(8)}`,
    ...report.scripts.map(
      (s) => `${s.name.padEnd(width)}  ${kb(s.bytes).padStart(8)}  ${kb(s.gzipBytes).padStart(8)}`,
    ),
    `${"total".padEnd(width)}  ${"".padStart(8)}  ${kb(report.totalGzipBytes).padStart(8)}`,
  ];
  return lines.join("\n");
}

/** Measures every built page; prints the heaviest page's table and one line per page. */
export async function main(distDir = "dist", budgetKb = BUDGET_KB): Promise<number> {
  const pages = builtPages(distDir);
  if (pages.length === 0) {
    console.error(`No built pages in ${distDir}/. Run \`npm run build\` first.`);
    return 1;
  }
  const read = (sitePath: string): string =>
    readFileSync(sitePathToFile(distDir, sitePath), "utf8");
  const reports: PageReport[] = [];
  for (const page of pages) reports.push(await measurePage(page, read(page), read));

  const heaviest = reports.reduce((a, b) => (b.totalGzipBytes > a.totalGzipBytes ? b : a));
  console.log(`Initial JavaScript of ${heaviest.page} (the heaviest page), gzip level 9:\n`);
  console.log(formatReport(heaviest));
  console.log(`\nPer page (budget ${budgetKb} KB gzip):`);
  let over = 0;
  for (const r of reports) {
    const fail = r.totalGzipBytes > budgetKb * 1024;
    if (fail) over += 1;
    console.log(
      `  ${fail ? "OVER" : "ok  "}  ${kb(r.totalGzipBytes).padStart(6)} KB  ${r.page}  (${r.scripts.length} scripts)`,
    );
  }
  if (over > 0) {
    console.error(`\n${over} page(s) over the ${budgetKb} KB initial-JavaScript budget.`);
    return 1;
  }
  console.log(
    `\nInitial JavaScript: max ${kb(heaviest.totalGzipBytes)} KB gzip of ${budgetKb} KB budget.`,
  );
  return 0;
}

if (import.meta.main) {
  process.exitCode = await main();
}
