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
 * CSS (Starlight's, the components') is never in such a list and stays.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";

/** The CSS files (`_astro/<name>.css`) that some script loads itself when it needs them. */
export function lazyStylesheets(scripts: string[]): Set<string> {
  const lazy = new Set<string>();
  for (const text of scripts)
    for (const list of text.matchAll(/__vite__mapDeps[\s\S]{0,80}?\[([^\]]*)\]/g))
      for (const name of list[1]!.matchAll(/["'`](?:[^"'`]*\/)?(_astro\/[\w.@~-]+\.css)["'`]/g))
        lazy.add(name[1]!);
  return lazy;
}

/** The page without `<link rel="stylesheet">` to any of `lazy`; returns the page as is if none. */
export function withoutLazyStylesheets(html: string, lazy: Set<string>): string {
  return html.replace(/<link\b[^>]*>/g, (tag) => {
    if (!/\brel=["']?stylesheet\b/.test(tag)) return tag;
    const href = /\bhref=["']?([^"'\s>]+)/.exec(tag)?.[1] ?? "";
    const file = /(_astro\/[\w.@~-]+\.css)$/.exec(href)?.[1];
    return file && lazy.has(file) ? "" : tag;
  });
}

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(ending))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

export function lazyCss(): AstroIntegration {
  return {
    name: "payi-lazy-css",
    hooks: {
      // Before the service worker's plan (listed after this one), which follows the pages' links.
      "astro:build:done": ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const lazy = lazyStylesheets(
          filesUnder(path.join(root, "_astro"), ".js").map((file) => readFileSync(file, "utf8")),
        );
        let pages = 0;
        for (const file of filesUnder(root, ".html")) {
          const html = readFileSync(file, "utf8");
          const slimmer = withoutLazyStylesheets(html, lazy);
          if (slimmer === html) continue;
          writeFileSync(file, slimmer);
          pages++;
        }
        logger.info(
          `${pages} pages no longer link ${lazy.size} stylesheets that load with their code: ${[...lazy].map((file) => file.slice("_astro/".length)).join(", ")}`,
        );
      },
    },
  };
}
