import assert from "node:assert/strict";
import { test } from "node:test";
import { describeEnd, NOT_RUN, panelEnd } from "../../../src/sandbox-ui/run-messages.ts";

const counts = { calls: 2, uncaptured: 0, ignored: 0 };

test("the panel's end is the terminal's: same outcome, code and words", () => {
  const finished = describeEnd({ kind: "exited", code: 0, crashed: false }, counts);
  assert.deepEqual(panelEnd(finished), {
    phase: "ended",
    outcome: "finished",
    exitCode: 0,
    text: "Finished · 2 instrumented calls",
  });
  const stopped = panelEnd(describeEnd({ kind: "stopped" }, counts));
  assert.equal(stopped.outcome, "stopped");
  assert.equal(stopped.exitCode, undefined);
});

test("a runner that failed shows as crashed in the panel (it has no outcome of its own)", () => {
  const failed = describeEnd({ kind: "runner-failed", message: "boot timed out" }, counts);
  assert.equal(failed.outcome, "runner-failed");
  assert.equal(panelEnd(failed).outcome, "crashed");
  assert.match(panelEnd(failed).text, /boot timed out/);
});

test("code that did not compile ends as not run", () => {
  assert.equal(NOT_RUN.phase, "ended");
  assert.equal(NOT_RUN.exitCode, 1);
  assert.match(NOT_RUN.text, /^Not run/);
});
