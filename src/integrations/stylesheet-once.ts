/**
 * Each built page links each stylesheet once. Expressive Code puts a `<link rel="stylesheet">` to
 * its CSS before the first code block of each of its renderers, so a lesson page (the Markdown's
 * blocks and the sandboxes' `<Code>`) linked `ec.*.css` twice. Harmless to the look, costly to
 * everything after: with one stylesheet linked twice, Chromium restyled and laid out the whole
 * page whenever any stylesheet or `<style>` was added anywhere in it (60 ms at full CPU speed on
 * /day-2/ for a one-rule `<style>`; 0.6 ms with the second link removed), which the editor's
 * stylesheets and every later insertion paid again.
 */
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { filterStylesheetLinks, rewritePages } from "./built-pages.ts";

/** The page with every `<link rel="stylesheet">` after the first to the same address removed. */
export function withStylesheetsOnce(html: string): string {
  const seen = new Set<string>();
  return filterStylesheetLinks(html, (href, tag) => {
    // The same address under another media query is another stylesheet.
    const key = `${href} ${/\bmedia=["']?([^"'>]+)/.exec(tag)?.[1] ?? "all"}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function stylesheetOnce(): AstroIntegration {
  return {
    name: "payi-stylesheet-once",
    hooks: {
      "astro:build:done": ({ dir, logger }) => {
        const pages = rewritePages(fileURLToPath(dir), withStylesheetsOnce);
        logger.info(`${pages} pages linked a stylesheet more than once; now once`);
      },
    },
  };
}
