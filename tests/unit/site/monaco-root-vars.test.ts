/**
 * Monaco's CSS may set custom properties on :root only where the page's own CSS already sets them
 * to the same values (sandbox.css): a new inherited value restyles the whole lesson page when the
 * editor opens. Reads every CSS file of Monaco's ESM build, so an upgrade that adds or changes one
 * fails here.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

const MONACO = "node_modules/monaco-editor/esm";

/** `--name: value` pairs declared in `:root { ... }` blocks of a stylesheet's text. */
function rootProperties(css: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const block of css.matchAll(/(?:^|[}\s]):root\s*\{([^}]*)\}/g))
    for (const declaration of block[1]!.matchAll(/(--[\w-]+)\s*:\s*([^;]+)/g))
      found.set(declaration[1]!, declaration[2]!.trim());
  return found;
}

test("every custom property Monaco sets on :root is set to the same value by sandbox.css", () => {
  const monaco = new Map<string, string>();
  for (const entry of readdirSync(MONACO, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".css")) continue;
    const css = readFileSync(path.join(entry.parentPath, entry.name), "utf8");
    for (const [name, value] of rootProperties(css)) monaco.set(name, value);
  }
  assert.ok(monaco.size > 0, "Monaco's CSS sets custom properties on :root (sash.css)");
  const ours = rootProperties(readFileSync("src/sandbox-ui/sandbox.css", "utf8"));
  for (const [name, value] of monaco) assert.equal(ours.get(name), value, `${name} in sandbox.css`);
});
