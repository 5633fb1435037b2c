import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { createHeaders } from "../../../../sandbox/runtime/headers.ts";
import { ingest, payiInstrument, trackContext } from "../../../../sandbox/runtime/instrument.ts";
import { freshSandbox, only, type Sandbox } from "./harness.ts";

let sb: Sandbox;
beforeEach(() => {
  sb = freshSandbox();
});
afterEach(() => sb.close());

const inContext = (headers: Record<string, string>) =>
  ingest(
    { userId: "ctx_user", limitIds: ["ctx_limit"], useCaseName: "ctx_case", useCaseVersion: 2 },
    () =>
      trackContext({ requestTags: ["ctx_tag"], useCaseStep: "ctx_step" }, () => sb.ask(headers)),
  )();

describe("xProxy-User-ID", () => {
  test("a non-empty value replaces the context's user, and says so", async () => {
    payiInstrument();
    await ingest({ userId: "user_123" }, () => sb.ask(createHeaders({ userId: "user_456" })))();
    const { userId } = only(sb.events);
    assert.equal(userId.value, "user_456");
    assert.equal(userId.origin.kind, "header");
    assert.equal(userId.overrode?.value, "user_123");
    assert.match(userId.why, /^header xProxy-User-ID overrode user_123 from ingest\(\)/);
  });
  test('"" means no user', async () => {
    payiInstrument();
    await inContext({ "xProxy-User-ID": "" });
    const { userId } = only(sb.events);
    assert.equal(userId.value, null);
    assert.equal(userId.cleared, true);
  });
  test("absent: the context's", async () => {
    payiInstrument();
    await inContext({});
    assert.equal(only(sb.events).userId.value, "ctx_user");
  });
  test("names match case-insensitively", async () => {
    payiInstrument();
    await inContext({ "XPROXY-USER-id": "shouty" });
    assert.equal(only(sb.events).userId.value, "shouty");
  });
});

describe("list headers", () => {
  test("xProxy-Limit-IDs replaces the context's list (no union)", async () => {
    payiInstrument();
    await inContext({ "xProxy-Limit-IDs": " l1 , ,l2 " });
    assert.deepEqual(only(sb.events).limitIds.value, ["l1", "l2"]);
  });
  test('xProxy-Limit-IDs "" means no limit ids', async () => {
    payiInstrument();
    await inContext({ "xProxy-Limit-IDs": "" });
    assert.equal(only(sb.events).limitIds.value, null);
  });
  test('xProxy-Request-Tags replaces, and "" removes', async () => {
    payiInstrument();
    await inContext({ "xProxy-Request-Tags": "a,b" });
    await inContext({ "xProxy-Request-Tags": "" });
    await inContext({});
    assert.deepEqual(
      sb.events.map((event) => event.requestTags.value),
      [["a", "b"], null, ["ctx_tag"]],
    );
  });
});

describe("xProxy-UseCase-*", () => {
  test("a name header takes the use case over: the context's id, version and step are not used", async () => {
    payiInstrument();
    await inContext({ "xProxy-UseCase-Name": "from_header" });
    await inContext({
      "xProxy-UseCase-Name": "from_header",
      "xProxy-UseCase-ID": "h-id",
      "xProxy-UseCase-Version": "5",
      "xProxy-UseCase-Step": "h-step",
    });
    const [bare, full] = sb.events.map((event) => event.useCase.value);
    assert.deepEqual(bare, { name: "from_header", id: null, version: null, step: null });
    assert.deepEqual(full, { name: "from_header", id: "h-id", version: 5, step: "h-step" });
  });
  test('a name header of "" removes name, id, version and step', async () => {
    payiInstrument();
    await inContext({ "xProxy-UseCase-Name": "" });
    const { useCase } = only(sb.events);
    assert.equal(useCase.value, null);
    assert.equal(useCase.cleared, true);
  });
  test("absent: the context's name, id, version and step", async () => {
    payiInstrument();
    await inContext({});
    const value = only(sb.events).useCase.value;
    assert.equal(value?.name, "ctx_case");
    assert.equal(value?.version, 2);
    assert.equal(value?.step, "ctx_step");
    assert.ok(value?.id);
  });
  test("ID and Version headers without a name win per key over the context", async () => {
    payiInstrument();
    await inContext({ "xProxy-UseCase-ID": "caller-id", "xProxy-UseCase-Version": "9" });
    const value = only(sb.events).useCase.value;
    assert.deepEqual(
      [value?.name, value?.id, value?.version, value?.step],
      ["ctx_case", "caller-id", 9, "ctx_step"],
    );
    assert.doesNotMatch(sb.output(), /\[payi\] warning/);
  });
});

describe("where the headers go", () => {
  test("ingest mode takes the xProxy-* headers off the provider request; other headers pass untouched", async () => {
    payiInstrument();
    await sb.ask({ ...createHeaders({ userId: "u" }), "x-custom": "kept" });
    const sent = sb.providerHeaders[0]!;
    assert.equal(sent.get("xproxy-user-id"), null);
    assert.equal(sent.get("x-custom"), "kept");
  });
  test("proxy mode sends them with the request", async () => {
    payiInstrument({ proxy: true });
    await sb.ask(createHeaders({ userId: "u" }));
    assert.equal(sb.providerHeaders[0]!.get("xproxy-user-id"), "u");
    assert.equal(only(sb.events).mode, "proxy");
  });
  test("the caller's headers object is never modified, so it can be reused", async () => {
    payiInstrument();
    const headers = Object.freeze(createHeaders({ userId: "reused" }));
    await sb.ask(headers);
    await sb.ask(headers);
    assert.deepEqual(
      sb.events.map((event) => event.userId.value),
      ["reused", "reused"],
    );
    assert.deepEqual(headers, { "xProxy-User-ID": "reused" });
  });
});

describe("createHeaders", () => {
  test("includes only options that are set, with list items trimmed, blanks dropped and joined", () => {
    assert.deepEqual(
      createHeaders({
        userId: "u",
        useCaseName: "n",
        useCaseId: "i",
        useCaseVersion: 3,
        useCaseStep: "s",
        limitIds: [" a ", "", "b"],
        requestTags: ["t"],
        priceAsCategory: "c",
        priceAsResource: "r",
        resourceScope: "global",
      }),
      {
        "xProxy-User-ID": "u",
        "xProxy-UseCase-Name": "n",
        "xProxy-UseCase-ID": "i",
        "xProxy-UseCase-Version": "3",
        "xProxy-UseCase-Step": "s",
        "xProxy-Limit-IDs": "a,b",
        "xProxy-Request-Tags": "t",
        "xProxy-PriceAs-Category": "c",
        "xProxy-PriceAs-Resource": "r",
        "xProxy-Resource-Scope": "global",
      },
    );
  });
  test("any empty value gives no header", () => {
    assert.deepEqual(
      createHeaders({
        userId: "",
        useCaseVersion: 0,
        limitIds: [],
        requestTags: [" ", ""],
        useCaseName: undefined,
      }),
      {},
    );
  });
  test("a non-array limitIds is a clear TypeError", () => {
    assert.throws(() => createHeaders({ limitIds: "a,b" as unknown as string[] }), {
      name: "TypeError",
      message: /limitIds must be an array/,
    });
  });
  test("a comma inside a limit id splits it in two, as in the SDK", async () => {
    payiInstrument();
    await sb.ask(createHeaders({ limitIds: ["a,b"] }));
    assert.deepEqual(only(sb.events).limitIds.value, ["a", "b"]);
  });
});

describe("header values reach tag resolution as the program wrote them", () => {
  test("spaces around a user id are kept (the SDK's Headers would trim them)", async () => {
    payiInstrument();
    await ingest({ userId: "ctx_user" }, () => sb.ask(createHeaders({ userId: "  u  " })))();
    assert.equal(only(sb.events).userId.value, "  u  ");
  });
  test("xProxy-UseCase-Version: 0 is version 0, not 'no version'", async () => {
    payiInstrument();
    await inContext({ "xProxy-UseCase-Name": "header_case", "xProxy-UseCase-Version": "0" });
    assert.equal(only(sb.events).useCase.value?.version, 0);
  });
  test("an empty version header is no version", async () => {
    payiInstrument();
    await inContext({ "xProxy-UseCase-Name": "header_case", "xProxy-UseCase-Version": "" });
    assert.equal(only(sb.events).useCase.value?.version, null);
  });
  test("a default header set on the client counts, and a per-call one wins over it", async () => {
    payiInstrument();
    const { SandboxOpenAI } = await import("../../../../sandbox/runtime/client.ts");
    const client = new SandboxOpenAI({ defaultHeaders: { "xProxy-User-ID": " default " } });
    const ask = (headers?: Record<string, string>) =>
      client.chat.completions.create(
        { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
        headers ? { headers } : undefined,
      );
    await ask();
    await ask({ "xProxy-User-ID": "per_call" });
    assert.deepEqual(
      sb.events.map((event) => event.userId.value),
      [" default ", "per_call"],
    );
  });
});

describe("a comma inside a limit id or request tag splits it, wherever it comes from", () => {
  test("config", async () => {
    payiInstrument({ limitIds: ["a,b"], requestTags: ["x, y"] });
    await sb.ask();
    const event = only(sb.events);
    assert.deepEqual(event.limitIds.value, ["a", "b"]);
    assert.deepEqual(event.requestTags.value, ["x", "y"]);
  });
  test("a scope", async () => {
    payiInstrument();
    await trackContext({ limitIds: ["c,d"], requestTags: ["t1,t2"] }, () => sb.ask());
    const event = only(sb.events);
    assert.deepEqual(event.limitIds.value, ["c", "d"]);
    assert.deepEqual(event.requestTags.value, ["t1", "t2"]);
  });
  test("a header", async () => {
    payiInstrument();
    await sb.ask(createHeaders({ limitIds: ["e,f"] }));
    assert.deepEqual(only(sb.events).limitIds.value, ["e", "f"]);
  });
});

describe("uncaptured calls", () => {
  test("a call before payiInstrument() reaches the provider and is reported as not captured", async () => {
    const seen: unknown[] = [];
    const { observeEventsForTests } = await import("../../../../sandbox/runtime/event-channel.ts");
    const stop = observeEventsForTests((event) => void seen.push(event));
    await sb.ask();
    payiInstrument();
    await sb.ask();
    stop();
    assert.equal(sb.providerHeaders.length, 2, "both calls reached the provider");
    assert.deepEqual(
      seen.map((event) => (event as { type: string }).type),
      ["uncaptured", "call"],
    );
    assert.match(JSON.stringify(seen[0]), /"reason":"not-instrumented"/);
  });
  test("with global instrumentation off, a call outside every scope is not captured", async () => {
    const seen: { type: string; reason?: string; afterSeq?: number }[] = [];
    const { observeEventsForTests } = await import("../../../../sandbox/runtime/event-channel.ts");
    const stop = observeEventsForTests((event) => void seen.push(event));
    payiInstrument({ globalInstrumentation: false });
    await ingest({ userId: "u" }, () => sb.ask())();
    await sb.ask();
    stop();
    assert.deepEqual(
      seen.map((event) => [event.type, event.reason ?? null, event.afterSeq ?? null]),
      [
        ["call", null, null],
        ["uncaptured", "no-context", 1],
      ],
    );
  });
});
