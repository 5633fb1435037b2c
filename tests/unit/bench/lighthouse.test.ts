import assert from "node:assert/strict";
import { test } from "node:test";
import { loadLighthouse } from "../../bench/lighthouse.ts";

test("loadLighthouse says what to install when the package is missing", async () => {
  const missing = Object.assign(new Error("Cannot find package 'lighthouse'"), {
    code: "ERR_MODULE_NOT_FOUND",
  });
  const result = await loadLighthouse(() => Promise.reject(missing));
  assert.ok("missing" in result);
  assert.match(result.missing, /not in node_modules.*npm install/);
});

test("loadLighthouse throws any other import error (a broken install is not a skip)", async () => {
  await assert.rejects(
    loadLighthouse(() => Promise.reject(new SyntaxError("Unexpected token"))),
    SyntaxError,
  );
});
