import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import {
  coreAssets,
  isLazyByPath,
  planOfflineFiles,
  siteUrl,
} from "../../../../src/integrations/offline-plan.ts";

/** A small built site: two pages, a sandbox chunk, the editor and compiler chunks, Python files. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "offline-plan-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const SITE = {
  "index.html":
    '<link rel="stylesheet" href="/_astro/page.A1.css"><script type="module" src="/_astro/page.B2.js"></script>',
  "day-2/index.html": '<script type="module" src="/_astro/page.B2.js"></script>',
  "404.html": "<p>not found</p>",
  "_astro/page.A1.css": "@font-face{src:url(/_astro/font.C3.woff2)}",
  "_astro/font.C3.woff2": "font",
  "_astro/page.B2.js": 'import("./sandbox.D4.js");',
  "_astro/sandbox.D4.js":
    'import"./shared.E5.js";const m=["_astro/terminal.F6.js"];import("./code-editor.G7.js");new Worker(new URL("/_astro/compiler.worker-H8.js",import.meta.url));',
  "_astro/shared.E5.js": "export const x=1;",
  "_astro/terminal.F6.js": "export const t=1;",
  "_astro/code-editor.G7.js": 'import"./shared.E5.js";import("./monaco.I9.js");',
  "_astro/monaco.I9.js": 'new Worker(new URL("/_astro/ts.worker-J0.js",import.meta.url))',
  "_astro/ts.worker-J0.js": "self.onmessage=()=>{}",
  "_astro/compiler.worker-H8.js": "self.onmessage=()=>{}",
  "_astro/orphan.K1.js": "nobody imports me",
  "sandbox-runtime/manifest.json": "{}",
  "sandbox-runtime/types.json": "{}",
  "pagefind/pagefind.js": "",
  "pagefind/pagefind-entry.json": "{}",
  "pagefind/index/en_1.pf_index": "",
  "pagefind/pagefind-ui.js": "",
  "pyodide/pyodide.asm.wasm": "wasm",
  "pyodide/site/payi/__init__.py": "",
  "manifest.webmanifest": "{}",
  _headers: "/*",
  "sw.js": "old worker",
};

test("pages, what they reach and the search index are core; the editor, compiler, types, pyodide/ and unreferenced files are lazy", async (t) => {
  const dir = fixture(SITE);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const plan = await planOfflineFiles({ distDir: dir });
  const core = plan.core.map((entry) => entry.url).sort();
  const lazy = plan.lazy.map((entry) => entry.url).sort();
  assert.deepEqual(core, [
    "/",
    "/404.html",
    "/_astro/font.C3.woff2",
    "/_astro/page.A1.css",
    "/_astro/page.B2.js",
    "/_astro/sandbox.D4.js",
    "/_astro/shared.E5.js",
    "/_astro/terminal.F6.js",
    "/day-2/",
    "/manifest.webmanifest",
    "/pagefind/index/en_1.pf_index",
    "/pagefind/pagefind-entry.json",
    "/pagefind/pagefind.js",
    "/sandbox-runtime/manifest.json",
  ]);
  assert.deepEqual(lazy, [
    "/_astro/code-editor.G7.js",
    "/_astro/compiler.worker-H8.js",
    "/_astro/monaco.I9.js",
    "/_astro/orphan.K1.js",
    "/_astro/ts.worker-J0.js",
    "/pagefind/pagefind-ui.js",
    "/pyodide/pyodide.asm.wasm",
    "/pyodide/site/payi/__init__.py",
    "/sandbox-runtime/types.json",
  ]);
  // Never cached: the worker itself and host configuration.
  assert.ok(![...core, ...lazy].some((url) => url === "/sw.js" || url === "/_headers"));
});

test("every entry has its size and integrity; hashed names have no revision, others do", async (t) => {
  const dir = fixture(SITE);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const plan = await planOfflineFiles({ distDir: dir });
  const day2 = plan.core.find((entry) => entry.url === "/day-2/")!;
  const html = SITE["day-2/index.html"];
  assert.equal(day2.size, Buffer.byteLength(html));
  assert.equal(day2.integrity, `sha384-${createHash("sha384").update(html).digest("base64")}`);
  assert.match(day2.revision!, /^[0-9a-f]{32}$/);
  assert.equal(plan.core.find((entry) => entry.url === "/_astro/page.B2.js")!.revision, null);
  assert.match(plan.version, /^[0-9a-f]{12}$/);
});

test("the version changes when any file does, and only then", async (t) => {
  const a = fixture(SITE);
  const b = fixture(SITE);
  const c = fixture({ ...SITE, "day-2/index.html": "<p>changed</p>" });
  t.after(() => [a, b, c].forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const [planA, planB, planC] = await Promise.all(
    [a, b, c].map((distDir) => planOfflineFiles({ distDir })),
  );
  assert.equal(planA!.version, planB!.version);
  assert.notEqual(planA!.version, planC!.version);
});

test("a renamed editor or compiler module fails the build instead of being precached", async (t) => {
  const files: Record<string, string> = { ...SITE };
  delete files["_astro/code-editor.G7.js"];
  const dir = fixture(files);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await assert.rejects(
    planOfflineFiles({ distDir: dir }),
    /the code editor \(Monaco\).*LAZY_ROOTS/s,
  );
});

test("site URLs: pages at their folder, other files as they are, under the base", () => {
  assert.equal(siteUrl("index.html"), "/");
  assert.equal(siteUrl("day-2/index.html"), "/day-2/");
  assert.equal(siteUrl("workshop/room/index.html"), "/workshop/room/");
  assert.equal(siteUrl("404.html"), "/404.html");
  assert.equal(siteUrl("_astro/x.js", "/course"), "/course/_astro/x.js");
});

test("lazy by path: the type bundle, anything under pyodide/, Pagefind's unused UI", () => {
  assert.equal(isLazyByPath("sandbox-runtime/types.json"), true);
  assert.equal(isLazyByPath("pyodide/any/new/file.zip"), true);
  assert.equal(isLazyByPath("pagefind/pagefind-component-ui.js"), true);
  assert.equal(isLazyByPath("pagefind/wasm.en.pagefind"), false);
  assert.equal(isLazyByPath("pagefind/fragment/en_1.pf_fragment"), false);
  assert.equal(isLazyByPath("sandbox-runtime/node_modules/payi-lab/instrument.js"), false);
});

test("core assets follow references but stop at the editor and the compiler", () => {
  const texts: Record<string, string> = {
    "a.html": "/_astro/p.1.js",
    "_astro/p.1.js": "code-editor.2.js compiler.worker-3.js q.4.js",
    "_astro/code-editor.2.js": "q.4.js m.5.js",
    "_astro/compiler.worker-3.js": "",
    "_astro/q.4.js": "",
    "_astro/m.5.js": "",
  };
  const reached = coreAssets(Object.keys(texts), (file) => texts[file]!);
  assert.deepEqual([...reached].sort(), ["_astro/p.1.js", "_astro/q.4.js"]);
});
