/**
 * Decides, for one build in `dist/`, what the service worker caches and when:
 *
 * - **core**, precached when the worker installs: every page, the CSS, fonts and icons, every
 *   `_astro/` file a page can load without opening the editor (the sandbox, its runner, terminal,
 *   live panel, checks, Cost Drivers' charts, search's UI), the runtime bundle and Pagefind's index.
 *   So after one visit, every lesson, Run, Check, Cost Drivers and search work with no network.
 * - **lazy**, cached on first use or by "Make available offline": whatever is reached only through
 *   the editor (Monaco, its TypeScript worker) or the in-browser compiler (TypeScript), the type
 *   bundle, everything under `pyodide/` (the Python runner's files, whatever their names), and any
 *   other file no page refers to.
 *
 * File list, sizes and revisions come from workbox-build's `getManifest`; each entry also gets a
 * subresource integrity hash, so the worker never stores a file of another deployment.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { getManifest } from "workbox-build";
import type { OfflineBuild, OfflineEntry } from "../offline/protocol.ts";

/** Files that start a lazy part of the graph: the editor and the compiler worker (our modules). */
export const LAZY_ROOTS: { name: string; pattern: RegExp }[] = [
  { name: "the code editor (Monaco)", pattern: /^_astro\/code-editor\.[\w-]+\.js$/ },
  { name: "the compiler worker (TypeScript)", pattern: /^_astro\/compiler\.worker-[\w-]+\.js$/ },
];

/** Pagefind files that search loads (the rest of `pagefind/` is UI Starlight does not use). */
const PAGEFIND_SEARCH =
  /^pagefind\/(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|[^/]+\.pf_meta|wasm\.[\w-]+\.pagefind|(index|fragment|filter)\/.+)$/;

/** Never cached: host configuration and the worker itself. */
const NOT_CACHED = ["sw.js", "_headers", "_redirects", "**/*.map"];

/** Names a built file can use to refer to an `_astro/` file. */
const ASSET_NAME = /[\w.@~-]+\.(?:m?js|css|ttf|otf|woff2?|svg|png|jpe?g|webp|avif|gif|wasm|json)/g;

/** Files read for references to `_astro/` files. */
const TEXT_FILE = /\.(?:html|m?js|css)$/;

export function isLazyByPath(file: string): boolean {
  if (file === "sandbox-runtime/types.json") return true;
  if (file.startsWith("pyodide/")) return true;
  if (file.startsWith("pagefind/")) return !PAGEFIND_SEARCH.test(file);
  return false;
}

/** `day-2/index.html` -> `/day-2/`, `index.html` -> `/`: the URLs pages are visited at. */
export function siteUrl(file: string, base = "/"): string {
  const clean = file === "index.html" ? "" : file.replace(/(^|\/)index\.html$/, "$1");
  return `${base.replace(/\/?$/, "/")}${clean}`;
}

/**
 * The `_astro/` files that pages reach without passing through a lazy root, following every
 * reference by name (static and dynamic imports, Vite's preload lists, worker URLs, fonts in CSS).
 */
export function coreAssets(files: string[], readText: (file: string) => string): Set<string> {
  const assets = new Set(files.filter((file) => file.startsWith("_astro/")));
  const byName = new Map([...assets].map((file) => [file.slice("_astro/".length), file]));
  const isLazyRoot = (file: string) => LAZY_ROOTS.some(({ pattern }) => pattern.test(file));
  const references = (file: string): string[] => {
    const found: string[] = [];
    for (const match of readText(file).matchAll(ASSET_NAME)) {
      const asset = byName.get(match[0]);
      if (asset) found.push(asset);
    }
    return found;
  };
  const reached = new Set<string>();
  const queue = files
    .filter((file) => file.endsWith(".html") && !isLazyByPath(file))
    .flatMap(references);
  while (queue.length) {
    const file = queue.pop()!;
    if (reached.has(file) || isLazyRoot(file)) continue;
    reached.add(file);
    if (TEXT_FILE.test(file)) queue.push(...references(file));
  }
  return reached;
}

export interface PlanOptions {
  distDir: string;
  /** The site's base path (Astro's `base`), default `/`. */
  base?: string;
  /** Fails the build when a lazy root is missing (a renamed module would silently make it core). */
  requireLazyRoots?: boolean;
}

export async function planOfflineFiles(options: PlanOptions): Promise<OfflineBuild> {
  const { distDir, base = "/" } = options;
  const sizes = new Map<string, number>();
  const { manifestEntries, warnings } = await getManifest({
    globDirectory: distDir,
    globPatterns: ["**/*"],
    globIgnores: NOT_CACHED,
    // Hashed names: the URL changes with the content, so the URL is the revision.
    dontCacheBustURLsMatching: /^_astro\//,
    // The course needs its big files too (TypeScript, Pyodide); lazy ones are fetched on demand.
    maximumFileSizeToCacheInBytes: 256 * 1024 * 1024,
    manifestTransforms: [
      (entries) => {
        for (const entry of entries) sizes.set(entry.url, entry.size);
        return { manifest: entries };
      },
    ],
  });
  if (warnings.length) throw new Error(`Offline manifest: ${warnings.join("\n")}`);

  const files = manifestEntries.map((entry) => entry.url).sort();
  const read = (file: string) => readFileSync(path.join(distDir, file));
  const core = coreAssets(files, (file) => read(file).toString("utf8"));
  if (options.requireLazyRoots !== false) {
    for (const root of LAZY_ROOTS) {
      if (!files.some((file) => root.pattern.test(file)))
        throw new Error(
          `Offline manifest: no built file for ${root.name} (${root.pattern}). If it was renamed, update LAZY_ROOTS in src/integrations/offline-plan.ts, or it would be precached on every first visit.`,
        );
    }
  }

  const build: OfflineBuild = { version: "", core: [], lazy: [] };
  for (const entry of [...manifestEntries].sort((a, b) => a.url.localeCompare(b.url))) {
    const file = entry.url;
    const item: OfflineEntry = {
      url: siteUrl(file, base),
      revision: entry.revision ?? null,
      integrity: `sha384-${createHash("sha384").update(read(file)).digest("base64")}`,
      size: sizes.get(file) ?? 0,
    };
    const lazy = file.startsWith("_astro/") ? !core.has(file) : isLazyByPath(file);
    (lazy ? build.lazy : build.core).push(item);
  }
  build.version = createHash("sha256")
    .update(JSON.stringify([build.core, build.lazy]))
    .digest("hex")
    .slice(0, 12);
  return build;
}

export function totalBytes(entries: OfflineEntry[]): number {
  return entries.reduce((sum, entry) => sum + entry.size, 0);
}
