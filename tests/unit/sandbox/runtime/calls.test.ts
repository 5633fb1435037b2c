import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { BadRequestError, NotFoundError } from "openai";
import { priceCall } from "../../../../sandbox/pricing/index.ts";
import { createHeaders } from "../../../../sandbox/runtime/headers.ts";
import { runCall } from "../../../../sandbox/runtime/call.ts";
import {
  activeScope,
  ingest,
  payiInstrument,
  trackContext,
} from "../../../../sandbox/runtime/instrument.ts";
import { createLimit } from "../../../../sandbox/runtime/limits.ts";
import { xproxyResult, type XproxyResult } from "../../../../sandbox/runtime/result.ts";
import { freshSandbox, only, type Sandbox } from "./harness.ts";

/** The tracking result of a recorded call (failing if Pay-i refused it or it was not tracked). */
function recorded(response: unknown): XproxyResult {
  const result = xproxyResult(response);
  assert.ok(
    result && !("code" in result),
    `expected a tracking result, got ${JSON.stringify(result)}`,
  );
  return result;
}

let sb: Sandbox;
beforeEach(() => {
  sb = freshSandbox();
  payiInstrument();
});
afterEach(() => sb.close());

const messages = [
  { role: "user" as const, content: "Summarize the quarterly report in one sentence." },
];

describe("streaming and non-streaming", () => {
  test("give the same tags and token units, and the usage chunk stays hidden", async () => {
    const options = { userId: "streamer", limitIds: ["l"] };
    await ingest(options, () =>
      sb.client.chat.completions.create({ model: "gpt-4o-mini", messages }),
    )();
    const stream = await ingest(options, () =>
      sb.client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true }),
    )();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.ok(chunks.length > 1);
    assert.ok(
      chunks.every((chunk) => chunk.choices.length > 0),
      "the usage-only chunk was shown to the caller",
    );
    const [plain, streamed] = sb.events;
    assert.equal(streamed?.streaming, true);
    assert.deepEqual(streamed?.units, plain?.units);
    assert.deepEqual(
      [streamed?.userId.value, streamed?.limitIds.value],
      [plain?.userId.value, plain?.limitIds.value],
    );
    assert.ok((plain?.units?.output ?? 0) > 0);
  });
  test("a caller who asked for usage still gets the usage chunk", async () => {
    const stream = await sb.client.chat.completions.create({
      model: "gpt-4o-mini",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let sawUsage = false;
    for await (const chunk of stream)
      if (chunk.usage && chunk.choices.length === 0) sawUsage = true;
    assert.equal(sawUsage, true);
    assert.ok(only(sb.events).units);
  });
  test("the Responses API and embeddings are tracked too", async () => {
    await sb.client.responses.create({ model: "gpt-4.1-mini", input: "Tell me a joke" });
    await sb.client.embeddings.create({ model: "text-embedding-3-small", input: ["a", "b"] });
    const [responses, embeddings] = sb.events;
    assert.equal(responses?.api, "responses");
    assert.ok((responses?.units?.output ?? 0) > 0);
    assert.equal(embeddings?.api, "embeddings");
    assert.equal(embeddings?.units?.output, 0);
    assert.ok((embeddings?.units?.input ?? 0) > 0);
  });
});

describe("errors", () => {
  test("an unknown model gives an event with its status, the API's message and no cost", async () => {
    await assert.rejects(
      sb.client.chat.completions.create({ model: "gpt-nope", messages }),
      NotFoundError,
    );
    const event = only(sb.events);
    assert.equal(event.status, 404);
    assert.match(event.error?.message ?? "", /does not exist/);
    assert.equal(event.cost.status, "not-charged");
    assert.equal(event.units, null);
  });
});

describe("cost", () => {
  for (const model of ["gpt-4o-mini", "gpt-4o", "gpt-4.1-nano", "o4-mini"]) {
    test(`${model}: the event's cost is the price source's for the reported units`, async () => {
      await sb.client.chat.completions.create({ model, messages });
      const event = only(sb.events);
      assert.ok(event.units);
      const expected = priceCall(model, event.units);
      assert.equal(expected.status, "priced");
      assert.equal(event.cost.status, "priced");
      if (event.cost.status === "priced" && expected.status === "priced") {
        assert.equal(event.cost.total, expected.total);
        assert.ok(event.cost.total > 0);
        assert.deepEqual(event.cost.source, expected.source);
      }
    });
  }
  test("a model without a price is unpriced, never $0, with a warning on the event", async () => {
    await sb.client.chat.completions.create({ model: "ft:gpt-4o-mini:acme::abc123", messages });
    const event = only(sb.events);
    assert.equal(event.cost.status, "unpriced");
    assert.match(event.warnings.join(" "), /not \$0/);
    assert.deepEqual(
      recorded(
        await sb.client.chat.completions.create({ model: "ft:gpt-4o-mini:acme::abc123", messages }),
      ).cost,
      { status: "unpriced" },
    );
  });
  test("xProxy-PriceAs-Resource prices the call as another model", async () => {
    await sb.client.chat.completions.create(
      { model: "ft:gpt-4o-mini:acme::abc123", messages },
      { headers: createHeaders({ priceAsResource: "gpt-4o-mini" }) },
    );
    const event = only(sb.events);
    assert.equal(event.cost.status, "priced");
    assert.equal(event.cost.status === "priced" && event.cost.pricedAs, "gpt-4o-mini");
  });
  test("the response carries an xproxy_result a learner can print", async () => {
    const response = await ingest({ userId: "user_123" }, () =>
      sb.client.chat.completions.create({ model: "gpt-4o-mini", messages }),
    )();
    const result = recorded(response);
    const event = only(sb.events);
    assert.equal(result.user_id, "user_123");
    assert.equal(
      event.cost.status === "priced" && "total" in result.cost ? result.cost.total : -1,
      event.cost.status === "priced" ? event.cost.total : -2,
    );
  });
});

describe("limits", () => {
  test("an allow limit lets spend pass its max and reports overrun", async () => {
    const limit = createLimit({ name: "tiny", max: 0.0000001, type: "allow" });
    await ingest({ limitIds: [limit.id] }, () => sb.ask())();
    await ingest({ limitIds: [limit.id] }, () => sb.ask())();
    assert.deepEqual(
      sb.events.map((event) => event.limits[0]?.state),
      ["overrun", "overrun"],
    );
    assert.equal(sb.events[1]?.status, 200);
  });
  test("a block limit in proxy mode refuses calls once over its max: HTTP 400 limit_reached, no provider call, no cost", async () => {
    const limit = createLimit({ name: "budget-user_1", max: 0.0000001, type: "block" });
    const call = () => trackContext({ proxy: true, limitIds: [limit.id] }, () => sb.ask());
    await call();
    assert.equal(sb.events[0]?.limits[0]?.state, "overrun", "a block limit past its max");
    const providerCallsBefore = sb.providerHeaders.length;
    let caught: unknown;
    await call().catch((error: unknown) => void (caught = error));
    assert.ok(caught instanceof BadRequestError, "a Pay-i refusal is HTTP 400 Bad Request");
    assert.equal(caught.status, 400);
    assert.equal(caught.code, "limit_reached");
    assert.match(caught.message, /^400 Insufficient limit for the requested operation$/);
    const refused = sb.events[1]!;
    assert.equal(sb.providerHeaders.length, providerCallsBefore);
    assert.equal(refused.status, 400);
    assert.equal(refused.error?.type, "limit_reached");
    assert.match(refused.error?.message ?? "", /budget-user_1 is over its max/);
    assert.equal(refused.cost.status, "not-charged");
    assert.equal(refused.limits[0]?.state, "blocked");
  });
  test("the proxy's refusal carries Pay-i's documented body", async () => {
    const limit = createLimit({ name: "budget-user_2", max: 0.0000001, type: "block" });
    const options = { proxy: true, userId: "user_2", limitIds: [limit.id] };
    await trackContext(options, () => sb.ask());
    // The Response the SDK receives (the SDK itself keeps only the body's `error` object).
    const scope = trackContext(options, () => activeScope())!;
    const response = await runCall({
      ticket: { scope, startedAt: 0, time: new Date().toISOString(), callSite: null },
      api: "chat.completions",
      url: "https://api.openai.com/v1/chat/completions",
      init: { method: "POST", body: JSON.stringify({ model: "gpt-4o-mini", messages }) },
      transport: () => Promise.reject(new Error("a refused call must not reach the provider")),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body["statusCode"], 400);
    assert.equal(body["message"], "Bad Request");
    assert.deepEqual(body["xproxy_error"], {
      code: "limit_reached",
      message: "Insufficient limit for the requested operation",
    });
    const result = body["xproxy_result"] as { blocked_limit_ids: string[]; user_id: string };
    assert.deepEqual(result.blocked_limit_ids, [limit.id]);
    assert.equal(result.user_id, "user_2");
  });
  test("a block limit exactly at its max does not block yet: only spend over the max does", async () => {
    await sb.ask();
    const first = sb.events[0]!.cost;
    const total = first.status === "priced" ? first.total : 0;
    const limit = createLimit({ name: "exact", max: total, type: "block" });
    await trackContext({ proxy: true, limitIds: [limit.id] }, () => sb.ask());
    assert.equal(sb.events[1]?.limits[0]?.state, "exceeded");
    await trackContext({ proxy: true, limitIds: [limit.id] }, () => sb.ask());
    assert.equal(sb.events[2]?.status, 200, "spend equal to the max still passes");
  });
  test("a block limit in ingest mode: the provider answers, Pay-i refuses the ingest, nothing is counted", async () => {
    const limit = createLimit({ name: "ingest-budget", max: 1, type: "block" });
    const allow = createLimit({ name: "team", max: 1 });
    const response = await ingest({ limitIds: [limit.id, allow.id] }, () => sb.ask())();
    const event = only(sb.events);
    assert.equal(event.status, 200);
    assert.equal(event.error, null);
    assert.deepEqual(event.ingestError, {
      code: "blocking_limit_not_allowed",
      message: "Block limits cannot be used for ingest requests",
    });
    assert.equal(event.cost.status, "priced", "the provider still charged for the call");
    assert.deepEqual(
      event.limits.map((report) => [report.name, report.state, report.spent]),
      [
        ["ingest-budget", "not-recorded", 0],
        ["team", "not-recorded", 0],
      ],
    );
    assert.match(event.limits[0]?.why ?? "", /proxy mode/);
    assert.ok(event.warnings.some((warning) => /blocking_limit_not_allowed/.test(warning)));
    assert.deepEqual(xproxyResult(response), {
      code: "blocking_limit_not_allowed",
      message: "Block limits cannot be used for ingest requests",
    });
  });
  test("without a block limit, ingest mode records the call: no ingest error", async () => {
    const allow = createLimit({ name: "team", max: 1 });
    await ingest({ limitIds: [allow.id] }, () => sb.ask())();
    assert.equal(only(sb.events).ingestError, null);
    assert.equal(only(sb.events).limits[0]?.state, "ok");
  });
  test("the threshold marks a limit exceeded before its max", async () => {
    await sb.ask();
    const oneCall = sb.events[0]!.cost;
    assert.equal(oneCall.status, "priced");
    const total = oneCall.status === "priced" ? oneCall.total : 0;
    const limit = createLimit({ name: "soft", max: total / 0.8, threshold: 0.8 });
    await ingest({ limitIds: [limit.id] }, () => sb.ask())();
    assert.equal(sb.events[1]!.limits[0]?.state, "exceeded");
  });
  test("unknown limit ids are reported, and bad limits are clear errors", async () => {
    await ingest({ limitIds: ["never-created"] }, () => sb.ask())();
    assert.equal(only(sb.events).limits[0]?.state, "unknown");
    assert.throws(() => createLimit({ name: "x", max: 0 }), /max must be a positive number/);
    assert.throws(
      () => createLimit({ name: "x", max: 1, threshold: 0.5 }),
      /threshold must be between 0.75 and 0.99/,
    );
    assert.throws(
      () => createLimit({ name: "x", max: 1, type: "deny" as "block" }),
      /"allow" or "block"/,
    );
  });
});

describe("streams cut short", () => {
  test("a Responses stream ended by max_output_tokens (response.incomplete) still reports its usage", async () => {
    const stream = await sb.client.responses.create({
      model: "gpt-4.1-mini",
      input: "Write a long story about budgets.",
      max_output_tokens: 16,
      stream: true,
    });
    for await (const event of stream) void event;
    const event = only(sb.events);
    assert.ok(event.units, "no usage recorded");
    assert.ok(event.units.output > 0 && event.units.output <= 16);
    assert.equal(event.cost.status, "priced");
  });
});
