/**
 * What the sandbox tells the learner that Pay-i would not: calls the instrumentation never saw,
 * and use case names Pay-i refuses.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { createHeaders } from "../../../../sandbox/runtime/headers.ts";
import { ingest, payiInstrument } from "../../../../sandbox/runtime/instrument.ts";
import { useCaseNameProblem } from "../../../../sandbox/runtime/use-case-name.ts";
import { freshSandbox, only, type Sandbox } from "./harness.ts";

let sb: Sandbox;
beforeEach(() => {
  sb = freshSandbox("lesson.ts");
});
afterEach(() => sb.close());

describe("calls the instrumentation did not see", () => {
  test("a call before payiInstrument() is warned about at once and reported as uncaptured", async () => {
    await sb.ask();
    assert.match(
      sb.output(),
      /warning: the OpenAI call.* is not tracked: it was made before payiInstrument\(\)/,
    );
    assert.equal(sb.events.length, 0);
    payiInstrument();
    await sb.ask();
    await sb.ask();
    assert.equal(sb.events.length, 2);
    assert.deepEqual(
      sb.uncaptured.map((call) => [call.reason, call.afterSeq, call.index]),
      [["not-instrumented", 0, 1]],
    );
  });
  test("with the global context off, a call outside every scope is untracked too", async () => {
    payiInstrument({ globalInstrumentation: false });
    await sb.ask();
    await ingest({ userId: "user_1" }, () => sb.ask())();
    assert.equal(only(sb.events).userId.value, "user_1");
    assert.deepEqual(
      sb.uncaptured.map((call) => call.reason),
      ["no-context"],
    );
    assert.match(sb.output(), /outside every ingest\(\)\/trackContext\(\) scope/);
  });
  test("a program whose calls are all tracked has no such warning", async () => {
    payiInstrument();
    await sb.ask();
    assert.equal(only(sb.events).userId.value, null);
    assert.equal(sb.uncaptured.length, 0);
    assert.doesNotMatch(sb.output(), /not tracked/);
  });
});

describe("use case names Pay-i refuses", () => {
  test("the rule: letters, digits, '.', '-', '_', no spaces, at most 64 characters", () => {
    for (const valid of ["ticket_summary", "support-reply.v2", "A1", "x".repeat(64)])
      assert.equal(useCaseNameProblem(valid), null, valid);
    assert.match(useCaseNameProblem("Ticket summary v2") ?? "", /contains a space/);
    assert.match(useCaseNameProblem("my_app_(2)") ?? "", /contains "\("/);
    assert.match(useCaseNameProblem("x".repeat(65)) ?? "", /65 characters/);
    assert.match(useCaseNameProblem("résumé") ?? "", /contains "é"/);
  });
  test("an invalid name is still tagged, with a warning in the event and once in the output", async () => {
    payiInstrument({ useCaseName: "" });
    const summarize = ingest({ useCaseName: "Ticket summary v2" }, () => sb.ask());
    await summarize();
    await summarize();
    assert.deepEqual(
      sb.events.map((event) => event.useCase.value?.name),
      ["Ticket summary v2", "Ticket summary v2"],
    );
    for (const event of sb.events)
      assert.match(event.warnings.join(" "), /not valid in Pay-i.*invalid_use_case_name/);
    // The output also carries the events themselves (in-band): count the warning lines only.
    assert.equal(sb.output().match(/\[payi\] warning: use case name/g)?.length, 1);
  });
  test("a name from a header and the default name from the file are checked too", async () => {
    sb.close();
    sb = freshSandbox("My App (2).ts");
    payiInstrument();
    await sb.ask();
    await sb.ask(createHeaders({ useCaseName: "moderation check" }));
    const [byDefault, byHeader] = sb.events;
    assert.equal(byDefault?.useCase.value?.name, "my_app_(2)");
    assert.match(byDefault?.warnings.join(" ") ?? "", /"my_app_\(2\)" is not valid in Pay-i/);
    assert.match(byHeader?.warnings.join(" ") ?? "", /"moderation check" is not valid in Pay-i/);
  });
  test("valid names give no warning", async () => {
    payiInstrument();
    await ingest({ useCaseName: "ticket_summary" }, () => sb.ask())();
    assert.deepEqual(only(sb.events).warnings, []);
  });
});
