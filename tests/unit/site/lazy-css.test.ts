import assert from "node:assert/strict";
import { test } from "node:test";
import { lazyStylesheets, withoutLazyStylesheets } from "../../../src/integrations/lazy-css.ts";

const controller = `const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["_astro/code-editor.Bp.js","_astro/terminal-view.Xh.js","_astro/terminal-view.iZ.css"])))=>i.map(i=>d[i]);
import("./code-editor.Bp.js").then(()=>__vite__mapDeps([0,1,2]));`;
const page = `<head><link rel="stylesheet" href="/_astro/print.e.css" media="print">
<link rel="stylesheet" href="/_astro/common.C.css"><link rel="stylesheet" href="/_astro/terminal-view.iZ.css">
<link rel="preload" href="/_astro/terminal-view.iZ.css"></head>`;

test("stylesheets named in a script's preload list are the lazy ones", () => {
  assert.deepEqual(
    [...lazyStylesheets([controller, 'import "./common.C.css";'])],
    ["_astro/terminal-view.iZ.css"],
  );
});

test("a page keeps its own stylesheets and loses only the lazy ones' links", () => {
  const slim = withoutLazyStylesheets(page, lazyStylesheets([controller]));
  assert.match(slim, /common\.C\.css/);
  assert.match(slim, /print\.e\.css/);
  assert.doesNotMatch(slim, /rel="stylesheet" href="\/_astro\/terminal-view/);
  // Not a stylesheet link: left alone.
  assert.match(slim, /rel="preload" href="\/_astro\/terminal-view\.iZ\.css"/);
});

test("a page with nothing lazy is returned as it was", () => {
  assert.equal(withoutLazyStylesheets(page, new Set()), page);
});
