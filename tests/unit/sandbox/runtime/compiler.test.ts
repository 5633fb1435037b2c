import assert from "node:assert/strict";
import { test } from "node:test";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { compileLesson, HELPERS_MODULE } from "../../../../sandbox/compiler/compile.ts";

test("async functions are lowered onto the runtime's helpers, not tslib", () => {
  const { ok, code } = compileLesson(
    "const f = async () => { await 1; };\nawait f();\n",
    "lesson.ts",
  );
  assert.equal(ok, true);
  assert.match(code, new RegExp(`import \\{ __awaiter \\} from "${HELPERS_MODULE}"`));
  assert.doesNotMatch(code, /async \(/);
  assert.doesNotMatch(code, /tslib/);
  assert.match(code, /^await f\(\);$/m, "top-level await stays native");
});

test("types are erased and a type error alone does not stop the program", () => {
  const { ok, code, diagnostics } = compileLesson(
    'const n: number = "x";\nexport {};\n',
    "lesson.ts",
  );
  assert.equal(ok, true);
  assert.deepEqual(diagnostics, []);
  assert.match(code, /const n = "x";/);
});

test("a syntax error stops it, with the learner's line and column", () => {
  const { ok, diagnostics } = compileLesson("const a = 1;\nconst b = ;\n", "lesson.ts");
  assert.equal(ok, false);
  assert.deepEqual(
    diagnostics.map(({ file, line, column, category }) => ({ file, line, column, category })),
    [{ file: "lesson.ts", line: 2, column: 11, category: "error" }],
  );
});

test("the source map leads from the compiled code back to the learner's position", () => {
  const source =
    "const a = 1;\n\nasync function main() {\n  await null;\n  console.log(a);\n}\nmain();\n";
  const { code, map, outputFile } = compileLesson(source, "lesson.ts");
  assert.equal(outputFile, "lesson.mjs");
  assert.match(code, /\/\/# sourceMappingURL=lesson\.mjs\.map$/m);
  const lines = code.split("\n");
  const line = lines.findIndex((text) => text.includes("console.log(a)")) + 1;
  const column = lines[line - 1]!.indexOf("console");
  const original = originalPositionFor(new TraceMap(map), { line, column });
  assert.deepEqual([original.source, original.line, original.column], ["lesson.ts", 5, 2]);
});

test("standard decorators compile (ingest as a class-method decorator)", () => {
  const { ok, code } = compileLesson(
    "class A { @dec m() {} }\nfunction dec(f: unknown) { return f; }\n",
    "lesson.ts",
  );
  assert.equal(ok, true);
  assert.match(code, /__esDecorate/);
});
