/**
 * Takes out of every built page the stylesheets that only lazily loaded code needs: Monaco's
 * (about 175 KB), the terminal's and the live panel's. Astro links the CSS of every module a
 * page's scripts can reach, dynamic imports included (withastro/astro#9495), so without this a
 * lesson page parses and matches all of it before its first paint, on every page, although the
 * editor may never open (the Lighthouse long tasks of a lesson page).
 *
 * Which stylesheets: those named in a script's preload list (Vite's `__vite__mapDeps`), which are
 * exactly the CSS of code-split chunks: Vite's preload helper adds and waits for them when their
 * chunk is imported, so the page still gets them, just not before it needs them. A page's own
 * CSS (Starlight's, the components') is never in such a list and stays. Nor does CSS that one
 * page imports lazily and another statically (the data table: lazy with a lesson's live panel,
 * static on Cost Drivers): a page keeps every stylesheet its own scripts reach by static imports,
 * read from the client build's chunk graph, since the built JS does not name that CSS.
 *
 * Except what `keepLinked` names: modules whose stylesheets (theirs and their static imports')
 * stay linked wherever Astro linked them, although they load lazily. The small ones a first run
 * always needs (terminal, live panel: 19 KB, 4 KB gzip) come with the page, so a first run adds
 * no stylesheet: no request on its way to the first output and no restyle when one arrives (a
 * whole-page one, 90-300 ms at 4x CPU, while lesson pages linked a stylesheet twice; see
 * stylesheet-once.ts). Vite's preload helper skips a stylesheet the page already links.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import type { Plugin } from "vite";
import {
  filesUnder,
  filterStylesheetLinks,
  rewritePages,
  stylesheetLinkCount,
} from "./built-pages.ts";

/** A built chunk (`_astro/<name>.js`): the chunks it imports statically and the CSS Vite gave it. */
export interface ChunkNode {
  imports: string[];
  css: string[];
  /** The module the chunk is the entry of, relative to the project (e.g. `src/app.ts`). */
  module?: string;
}
export type ChunkGraph = Map<string, ChunkNode>;

/** The CSS files (`_astro/<name>.css`) that some script loads itself when it needs them. */
export function lazyStylesheets(scripts: string[]): Set<string> {
  const lazy = new Set<string>();
  for (const text of scripts)
    for (const list of text.matchAll(/__vite__mapDeps[\s\S]{0,80}?\[([^\]]*)\]/g))
      for (const name of list[1]!.matchAll(/["'`](?:[^"'`]*\/)?(_astro\/[\w.@~-]+\.css)["'`]/g))
        lazy.add(name[1]!);
  return lazy;
}

/** The scripts (`_astro/<name>.js`) a page loads by `<script src>`. */
export function pageScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const tag of html.matchAll(/<script\b[^>]*\bsrc=["']?[^"'\s>]*?(_astro\/[\w.@~-]+\.js)/g))
    scripts.push(tag[1]!);
  return scripts;
}

/** Every stylesheet that `entries` bring by static imports alone, so the page must link it. */
export function staticStylesheets(entries: string[], graph: ChunkGraph): Set<string> {
  const css = new Set<string>();
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const chunk = pending.pop()!;
    if (seen.has(chunk)) continue;
    seen.add(chunk);
    const node = graph.get(chunk);
    if (!node) continue;
    for (const file of node.css) css.add(file);
    pending.push(...node.imports);
  }
  return css;
}

/** The stylesheets of the chunks whose entry is one of `modules`, and of their static imports. */
export function stylesheetsOfModules(modules: string[], graph: ChunkGraph): Set<string> {
  const entries = modules.map((module) => {
    const found = [...graph].find(([, node]) => node.module === module);
    if (!found)
      throw new Error(
        `payi-lazy-css: no chunk of the client build is the entry of ${module}, which keepLinked names; was the module moved or renamed?`,
      );
    return found[0];
  });
  return staticStylesheets(entries, graph);
}

/** The page without `<link rel="stylesheet">` to any of `lazy`; returns the page as is if none. */
export function withoutLazyStylesheets(html: string, lazy: Set<string>): string {
  return filterStylesheetLinks(html, (href) => {
    const file = /(_astro\/[\w.@~-]+\.css)$/.exec(href)?.[1];
    return !(file && lazy.has(file));
  });
}

/** The page without the links `lazy` names, except those its own scripts need statically. */
export function withoutPageLazyStylesheets(
  html: string,
  lazy: Set<string>,
  graph: ChunkGraph,
): string {
  const needed = staticStylesheets(pageScripts(html), graph);
  return withoutLazyStylesheets(html, new Set([...lazy].filter((file) => !needed.has(file))));
}

function names(files: Set<string>): string {
  return [...files].map((file) => file.slice("_astro/".length)).join(", ");
}

/** Records the client build's chunk graph into `graph` (the server build's chunks live elsewhere). */
function chunkGraphRecorder(graph: ChunkGraph, projectRoot: string): Plugin {
  return {
    name: "payi-lazy-css:chunk-graph",
    apply: "build",
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== "chunk" || !output.fileName.startsWith("_astro/")) continue;
        const node: ChunkNode = {
          imports: output.imports,
          css: [...(output.viteMetadata?.importedCss ?? [])],
        };
        if (output.facadeModuleId)
          node.module = path.relative(projectRoot, output.facadeModuleId).split(path.sep).join("/");
        graph.set(output.fileName, node);
      }
    },
  };
}

export interface LazyCssOptions {
  /** Modules (paths from the project root) whose stylesheets stay linked although lazy. */
  keepLinked?: string[];
}

export function lazyCss(options: LazyCssOptions = {}): AstroIntegration {
  const graph: ChunkGraph = new Map();
  return {
    name: "payi-lazy-css",
    hooks: {
      "astro:config:setup": ({ config, updateConfig }) => {
        const projectRoot = fileURLToPath(config.root);
        updateConfig({ vite: { plugins: [chunkGraphRecorder(graph, projectRoot)] } });
      },
      // Before the service worker's plan (listed after this one), which follows the pages' links.
      "astro:build:done": ({ dir, logger }) => {
        if (graph.size === 0)
          throw new Error(
            "payi-lazy-css: the client build's chunk graph was not recorded, so it cannot tell which stylesheets a page needs; check that its Vite plugin still runs in Astro's client build.",
          );
        const root = fileURLToPath(dir);
        const kept = stylesheetsOfModules(options.keepLinked ?? [], graph);
        const lazy = lazyStylesheets(
          filesUnder(path.join(root, "_astro"), ".js").map((file) => readFileSync(file, "utf8")),
        );
        for (const file of kept) lazy.delete(file);
        let links = 0;
        const pages = rewritePages(root, (html) => {
          const slimmer = withoutPageLazyStylesheets(html, lazy, graph);
          links += stylesheetLinkCount(html) - stylesheetLinkCount(slimmer);
          return slimmer;
        });
        logger.info(
          `${pages} pages no longer link stylesheets that load with their code (${links} links in all; lazy somewhere: ${names(lazy)}; kept linked: ${names(kept) || "none"})`,
        );
      },
    },
  };
}
