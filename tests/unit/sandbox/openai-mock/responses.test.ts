import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { countTokens } from "../../../../sandbox/openai-mock/index.ts";
import { mockClient, sdkComplaints } from "./helpers.ts";

afterEach(() =>
  assert.deepEqual(sdkComplaints.splice(0), [], "the SDK logged no warnings or errors"),
);

describe("POST /responses", () => {
  test("a string input gives a response whose output_text the SDK assembles", async () => {
    const response = await mockClient().responses.create({
      model: "gpt-4.1",
      input: "What is cost attribution?",
    });
    assert.match(response.id, /^resp_[0-9a-f]{48}$/);
    assert.equal(response.object, "response");
    assert.equal(response.status, "completed");
    assert.equal(response.model, "gpt-4.1-2025-04-14");
    assert.match(response.output_text, /cost attribution/i);
    const message = response.output.find((item) => item.type === "message");
    assert.ok(message && message.type === "message");
    assert.deepEqual(
      message.content.map((part) => part.type),
      ["output_text"],
    );
    assert.equal(response.usage?.output_tokens, countTokens(response.output_text));
    assert.equal(response.usage?.input_tokens, 4 + 3 + countTokens("What is cost attribution?"));
    assert.equal(
      response.usage?.total_tokens,
      (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0),
    );
    assert.equal(response.usage?.input_tokens_details.cached_tokens, 0);
    assert.equal(response.usage?.output_tokens_details.reasoning_tokens, 0);
  });

  test("instructions and message arrays count as input", async () => {
    const client = mockClient();
    const instructions = "Answer in the voice of a pirate.";
    const bare = await client.responses.create({
      model: "gpt-4o",
      input: "Where is the treasure?",
    });
    const withInstructions = await client.responses.create({
      model: "gpt-4o",
      instructions,
      input: "Where is the treasure?",
    });
    assert.equal(
      withInstructions.usage?.input_tokens,
      (bare.usage?.input_tokens ?? 0) + 4 + countTokens(instructions),
    );
    assert.equal(withInstructions.instructions, instructions);
    const asArray = await client.responses.create({
      model: "gpt-4o",
      input: [{ role: "user", content: [{ type: "input_text", text: "Where is the treasure?" }] }],
    });
    assert.equal(asArray.usage?.input_tokens, bare.usage?.input_tokens);
    assert.equal(asArray.output_text, bare.output_text);
  });

  test("reasoning models add a reasoning item and bill reasoning tokens", async () => {
    const response = await mockClient().responses.create({
      model: "o3",
      input: "Why is the sky blue?",
    });
    assert.equal(response.output[0]?.type, "reasoning");
    const reasoning = response.usage?.output_tokens_details.reasoning_tokens ?? 0;
    assert.ok(reasoning > 0 && reasoning % 64 === 0);
    assert.equal(response.usage?.output_tokens, reasoning + countTokens(response.output_text));
    assert.equal(response.reasoning?.effort, "medium");
  });

  test("max_output_tokens makes the response incomplete", async () => {
    const response = await mockClient().responses.create({
      model: "gpt-4o-mini",
      input: "Explain budgets in detail",
      max_output_tokens: 16,
    });
    assert.equal(response.status, "incomplete");
    assert.deepEqual(response.incomplete_details, { reason: "max_output_tokens" });
    assert.equal(response.usage?.output_tokens, 16);
  });

  test("previous_response_id re-sends, and bills, the conversation so far", async () => {
    const client = mockClient();
    const first = await client.responses.create({ model: "gpt-4o-mini", input: "Tell me a joke" });
    const second = await client.responses.create({
      model: "gpt-4o-mini",
      input: "Another one",
      previous_response_id: first.id,
    });
    const alone = await client.responses.create({ model: "gpt-4o-mini", input: "Another one" });
    assert.equal(
      second.usage?.input_tokens,
      (alone.usage?.input_tokens ?? 0) -
        3 +
        (first.usage?.input_tokens ?? 0) +
        4 +
        countTokens(first.output_text),
    );
    await assert.rejects(
      client.responses.create({
        model: "gpt-4o-mini",
        input: "x",
        previous_response_id: "resp_nope",
      }),
      { status: 404 },
    );
  });
});

describe("streamed responses", () => {
  test("events run from response.created to response.completed, with usage at the end", async () => {
    const client = mockClient();
    const plain = await client.responses.create({
      model: "gpt-5-nano",
      input: "Write a haiku about tokens",
    });
    const stream = await client.responses.create({
      model: "gpt-5-nano",
      input: "Write a haiku about tokens",
      stream: true,
    });
    const types: string[] = [];
    const sequence: number[] = [];
    let text = "";
    let completed;
    for await (const event of stream) {
      types.push(event.type);
      sequence.push(event.sequence_number);
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed") completed = event.response;
    }
    assert.deepEqual(types.slice(0, 2), ["response.created", "response.in_progress"]);
    assert.equal(types.at(-1), "response.completed");
    assert.ok(types.includes("response.output_text.done"));
    assert.deepEqual(
      sequence,
      sequence.map((_, index) => index),
    );
    assert.equal(text, plain.output_text);
    assert.deepEqual(completed?.usage, plain.usage);
  });

  test("the SDK's responses.stream helper accumulates the final response", async () => {
    const stream = mockClient().responses.stream({
      model: "o4-mini",
      input: "Summarize: Costs rose. Usage fell.",
    });
    let deltas = "";
    stream.on("response.output_text.delta", (event) => (deltas += event.delta));
    const final = await stream.finalResponse();
    assert.equal(final.output_text, deltas);
    assert.match(final.output_text, /^In short: Costs rose/);
    assert.ok((final.usage?.output_tokens_details.reasoning_tokens ?? 0) > 0);
  });

  test("a cut-off stream ends with response.incomplete", async () => {
    const stream = await mockClient().responses.create({
      model: "gpt-4o",
      input: "Explain budgets",
      max_output_tokens: 16,
      stream: true,
    });
    let last;
    for await (const event of stream) last = event;
    assert.equal(last?.type, "response.incomplete");
  });
});
