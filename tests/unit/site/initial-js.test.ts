import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  builtPages,
  main,
  measurePage,
  resolveSitePath,
  scriptTags,
  staticImports,
} from "../../budget/initial-js.ts";

test("scriptTags finds external, inline and preloaded scripts, and skips non-JS ones", () => {
  const html = `<html><head>
    <script type="module" src="/_astro/a.js"></script>
    <link rel="modulepreload" href="/_astro/pre.js">
    <link rel="stylesheet" href="/_astro/x.css">
    <script>window.x = 1</script>
    <script type="application/ld+json">{"a":1}</script>
    <!-- <script src="/commented.js"></script> -->
    <script type=module>import "./b.js"</script>
    <script src='/classic.js' defer></script>
  </head></html>`;
  assert.deepEqual(scriptTags(html), [
    { src: "/_astro/a.js", module: true },
    { src: "/_astro/pre.js", module: true },
    { inline: "window.x = 1", module: false },
    { inline: 'import "./b.js"', module: true },
    { src: "/classic.js", module: false },
  ]);
});

test("staticImports follows imports and re-exports but not dynamic import()", async () => {
  const source = `
    import a from "./a.js";
    import "./side-effect.js";
    export { b } from "./b.js";
    export * from "./star.js";
    const lazy = () => import("./lazy.js");
    console.log(import.meta.url);
  `;
  assert.deepEqual(await staticImports(source), [
    "./a.js",
    "./side-effect.js",
    "./b.js",
    "./star.js",
  ]);
});

test("resolveSitePath resolves relative to the importer and rejects other origins", () => {
  assert.equal(resolveSitePath("./b.js", "/_astro/a.js"), "/_astro/b.js");
  assert.equal(resolveSitePath("../x.js?v=1", "/_astro/deep/a.js"), "/_astro/x.js");
  assert.equal(resolveSitePath("/_astro/c.js", "/day-1/"), "/_astro/c.js");
  assert.equal(resolveSitePath("c.js", "/day-1/"), "/day-1/c.js");
  assert.equal(resolveSitePath("https://cdn.example/x.js", "/"), null);
  assert.equal(resolveSitePath("//cdn.example/x.js", "/"), null);
});

test("measurePage counts each statically reached file once, gzipped, and ignores lazy chunks", async () => {
  const files: Record<string, string> = {
    "/_astro/entry.js":
      'import "./shared.js"; import "./dep.js"; const l = () => import("./lazy.js");',
    "/_astro/dep.js": 'import "./shared.js"; export const d = 1;',
    "/_astro/shared.js": "export const s = " + JSON.stringify("x".repeat(500)) + ";",
    "/_astro/lazy.js": "export const huge = " + JSON.stringify("y".repeat(100_000)) + ";",
  };
  const html = '<script type="module" src="/_astro/entry.js"></script><script>var t=1</script>';
  const report = await measurePage("/day-1/", html, (p) => {
    const text = files[p];
    if (text === undefined) throw new Error(`missing ${p}`);
    return text;
  });
  assert.deepEqual(
    report.scripts.map((s) => s.name),
    ["/_astro/entry.js", "/_astro/shared.js", "/_astro/dep.js", "inline #1"],
  );
  for (const s of report.scripts) assert.ok(s.gzipBytes > 0 && s.bytes > 0);
  assert.equal(
    report.totalGzipBytes,
    report.scripts.reduce((n, s) => n + s.gzipBytes, 0),
  );
  assert.ok(report.totalGzipBytes < 1024, "the lazy 100 KB chunk must not count");
});

test("main fails when a page is over budget and passes under it", async () => {
  const dist = mkdtempSync(join(tmpdir(), "budget-"));
  mkdirSync(join(dist, "_astro"));
  mkdirSync(join(dist, "day-1"));
  // Random-looking text gzips poorly, so 3 KB of it stays well over 1 KB gzipped.
  let noise = "";
  for (let i = 0; noise.length < 3000; i++) noise += ((i * 2654435761) >>> 0).toString(36);
  writeFileSync(join(dist, "_astro", "big.js"), `export const n = "${noise}";`);
  writeFileSync(
    join(dist, "day-1", "index.html"),
    '<script type="module" src="/_astro/big.js"></script>',
  );
  writeFileSync(join(dist, "index.html"), "<p>no scripts</p>");
  assert.deepEqual(builtPages(dist), ["/day-1/", "/"]);

  const log = console.log;
  const error = console.error;
  console.log = console.error = () => {};
  try {
    assert.equal(await main(dist, 1), 1);
    assert.equal(await main(dist, 60), 0);
  } finally {
    console.log = log;
    console.error = error;
  }
});
