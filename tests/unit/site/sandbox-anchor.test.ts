import assert from "node:assert/strict";
import { test } from "node:test";
import { firstSandboxId, sandboxAnchor } from "../../../src/sandbox-ui/anchor.ts";

test("the skip link's target: the first <Sandbox> or <Exercise> of a lesson, by the id its element gets", () => {
  const body = `Intro\n\n<Sandbox\n  src="day-2/no-user-yet.ts"\n  title="x"\n/>\n\n<Exercise id="day-2-on-behalf-of" title="y" />`;
  assert.equal(firstSandboxId(body), "day-2/no-user-yet");
  assert.equal(sandboxAnchor("day-2/no-user-yet"), "sandbox-day-2-no-user-yet");
  assert.equal(
    firstSandboxId(`<Exercise id="day-1-instrument-first" title="t" />`),
    "exercise/day-1-instrument-first",
  );
  assert.equal(
    sandboxAnchor("exercise/day-1-instrument-first"),
    "sandbox-exercise-day-1-instrument-first",
  );
  assert.equal(
    firstSandboxId(`<Example\n  src="day-5/user-budgets.ts"\n  title="t"\n  emphasis="limits"\n/>`),
    "day-5/user-budgets",
  );
  assert.equal(firstSandboxId("No sandbox here."), null);
});
