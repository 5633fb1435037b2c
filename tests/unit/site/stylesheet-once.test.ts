import assert from "node:assert/strict";
import { test } from "node:test";
import { withStylesheetsOnce } from "../../../src/integrations/stylesheet-once.ts";

test("a stylesheet linked twice (Expressive Code's, once per renderer) is linked once, the first time", () => {
  const page = `<head><link rel="stylesheet" href="/_astro/common.C.css"></head><body>
<div class="expressive-code"><link rel="stylesheet" href="/_astro/ec.x.css"><script type="module" src="/_astro/ec.js"></script></div>
<div class="expressive-code"><link rel="stylesheet" href="/_astro/ec.x.css"><script type="module" src="/_astro/ec.js"></script></div></body>`;
  const once = withStylesheetsOnce(page);
  assert.equal(once.match(/ec\.x\.css/g)?.length, 1);
  assert.ok(once.indexOf("ec.x.css") < once.indexOf("</div>"), "the first link is the one kept");
  assert.match(once, /common\.C\.css/);
  // Only links: the scripts stay as they were.
  assert.equal(once.match(/src="\/_astro\/ec\.js"/g)?.length, 2);
});

test("other links, and the same stylesheet for another medium, are left alone", () => {
  const page = `<link rel="stylesheet" href="/a.css"><link rel="stylesheet" href="/a.css" media="print"><link rel="preload" href="/a.css"><link rel="icon" href="/a.css">`;
  assert.equal(withStylesheetsOnce(page), page);
});
