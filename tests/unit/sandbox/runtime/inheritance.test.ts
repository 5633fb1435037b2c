import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { ingest, payiInstrument, trackContext } from "../../../../sandbox/runtime/instrument.ts";
import { freshSandbox, only, type Sandbox } from "./harness.ts";

let sb: Sandbox;
beforeEach(() => {
  sb = freshSandbox();
});
afterEach(() => sb.close());

/** Makes one call inside nested scopes, each opened synchronously around the next. */
async function callIn(
  ...scopes: ((inner: () => Promise<unknown>) => Promise<unknown>)[]
): Promise<void> {
  const run = scopes.reduceRight<() => Promise<unknown>>(
    (inner, scope) => () => scope(inner),
    () => sb.ask(),
  );
  await run();
}
const ing = (options: Parameters<typeof ingest>[0]) => (inner: () => Promise<unknown>) =>
  ingest(options, inner)();
const track = (options: Parameters<typeof trackContext>[0]) => (inner: () => Promise<unknown>) =>
  trackContext(options, inner);

describe("userId against the immediate parent", () => {
  test("absent: the parent's, explained as inherited", async () => {
    payiInstrument();
    await callIn(ing({ userId: "user_123" }), ing({ useCaseName: "inner" }));
    const { userId } = only(sb.events);
    assert.equal(userId.value, "user_123");
    assert.equal(userId.origin.kind, "ingest");
    assert.match(userId.why, /inherited from ingest\(\)/);
  });
  test('"" clears the parent\'s', async () => {
    payiInstrument();
    await callIn(ing({ userId: "user_123" }), ing({ userId: "" }));
    const { userId } = only(sb.events);
    assert.equal(userId.value, null);
    assert.equal(userId.cleared, true);
    assert.equal(userId.overrode?.value, "user_123");
    assert.match(userId.why, /not attributable to a user/);
  });
  test("a value is taken as given, not trimmed, and overrides the parent", async () => {
    payiInstrument({ userId: "global_user" });
    await callIn(ing({ userId: " user_456 " }));
    const { userId } = only(sb.events);
    assert.equal(userId.value, " user_456 ");
    assert.deepEqual(userId.overrode?.value, "global_user");
    assert.equal(userId.overrode?.origin.kind, "global");
  });
  test("only the immediate parent is read: a value set two levels up still arrives through the middle", async () => {
    payiInstrument();
    await callIn(ing({ userId: "a" }), track({ useCaseStep: "s" }), ing({ limitIds: ["x"] }));
    assert.equal(only(sb.events).userId.value, "a");
  });
});

describe("limitIds against the immediate parent", () => {
  test("absent: the parent's", async () => {
    payiInstrument({ limitIds: ["global"] });
    await callIn(ing({ userId: "u" }));
    assert.deepEqual(only(sb.events).limitIds.value, ["global"]);
  });
  test("[] clears them", async () => {
    payiInstrument({ limitIds: ["global"] });
    await callIn(ing({ limitIds: [] }));
    const { limitIds } = only(sb.events);
    assert.equal(limitIds.value, null);
    assert.equal(limitIds.cleared, true);
  });
  test("a value forms a union with the parent's", async () => {
    payiInstrument({ limitIds: ["a", "b"] });
    await callIn(ing({ limitIds: ["b", "c"] }));
    const { limitIds } = only(sb.events);
    assert.deepEqual(limitIds.value, ["a", "b", "c"]);
    assert.match(limitIds.why, /union/);
  });
  test("without parent limits, the list as given", async () => {
    payiInstrument();
    await callIn(ing({ limitIds: ["c", "c"] }));
    assert.deepEqual(only(sb.events).limitIds.value, ["c", "c"]);
  });
  test("a non-array is a clear TypeError", () => {
    payiInstrument();
    assert.throws(
      () => ingest({ limitIds: "a" as unknown as string[] }, () => 1)(),
      /limitIds must be an array/,
    );
  });
});

describe("use case against the immediate parent", () => {
  test("name absent: name, id and version copied; id/version given alongside are ignored with a warning", async () => {
    payiInstrument({ useCaseName: "chat", useCaseVersion: 2 });
    await callIn(ing({ useCaseId: "ignored", useCaseVersion: 9 }));
    const useCase = only(sb.events).useCase.value;
    assert.equal(useCase?.name, "chat");
    assert.notEqual(useCase?.id, "ignored");
    assert.equal(useCase?.version, 2);
    assert.match(
      sb.output(),
      /warning: .*useCaseId\/useCaseVersion are ignored without useCaseName/,
    );
  });
  test('"" clears name, id, version and step', async () => {
    payiInstrument({ useCaseName: "chat" });
    await callIn(track({ useCaseStep: "s1" }), track({ useCaseName: "", useCaseStep: "s2" }));
    const { useCase } = only(sb.events);
    assert.equal(useCase.value, null);
    assert.equal(useCase.cleared, true);
  });
  test("same name: id and version are the parent's unless given", async () => {
    payiInstrument({ useCaseName: "chat", useCaseId: "uc-1", useCaseVersion: 3 });
    await callIn(ing({ useCaseName: "chat" }));
    await callIn(ing({ useCaseName: "chat", useCaseId: "uc-2", useCaseVersion: 4 }));
    const [first, second] = sb.events;
    assert.deepEqual([first?.useCase.value?.id, first?.useCase.value?.version], ["uc-1", 3]);
    assert.deepEqual([second?.useCase.value?.id, second?.useCase.value?.version], ["uc-2", 4]);
  });
  test("different name: a new id on every entry, no version unless given", async () => {
    payiInstrument({ useCaseName: "chat", useCaseVersion: 3 });
    const summarize = ingest({ useCaseName: "summarize" }, () => sb.ask());
    await summarize();
    await summarize();
    await callIn(ing({ useCaseName: "other", useCaseId: "given", useCaseVersion: 5 }));
    const [a, b, c] = sb.events.map((event) => event.useCase.value);
    assert.equal(a?.name, "summarize");
    assert.equal(a?.version, null);
    assert.notEqual(a?.id, b?.id);
    assert.deepEqual([c?.id, c?.version], ["given", 5]);
  });
  test("useCaseVersion 0 counts as not given", async () => {
    payiInstrument({ useCaseName: "chat", useCaseVersion: 7 });
    await callIn(ing({ useCaseName: "chat", useCaseVersion: 0 }));
    assert.equal(only(sb.events).useCase.value?.version, 7);
  });
  test("A > B > A: the inner A gets a new id; after a clear the same name gets a new id", async () => {
    payiInstrument({ useCaseName: "A", useCaseId: "outer-a" });
    await callIn(ing({ useCaseName: "B" }), ing({ useCaseName: "A" }));
    await callIn(ing({ useCaseName: "" }), ing({ useCaseName: "A" }));
    const [afterB, afterClear] = sb.events.map((event) => event.useCase.value);
    assert.equal(afterB?.name, "A");
    assert.notEqual(afterB?.id, "outer-a");
    assert.notEqual(afterClear?.id, "outer-a");
    assert.notEqual(afterClear?.id, afterB?.id);
  });
  test("step: not inherited, and kept only where a use case is in scope", async () => {
    payiInstrument({ useCaseName: "" });
    await callIn(track({ useCaseName: "rag", useCaseStep: "retrieve" }));
    await callIn(track({ useCaseName: "rag", useCaseStep: "retrieve" }), track({ userId: "u" }));
    await callIn(track({ useCaseStep: "orphan" }));
    const [own, nested, orphan] = sb.events.map((event) => event.useCase.value);
    assert.equal(own?.step, "retrieve");
    assert.equal(nested?.step, null);
    assert.equal(orphan, null);
  });
});

describe("request tags and mode", () => {
  test("request tags are not inherited; [] is none; a value replaces", async () => {
    payiInstrument({ requestTags: ["global"] });
    await callIn(track({ requestTags: ["outer"] }), track({ userId: "u" }));
    await callIn(track({ requestTags: ["outer"] }), track({ requestTags: [] }));
    await callIn(track({ requestTags: ["outer"] }), track({ requestTags: ["inner"] }));
    assert.deepEqual(
      sb.events.map((event) => event.requestTags.value),
      [null, null, ["inner"]],
    );
  });
  test("proxy: a scope's own value, else the parent's; ingest never sets it", async () => {
    payiInstrument({ proxy: true });
    await callIn(ing({ userId: "u" }));
    await callIn(track({ proxy: false }));
    await callIn(track({ proxy: false }), ing({ proxy: true } as never));
    assert.deepEqual(
      sb.events.map((event) => event.mode),
      ["proxy", "ingest", "ingest"],
    );
  });
});

describe("the global context", () => {
  test("the default use case is named after the entry file, with one id for the process", async () => {
    sb.close();
    sb = freshSandbox("My First Lesson.TS");
    payiInstrument();
    await sb.ask();
    await sb.ask();
    const [a, b] = sb.events.map((event) => event.useCase);
    assert.equal(a?.value?.name, "my_first_lesson");
    assert.equal(a?.origin.kind, "default");
    assert.equal(a?.value?.id, b?.value?.id);
  });
  test('useCaseName: "" turns the default off', async () => {
    payiInstrument({ useCaseName: "" });
    await sb.ask();
    assert.equal(only(sb.events).useCase.value, null);
  });
  test("before payiInstrument(), and outside every scope with global instrumentation off, nothing is tracked", async () => {
    await sb.ask();
    assert.equal(sb.events.length, 0);
    payiInstrument({ globalInstrumentation: false });
    await sb.ask();
    assert.equal(sb.events.length, 0);
    await callIn(ing({ userId: "inside" }));
    assert.equal(only(sb.events).userId.value, "inside");
  });
  test("a second payiInstrument() does nothing, and the config is never modified", async () => {
    const config = Object.freeze({ userId: "first", limitIds: Object.freeze(["a"]) as string[] });
    payiInstrument(config);
    payiInstrument({ userId: "second" });
    await sb.ask();
    assert.equal(only(sb.events).userId.value, "first");
    assert.deepEqual(config, { userId: "first", limitIds: ["a"] });
  });
});
