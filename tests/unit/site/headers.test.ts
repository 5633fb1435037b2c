import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isolationHeaders } from "../../../astro.config.mjs";

const expected = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

test("dev and preview servers send the cross-origin isolation headers", () => {
  assert.deepEqual(isolationHeaders, expected);
});

test("public/_headers (Netlify, Cloudflare) sets the same headers on every path", () => {
  const text = readFileSync("public/_headers", "utf8");
  const lines = text.split("\n").filter((l) => l.trim() && !l.trimStart().startsWith("#"));
  assert.equal(lines[0], "/*");
  const headers = Object.fromEntries(
    lines.slice(1).map((l) => {
      assert.match(l, /^\s+\S/, `header line must be indented under its path: ${l}`);
      const at = l.indexOf(":");
      return [l.slice(0, at).trim(), l.slice(at + 1).trim()];
    }),
  );
  assert.deepEqual(headers, expected);
});

test("vercel.json sets the same headers on every path", () => {
  const config = JSON.parse(readFileSync("vercel.json", "utf8")) as {
    outputDirectory: string;
    headers: { source: string; headers: { key: string; value: string }[] }[];
  };
  assert.equal(config.outputDirectory, "dist");
  assert.equal(config.headers.length, 1);
  const [rule] = config.headers;
  assert.equal(rule?.source, "/(.*)");
  assert.deepEqual(Object.fromEntries(rule?.headers.map((h) => [h.key, h.value]) ?? []), expected);
});
