/**
 * Scope propagation, tested through the real path: the fixture is compiled by the lesson compiler
 * and run by the Node host against the runtime bundle, as the sandboxes run it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, test } from "node:test";
import { ensureBundle } from "../../../../sandbox/cli/ensure-bundle.ts";
import { runProgram, type RunResult } from "../../../../sandbox/cli/run-program.ts";

const source = readFileSync(new URL("../fixtures/propagation.ts", import.meta.url), "utf8");
let result: RunResult;

before(async () => {
  await ensureBundle();
  result = await runProgram(source, {
    fileName: "propagation.ts",
    latencyScale: 0,
    timeoutMs: 60_000,
  });
});

test("the program ran to the end", () => {
  assert.deepEqual(result.end, { kind: "exited", code: 0, crashed: false }, result.output);
  assert.match(result.output, /done/);
});

test("every call is tagged with the user of the scope it was made in", () => {
  const wrong = result.events.filter((event) => {
    const expected = event.requestTags.value?.[0]?.replace(/^expect:/, "");
    return (expected === "none" ? null : expected) !== event.userId.value;
  });
  assert.deepEqual(
    wrong.map(
      (event) =>
        `call ${event.seq}: expected ${event.requestTags.value?.[0]}, got ${event.userId.value}`,
    ),
    [],
  );
});

test("each scenario made its calls: awaits, nested function, .then, timers, generator, decorator, nesting", () => {
  const count = (user: string) =>
    result.events.filter((event) => event.userId.value === user).length;
  assert.deepEqual(
    ["awaits", "then", "timer", "generator", "decorated", "inner", "outer"].map((user) => [
      user,
      count(user),
    ]),
    [
      ["awaits", 3],
      ["then", 2],
      ["timer", 1],
      ["generator", 2],
      ["decorated", 1],
      ["inner", 1],
      ["outer", 1],
    ],
  );
});

test("8 concurrent users x 3 calls x 20 rounds, interleaved with random delays, stay isolated", () => {
  const concurrent = result.events.filter((event) => event.userId.value?.startsWith("user_"));
  assert.equal(concurrent.length, 8 * 3 * 20);
  // The delays really interleaved the users: consecutive calls often belong to different users.
  const switches = concurrent.filter(
    (event, index) => index > 0 && concurrent[index - 1]?.userId.value !== event.userId.value,
  ).length;
  assert.ok(switches > 100, `only ${switches} switches between users`);
});

test("after every scope ends, a top-level call has no user and is flagged", () => {
  const last = result.events.at(-1);
  assert.equal(last?.userId.value, null);
  assert.match(last?.userId.why ?? "", /not attributable/);
});
