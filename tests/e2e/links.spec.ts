/** No broken internal links or anchors anywhere in the built site. */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

const dist = path.resolve("dist");

function htmlFiles(): string[] {
  return readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((file) =>
    file.endsWith(".html"),
  );
}

/** The file a site path is served from, as `astro preview` resolves it. */
function fileFor(sitePath: string): string | undefined {
  const clean = decodeURIComponent(sitePath.replace(/^\//, ""));
  for (const candidate of [clean, path.join(clean, "index.html"), `${clean}.html`]) {
    const file = path.join(dist, candidate);
    if (
      existsSync(file) &&
      !file.endsWith(path.sep) &&
      readdirSync(path.dirname(file)).includes(path.basename(file))
    )
      return file;
  }
  return undefined;
}

function idsIn(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!));
}

test("every internal link and anchor in the built site resolves", () => {
  const pages = htmlFiles();
  expect(pages.length).toBeGreaterThan(5);
  const broken: string[] = [];
  let checked = 0;
  for (const page of pages) {
    const html = readFileSync(path.join(dist, page), "utf8");
    const pagePath = `/${page.replace(/index\.html$/, "")}`;
    for (const [, href] of html.matchAll(/<a\s[^>]*href="([^"]+)"/g)) {
      if (!href || /^(https?:|mailto:|javascript:)/.test(href)) continue;
      const url = new URL(href.replace(/&amp;/g, "&"), `http://site${pagePath}`);
      const target = url.pathname === pagePath ? path.join(dist, page) : fileFor(url.pathname);
      checked++;
      if (!target) {
        broken.push(`${pagePath}: ${href} (no such page)`);
        continue;
      }
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (anchor && anchor !== "_top" && !idsIn(readFileSync(target, "utf8")).has(anchor)) {
        broken.push(`${pagePath}: ${href} (no #${anchor} on that page)`);
      }
    }
  }
  expect(checked).toBeGreaterThan(20);
  expect(broken).toEqual([]);
});
