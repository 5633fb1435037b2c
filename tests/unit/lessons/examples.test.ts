/**
 * Every lesson example runs (compiled and run exactly as the sandboxes do, in Node) and produces
 * exactly the tags it declares in its `.expect.json`, and each of its calls is one the workshop
 * room service accepts (its schema checks events in full, with bounds of its own).
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import * as v from "valibot";
import { ensureBundle } from "../../../sandbox/cli/ensure-bundle.ts";
import { runProgram } from "../../../sandbox/cli/run-program.ts";
import { describeIssues } from "../../../server/validation/messages.ts";
import { PostCallsBodySchema } from "../../../server/validation/requests.ts";
import { sampleOrigin } from "../../support/call-event.ts";
import { compareRun, type ExampleExpectation } from "./expectations.ts";

const examplesDir = fileURLToPath(new URL("../../../content/examples/", import.meta.url));

export function listExamples(): string[] {
  return readdirSync(examplesDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .sort();
}

before(async () => {
  await ensureBundle();
});

describe("lesson examples", () => {
  test("there are examples to check", () => {
    assert.ok(listExamples().length > 0);
  });
  for (const file of listExamples()) {
    test(`${file} produces the tags it declares`, async () => {
      const expectFile = path.join(examplesDir, file.replace(/\.ts$/, ".expect.json"));
      assert.ok(
        existsSync(expectFile),
        `${file} has no ${path.basename(expectFile)} declaring what its run must produce`,
      );
      const expectation = JSON.parse(readFileSync(expectFile, "utf8")) as ExampleExpectation;
      const result = await runProgram(readFileSync(path.join(examplesDir, file), "utf8"), {
        fileName: path.basename(file),
        latencyScale: 0,
        timeoutMs: 30_000,
      });
      const exitCode = result.end.kind === "exited" ? result.end.code : null;
      assert.deepEqual(
        compareRun(expectation, {
          events: result.events,
          uncaptured: result.uncaptured,
          output: result.output,
          exitCode,
        }),
        [],
        result.output,
      );
      result.events.forEach((event, index) => {
        const body = { calls: [{ id: `example-call-${index}`, event, meta: sampleOrigin() }] };
        const check = v.safeParse(PostCallsBodySchema, body);
        assert.ok(check.success, check.issues && describeIssues("body", check.issues));
      });
    });
  }
});
