/**
 * Every exercise checks itself: its starter code fails its Check with a message saying what is
 * still wrong, its solution passes, and plausible wrong solutions (wrong-solutions/<id>/) fail
 * with the problem they are about. Runs exactly as the sandboxes do, in Node.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ensureBundle } from "../../../sandbox/cli/ensure-bundle.ts";
import { runProgram } from "../../../sandbox/cli/run-program.ts";
import { runPythonProgram } from "../../../sandbox/cli/run-python-program.ts";
import type { Check } from "../../../src/exercises/check-kit.ts";

const exercisesDir = fileURLToPath(new URL("../../../content/exercises/", import.meta.url));
const wrongDir = fileURLToPath(new URL("./wrong-solutions/", import.meta.url));

interface WrongSolution {
  file: string;
  /** What the learner got wrong (the `// Wrong:` comment). */
  mistake: string;
  /** The problem the check must name (the `// Expect:` regular expression). */
  expect: RegExp;
}

function wrongSolutions(id: string): WrongSolution[] {
  const dir = path.join(wrongDir, id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".ts"))
    .sort()
    .map((file) => {
      const source = readFileSync(path.join(dir, file), "utf8");
      const mistake = /^\/\/ Wrong: (.+(?:\n\/\/ (?!Expect:).+)*)/m.exec(source)?.[1];
      const expect = /^\/\/ Expect: (.+)$/m.exec(source)?.[1];
      if (!mistake || !expect)
        throw new Error(
          `${id}/${file} needs a "// Wrong:" and an "// Expect:" comment at the top.`,
        );
      return {
        file: path.join(dir, file),
        mistake: mistake.replace(/\n\/\/ /g, " "),
        expect: new RegExp(expect),
      };
    });
}

function listExercises(): string[] {
  return readdirSync(exercisesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function runAndCheck(id: string, which: "starter" | "solution" | { file: string }) {
  const file = typeof which === "string" ? path.join(exercisesDir, id, `${which}.ts`) : which.file;
  // Named as the page names it (`<id>.ts`), so default use case names match the browser.
  const result = await runProgram(readFileSync(file, "utf8"), {
    fileName: `${id}.ts`,
    latencyScale: 0,
    timeoutMs: 30_000,
  });
  const check = ((await import(path.join(exercisesDir, id, "check.ts"))) as { default: Check })
    .default;
  const exitCode = result.end.kind === "exited" ? result.end.code : null;
  return {
    verdict: check({
      events: result.events,
      uncaptured: result.uncaptured,
      output: result.output,
      exitCode,
    }),
    output: result.output,
  };
}

/** The same check on the Python tab's program (`starter.py`, `solution.py`), run in Pyodide. */
async function runPythonAndCheck(id: string, which: "starter" | "solution") {
  const result = await runPythonProgram(
    readFileSync(path.join(exercisesDir, id, `${which}.py`), "utf8"),
    { fileName: `${id}.py`, latencyScale: 0, timeoutMs: 90_000 },
  );
  const check = ((await import(path.join(exercisesDir, id, "check.ts"))) as { default: Check })
    .default;
  const exitCode = result.end.kind === "exited" ? result.end.code : null;
  return {
    verdict: check({
      events: result.events,
      uncaptured: result.uncaptured,
      output: result.output,
      exitCode,
    }),
    output: result.output,
  };
}

before(async () => {
  await ensureBundle();
});

describe("exercises", () => {
  test("there are exercises", () => {
    assert.ok(listExercises().length > 0);
  });
  for (const id of listExercises()) {
    test(`${id}: the starter fails its check, saying what is wrong`, async () => {
      const { verdict, output } = await runAndCheck(id, "starter");
      assert.equal(verdict.passed, false, output);
      assert.ok(verdict.problems.length > 0);
      for (const problem of verdict.problems)
        assert.ok(problem.length > 15, `too vague: ${problem}`);
    });
    test(`${id}: has 2 to 4 hints in hints.md, from a nudge to nearly the answer`, () => {
      const hints = readFileSync(path.join(exercisesDir, id, "hints.md"), "utf8")
        .split(/^---$/m)
        .map((hint) => hint.trim())
        .filter(Boolean);
      assert.ok(hints.length >= 2 && hints.length <= 4, `${hints.length} hints`);
      for (const hint of hints) assert.ok(hint.length > 40, `too short a hint: ${hint}`);
    });
    test(`${id}: the solution passes its check`, async () => {
      const { verdict, output } = await runAndCheck(id, "solution");
      assert.deepEqual(verdict.problems, [], output);
      assert.equal(verdict.passed, true);
    });
    test(`${id}: has at least two plausible wrong solutions to test its check with`, () => {
      assert.ok(wrongSolutions(id).length >= 2, `add them under wrong-solutions/${id}/`);
    });
    for (const wrong of wrongSolutions(id)) {
      test(`${id}: a wrong solution fails, saying why (${path.basename(wrong.file)}: ${wrong.mistake})`, async () => {
        const { verdict, output } = await runAndCheck(id, { file: wrong.file });
        assert.equal(verdict.passed, false, `the check passed a wrong solution\n${output}`);
        assert.ok(
          verdict.problems.some((problem) => wrong.expect.test(problem)),
          `no problem matches ${wrong.expect}; the check said:\n${verdict.problems.join("\n")}`,
        );
        for (const problem of verdict.problems)
          assert.ok(problem.length > 15, `too vague: ${problem}`);
      });
    }
  }

  describe("in Python: the same check judges the Python tab's program", { concurrency: 2 }, () => {
    for (const id of listExercises()) {
      test(`${id}: starter.py fails its check, solution.py passes`, async () => {
        for (const which of ["starter", "solution"] as const)
          assert.ok(
            existsSync(path.join(exercisesDir, id, `${which}.py`)),
            `${id} has no ${which}.py: every exercise can be solved in Python too`,
          );
        const starter = await runPythonAndCheck(id, "starter");
        assert.equal(starter.verdict.passed, false, `${id}/starter.py passes its check`);
        assert.ok(starter.verdict.problems.length > 0);
        const solution = await runPythonAndCheck(id, "solution");
        assert.deepEqual(solution.verdict.problems, [], solution.output);
      });
    }
  });
});
