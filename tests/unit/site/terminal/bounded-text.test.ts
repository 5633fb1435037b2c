import assert from "node:assert/strict";
import { test } from "node:test";
import { BoundedText } from "../../../../src/sandbox-ui/terminal/bounded-text.ts";

test("BoundedText keeps the newest characters, exactly, however it was appended", () => {
  const text = new BoundedText(10);
  text.append("");
  assert.equal(text.toString(), "");
  text.append("abc");
  text.append("defgh");
  assert.equal(text.toString(), "abcdefgh");
  text.append("ijklmnop");
  assert.equal(text.toString(), "ghijklmnop");
  text.append("x".repeat(25));
  assert.equal(text.toString(), "x".repeat(10));
  text.clear();
  assert.equal(text.toString(), "");
});
