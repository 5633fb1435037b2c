import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { NotFoundError, RateLimitError } from "openai";
import { priceCall } from "../../../../sandbox/pricing/index.ts";
import { createHeaders } from "../../../../sandbox/runtime/headers.ts";
import { ingest, payiInstrument, trackContext } from "../../../../sandbox/runtime/instrument.ts";
import { createLimit } from "../../../../sandbox/runtime/limits.ts";
import { xproxyResult } from "../../../../sandbox/runtime/result.ts";
import { freshSandbox, only, type Sandbox } from "./harness.ts";

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
      xproxyResult(
        await sb.client.chat.completions.create({ model: "ft:gpt-4o-mini:acme::abc123", messages }),
      )?.cost,
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
    const result = xproxyResult(response);
    const event = only(sb.events);
    assert.equal(result?.user_id, "user_123");
    assert.equal(
      event.cost.status === "priced" && "total" in (result?.cost ?? {})
        ? (result?.cost as { total: number }).total
        : -1,
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
  test("a block limit in proxy mode refuses calls once reached: limit_reached, no provider call, no cost", async () => {
    const limit = createLimit({ name: "budget-user_1", max: 0.0000001, type: "block" });
    const call = () => trackContext({ proxy: true, limitIds: [limit.id] }, () => sb.ask());
    await call();
    const providerCallsBefore = sb.providerHeaders.length;
    await assert.rejects(
      call(),
      (error: unknown) => error instanceof RateLimitError && /Limit reached/.test(error.message),
    );
    const refused = sb.events[1]!;
    assert.equal(sb.providerHeaders.length, providerCallsBefore);
    assert.equal(refused.status, 429);
    assert.equal(refused.error?.type, "limit_reached");
    assert.equal(refused.cost.status, "not-charged");
    assert.equal(refused.limits[0]?.state, "blocked");
  });
  test("a block limit in ingest mode cannot stop a call: the state says so", async () => {
    const limit = createLimit({ name: "ingest-budget", max: 0.0000001, type: "block" });
    await ingest({ limitIds: [limit.id] }, () => sb.ask())();
    await ingest({ limitIds: [limit.id] }, () => sb.ask())();
    const second = sb.events[1]!;
    assert.equal(second.status, 200);
    assert.equal(second.limits[0]?.state, "exceeded");
    assert.match(second.limits[0]?.why ?? "", /proxy mode/);
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
