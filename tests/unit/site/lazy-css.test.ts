import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type ChunkGraph,
  lazyStylesheets,
  pageScripts,
  staticStylesheets,
  stylesheetsOfModules,
  withoutLazyStylesheets,
  withoutPageLazyStylesheets,
} from "../../../src/integrations/lazy-css.ts";

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

// Cost Drivers imports the data table statically; a lesson's live panel brings it lazily.
const graph: ChunkGraph = new Map([
  ["_astro/CostDrivers.js", { imports: ["_astro/engine.js"], css: [] }],
  ["_astro/engine.js", { imports: ["_astro/data-table.js"], css: [] }],
  ["_astro/data-table.js", { imports: [], css: ["_astro/data-table.Z.css"] }],
  ["_astro/Sandbox.js", { imports: [], css: [] }],
]);
const lazyTable = lazyStylesheets([
  `const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["_astro/live-panel.js","_astro/data-table.js","_astro/data-table.Z.css"])))=>i.map(i=>d[i]);`,
]);
const linkTable = `<link rel="stylesheet" href="/_astro/data-table.Z.css">`;

test("a page's scripts are its <script src> to _astro/", () => {
  assert.deepEqual(
    pageScripts(
      `<script type="module" src="/_astro/CostDrivers.js"></script><script>inline()</script><script src="https://x.test/a.js"></script>`,
    ),
    ["_astro/CostDrivers.js"],
  );
});

test("the stylesheets a page needs are those its scripts reach by static imports, at any depth", () => {
  assert.deepEqual(
    [...staticStylesheets(["_astro/CostDrivers.js"], graph)],
    ["_astro/data-table.Z.css"],
  );
  assert.deepEqual([...staticStylesheets(["_astro/Sandbox.js"], graph)], []);
});

test("CSS lazy on one page but static on another stays linked where it is static", () => {
  const costDrivers = `${linkTable}<script type="module" src="/_astro/CostDrivers.js"></script>`;
  assert.equal(withoutPageLazyStylesheets(costDrivers, lazyTable, graph), costDrivers);
  const lesson = `${linkTable}<script type="module" src="/_astro/Sandbox.js"></script>`;
  assert.doesNotMatch(withoutPageLazyStylesheets(lesson, lazyTable, graph), /data-table/);
});

test("keepLinked: a module's stylesheets and its static imports' are found by its entry chunk", () => {
  const withModules: ChunkGraph = new Map([
    ...graph,
    [
      "_astro/live-panel.js",
      {
        imports: ["_astro/data-table.js"],
        css: ["_astro/live-panel.L.css"],
        module: "src/live-panel.ts",
      },
    ],
  ]);
  assert.deepEqual([...stylesheetsOfModules(["src/live-panel.ts"], withModules)].sort(), [
    "_astro/data-table.Z.css",
    "_astro/live-panel.L.css",
  ]);
  assert.deepEqual([...stylesheetsOfModules([], withModules)], []);
});

test("keepLinked naming a module the build has no entry chunk for fails the build, saying so", () => {
  assert.throws(
    () => stylesheetsOfModules(["src/moved-away.ts"], graph),
    /no chunk of the client build is the entry of src\/moved-away\.ts/,
  );
});
