/**
 * The built site's pages, for integrations that rewrite them after the build (lazy-css.ts,
 * stylesheet-once.ts): finding files, rewriting pages in place, and their stylesheet links.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Every file under `dir`, at any depth, whose name ends with `ending`. */
export function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(ending))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Rewrites every page under `root` with `rewrite`; returns how many pages it changed. */
export function rewritePages(root: string, rewrite: (html: string) => string): number {
  let changed = 0;
  for (const file of filesUnder(root, ".html")) {
    const html = readFileSync(file, "utf8");
    const rewritten = rewrite(html);
    if (rewritten === html) continue;
    writeFileSync(file, rewritten);
    changed++;
  }
  return changed;
}

/**
 * The page with each `<link rel="stylesheet">` that has an address kept only if `keep(href, tag)`
 * says so; every other tag is left as it is.
 */
export function filterStylesheetLinks(
  html: string,
  keep: (href: string, tag: string) => boolean,
): string {
  return html.replace(/<link\b[^>]*>/g, (tag) => {
    if (!/\brel=["']?stylesheet\b/.test(tag)) return tag;
    const href = /\bhref=["']?([^"'\s>]+)/.exec(tag)?.[1];
    return href === undefined || keep(href, tag) ? tag : "";
  });
}

/** How many `<link rel="stylesheet">` the page has. */
export function stylesheetLinkCount(html: string): number {
  return html.match(/rel=["']?stylesheet/g)?.length ?? 0;
}
