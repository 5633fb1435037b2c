/** The CLI end to end, as a learner or a test would call it: `npm run sandbox -- <file.ts>`. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ensureBundle } from "../../../../sandbox/cli/ensure-bundle.ts";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const fixtures = path.join(root, "tests/unit/sandbox/fixtures");

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ["sandbox/cli/main.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    // Python programs boot Pyodide first: tens of seconds on a loaded machine.
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  await ensureBundle();
});

describe("a lesson program", () => {
  test("runs, prints its output, and one JSON line per call with --events jsonl", () => {
    const { code, stdout } = cli(
      "content/examples/day-2/answer-with-user.ts",
      "--events",
      "jsonl",
      "--latency",
      "0",
    );
    assert.equal(code, 0);
    const lines = stdout.trim().split("\n");
    const events = lines
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { userId: { value: string }; api: string });
    assert.equal(events.length, 1);
    assert.equal(events[0]?.userId.value, "user_123");
    assert.equal(events[0]?.api, "chat.completions");
    assert.ok(
      lines.some((line) => !line.startsWith("{") && line.length > 10),
      "the program's answer was printed",
    );
    assert.doesNotMatch(stdout, /\u001b\]7717/, "the raw event channel leaked into the output");
  });
  test("without --events, prints only the program's output", () => {
    const { code, stdout } = cli(
      "content/examples/day-2/answer-with-user.ts",
      "--latency",
      "0",
      "--no-typecheck",
    );
    assert.equal(code, 0);
    assert.doesNotMatch(stdout, /^\{"v":1/m);
    assert.doesNotMatch(stdout, /7717;payi-event/);
  });
  test("a type error is reported but the program still runs", () => {
    const { code, stdout, stderr } = cli(path.join(fixtures, "type-error.ts"), "--latency", "0");
    assert.equal(code, 0);
    assert.match(
      stderr,
      /type-error\.ts:1:7 - error TS2322: Type 'string' is not assignable to type 'number'/,
    );
    assert.match(stdout, /ran anyway three/);
  });
});

describe("a Python lesson program", () => {
  test("runs in Pyodide with the same events as its TypeScript twin's", () => {
    const run = (file: string) => {
      const { code, stdout, stderr } = cli(file, "--events", "jsonl", "--latency", "0");
      assert.equal(code, 0, stderr);
      return stdout
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => (JSON.parse(line) as { userId: { value: string } }).userId.value);
    };
    const python = run("content/examples/day-2/user-read-at-definition.py");
    assert.deepEqual(python, ["user_123", "user_123"], "the decoration-time trap, in Python");
    assert.deepEqual(python, run("content/examples/day-2/user-read-at-definition.ts"));
  });
  test("a Python syntax error is reported with its line and the program is not run", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "payi-cli-"));
    const file = path.join(dir, "typo.py");
    writeFileSync(file, 'print("must not print")\nif True\n    print(1)\n');
    const { code, stdout, stderr } = cli(file);
    assert.equal(code, 1);
    assert.doesNotMatch(stdout, /must not print/);
    assert.match(stdout + stderr, /line 2[\s\S]*SyntaxError/);
    assert.match(stderr, /was not run/);
  });
});

describe("bad input", () => {
  test("a missing file", () => {
    const { code, stderr } = cli("content/examples/nope.ts");
    assert.equal(code, 2);
    assert.match(stderr, /cannot read content\/examples\/nope\.ts: no such file/);
  });
  test("no file, and unknown options, print the usage", () => {
    assert.match(cli().stderr, /no program given[\s\S]*usage: npm run sandbox/);
    const unknown = cli("x.ts", "--colour");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /usage:/);
  });
  test("a syntax error stops the program with the line and column", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cli-test-"));
    const file = path.join(dir, "broken.ts");
    copyFileSync(path.join(fixtures, "syntax-error.txt"), file);
    const { code, stdout, stderr } = cli(file, "--no-typecheck");
    assert.equal(code, 1);
    assert.match(stderr, /broken\.ts:1:11 - error TS1109: Expression expected\./);
    assert.match(stderr, /syntax errors and was not run/);
    assert.equal(stdout, "");
  });
  test("a program that throws points at the learner's line", () => {
    const { code, stdout } = cli(path.join(fixtures, "throws.ts"), "--no-typecheck");
    assert.equal(code, 1);
    assert.match(stdout, /before/);
    assert.match(stdout, /Uncaught Error: boom at line 6/);
    assert.match(stdout, /at throws\.ts:6:9/);
    assert.match(stdout, /at throws\.ts:10:1/);
  });
  test("a program that never ends is stopped by --timeout", () => {
    const started = Date.now();
    const { code, stdout, stderr } = cli(
      path.join(fixtures, "endless.ts"),
      "--timeout",
      "1",
      "--no-typecheck",
    );
    assert.equal(code, 124);
    assert.match(stdout, /spinning/);
    assert.match(stderr, /stopped after 1 s: the program did not finish/);
    assert.ok(Date.now() - started < 20_000);
  });
});

describe("hostile programs", () => {
  test("an event the program prints itself is not an event: not in --events jsonl, and said on stderr", () => {
    const { code, stdout, stderr } = cli(
      "tests/unit/sandbox/fixtures/hostile/forged-event.ts",
      "--events",
      "jsonl",
      "--latency",
      "0",
    );
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stdout, /FORGED-USER/);
    assert.match(stdout, /no calls were made/);
    assert.match(stderr, /2 call events in the program's own output were ignored/);
  });
  test("an uncaught SDK error names the learner's line of the call", () => {
    const { code, stdout } = cli(
      "tests/unit/sandbox/fixtures/hostile/uncaught-sdk-error.ts",
      "--latency",
      "0",
      "--no-typecheck",
    );
    assert.equal(code, 1);
    assert.match(stdout, /Uncaught Error: 400 Missing required parameter/);
    assert.match(stdout, /at uncaught-sdk-error\.ts:7:\d+/);
  });
});
