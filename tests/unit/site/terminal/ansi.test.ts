import assert from "node:assert/strict";
import { test } from "node:test";
import { ownLine, stripAnsi } from "../../../../src/sandbox-ui/terminal/ansi.ts";

const ESC = "\u001b";

test("stripAnsi removes CSI, OSC and two-character escapes, and keeps the text", () => {
  assert.equal(stripAnsi(`${ESC}[1;31mred${ESC}[0m plain`), "red plain");
  assert.equal(stripAnsi(`${ESC}]0;title\u0007after${ESC}]8;;x${ESC}\\link`), "afterlink");
  assert.equal(stripAnsi(`${ESC}Mfresh${ESC}[?25l`), "fresh");
});

test("ownLine: one colour, reset after, and a newline first unless the output ended a line", () => {
  assert.equal(ownLine("36", "› hi", true), `${ESC}[0m${ESC}[36m› hi${ESC}[0m\n`);
  assert.equal(ownLine("90", "── run 1 ──", false), `${ESC}[0m\n${ESC}[90m── run 1 ──${ESC}[0m\n`);
});
