import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { countTokens } from "../../../../sandbox/openai-mock/index.ts";
import { mockClient, sdkComplaints } from "./helpers.ts";

const ask = (content: string) => [{ role: "user" as const, content }];

afterEach(() =>
  assert.deepEqual(sdkComplaints.splice(0), [], "the SDK logged no warnings or errors"),
);

describe("POST /chat/completions", () => {
  test("returns a complete chat.completion the SDK parses", async () => {
    const client = mockClient();
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("Hello"),
    });
    assert.match(completion.id, /^chatcmpl-[A-Za-z0-9]{29}$/);
    assert.equal(completion.object, "chat.completion");
    assert.equal(completion.model, "gpt-4o-mini-2024-07-18", "an alias reports its dated snapshot");
    assert.ok(Math.abs(completion.created - Date.now() / 1000) < 5);
    assert.equal(completion.choices.length, 1);
    const [choice] = completion.choices;
    assert.equal(choice?.index, 0);
    assert.equal(choice?.finish_reason, "stop");
    assert.equal(choice?.message.role, "assistant");
    assert.ok((choice?.message.content ?? "").length > 0);
    assert.ok(completion._request_id?.startsWith("req_"));
  });

  test("usage counts the prompt with per-message framing and the reply with countTokens", async () => {
    const client = mockClient();
    const single = await client.chat.completions.create({
      model: "gpt-4o",
      messages: ask("Hello"),
    });
    // 3 framing tokens + role + "Hello", plus 3 tokens priming the reply: 8, as on the real API.
    assert.equal(single.usage?.prompt_tokens, 8);
    const content = single.choices[0]?.message.content ?? "";
    assert.equal(single.usage?.completion_tokens, countTokens(content));
    assert.equal(single.usage?.total_tokens, 8 + countTokens(content));
    assert.equal(single.usage?.prompt_tokens_details?.cached_tokens, 0);
    assert.equal(single.usage?.completion_tokens_details?.reasoning_tokens, 0);

    const system = "You are a terse assistant for a bookshop.";
    const question = "Where is my order number 1234?";
    const two = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [
        { role: "system", content: system },
        { role: "user", content: question },
      ],
    });
    assert.equal(two.usage?.prompt_tokens, 3 + 2 * 4 + countTokens(system) + countTokens(question));
  });

  test("same model and messages give the same reply; other input gives another", async () => {
    const first = await mockClient().chat.completions.create({
      model: "gpt-4.1",
      messages: ask("What is a token?"),
    });
    const again = await mockClient().chat.completions.create({
      model: "gpt-4.1",
      messages: ask("What is a token?"),
    });
    const other = await mockClient().chat.completions.create({
      model: "gpt-4.1",
      messages: ask("What is a budget?"),
    });
    assert.equal(again.choices[0]?.message.content, first.choices[0]?.message.content);
    assert.equal(again.id, first.id, "ids are reproducible from one run to the next");
    assert.notEqual(other.choices[0]?.message.content, first.choices[0]?.message.content);
  });

  test("repeating a request on one provider gives a new id, like the real API", async () => {
    const client = mockClient();
    const a = await client.chat.completions.create({ model: "gpt-4.1", messages: ask("Hi") });
    const b = await client.chat.completions.create({ model: "gpt-4.1", messages: ask("Hi") });
    assert.notEqual(a.id, b.id);
    assert.equal(a.choices[0]?.message.content, b.choices[0]?.message.content);
  });

  test("replies fit typical lesson prompts", async () => {
    const client = mockClient();
    const reply = async (content: string) =>
      (await client.chat.completions.create({ model: "gpt-4o-mini", messages: ask(content) }))
        .choices[0]?.message.content ?? "";
    const joke = await reply("Tell me a joke");
    assert.ok(joke.includes("?") || joke.includes("."), joke);
    assert.ok(countTokens(joke) < 40, "a joke is short");
    assert.match(await reply("Tell me a joke about budgets"), /budgets/i);
    const summary = await reply(
      "Summarize this: The quarterly report shows revenue grew 12% on strong demand.",
    );
    assert.match(summary, /^In short: The quarterly report shows revenue grew 12%/);
    assert.match(await reply("What is prompt caching?"), /prompt caching/i);
    assert.match(await reply("Write a haiku about autumn"), /autumn/i);
    assert.match(await reply("Hello!"), /Hello|Hi/);
  });

  test("max_tokens cuts the reply: finish_reason length, completion_tokens = the limit", async () => {
    const client = mockClient();
    const full = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("Explain budgets"),
    });
    const cut = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("Explain budgets"),
      max_tokens: 5,
    });
    assert.ok((full.usage?.completion_tokens ?? 0) > 5);
    assert.equal(cut.choices[0]?.finish_reason, "length");
    assert.equal(cut.usage?.completion_tokens, 5);
    assert.ok(full.choices[0]?.message.content?.startsWith(cut.choices[0]?.message.content ?? "?"));
    const modern = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("Explain budgets"),
      max_completion_tokens: 3,
    });
    assert.equal(modern.usage?.completion_tokens, 3);
  });

  test("n returns several choices and bills all of them", async () => {
    const client = mockClient();
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      messages: ask("Give me a tip"),
      n: 3,
    });
    assert.deepEqual(
      completion.choices.map((choice) => choice.index),
      [0, 1, 2],
    );
    const sum = completion.choices.reduce(
      (total, choice) => total + countTokens(choice.message.content ?? ""),
      0,
    );
    assert.equal(completion.usage?.completion_tokens, sum);
  });

  test("reasoning models bill hidden reasoning tokens (blocks of 64) as output", async () => {
    const client = mockClient();
    const completion = await client.chat.completions.create({
      model: "o4-mini",
      messages: ask("What is 2+2?"),
    });
    const reasoning = completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    assert.ok(reasoning > 0 && reasoning % 64 === 0, String(reasoning));
    const visible = countTokens(completion.choices[0]?.message.content ?? "");
    assert.equal(completion.usage?.completion_tokens, reasoning + visible);

    const none = await client.chat.completions.create({
      model: "gpt-5.1",
      messages: ask("What is 2+2?"),
    });
    assert.equal(
      none.usage?.completion_tokens_details?.reasoning_tokens,
      0,
      "gpt-5.1 reasons only when asked",
    );
    const high = await client.chat.completions.create({
      model: "gpt-5.1",
      messages: ask("What is 2+2?"),
      reasoning_effort: "high",
    });
    assert.ok((high.usage?.completion_tokens_details?.reasoning_tokens ?? 0) >= 512);
  });

  test("a reasoning model can spend the whole token limit thinking", async () => {
    const completion = await mockClient().chat.completions.create({
      model: "gpt-5",
      messages: ask("Write an essay"),
      max_completion_tokens: 20,
    });
    assert.equal(completion.choices[0]?.finish_reason, "length");
    assert.equal(completion.choices[0]?.message.content, "");
    assert.equal(completion.usage?.completion_tokens, 20);
    assert.equal(completion.usage?.completion_tokens_details?.reasoning_tokens, 20);
  });

  test("fine-tuned model names are served and echoed as sent", async () => {
    const model = "ft:gpt-4o-mini-2024-07-18:acme::B1x2y3z4";
    const completion = await mockClient().chat.completions.create({ model, messages: ask("Hi") });
    assert.equal(completion.model, model);
  });
});

describe("streamed chat completions", () => {
  test("SSE chunks carry the same reply; no usage unless include_usage", async () => {
    const client = mockClient();
    const plain = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("What is a budget?"),
    });
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: ask("What is a budget?"),
      stream: true,
    });
    let text = "";
    const finishes: (string | null)[] = [];
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      assert.equal(chunk.object, "chat.completion.chunk");
      assert.equal(chunk.model, "gpt-4o-mini-2024-07-18");
      assert.equal("usage" in chunk, false, "no usage field at all without include_usage");
      for (const choice of chunk.choices) {
        text += choice.delta.content ?? "";
        finishes.push(choice.finish_reason);
      }
    }
    assert.equal(text, plain.choices[0]?.message.content);
    assert.equal(
      chunks,
      countTokens(text) + 2,
      "a role chunk, one chunk per token, a finish chunk",
    );
    assert.equal(finishes.at(-1), "stop");
  });

  test("include_usage adds one final chunk with no choices and the usage", async () => {
    const client = mockClient();
    const plain = await client.chat.completions.create({
      model: "gpt-5-mini",
      messages: ask("Define tokens"),
    });
    const stream = await client.chat.completions.create({
      model: "gpt-5-mini",
      messages: ask("Define tokens"),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    assert.deepEqual(last?.choices, []);
    assert.deepEqual(last?.usage, plain.usage);
    assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null));
  });

  test("the SDK's stream helper accumulates a final completion", async () => {
    const client = mockClient();
    const runner = client.chat.completions.stream({
      model: "gpt-4.1-mini",
      messages: ask("Tell me a joke"),
      n: 2,
      stream_options: { include_usage: true },
    });
    const final = await runner.finalChatCompletion();
    assert.equal(final.choices.length, 2);
    assert.ok(final.choices.every((choice) => (choice.message.content ?? "").length > 0));
    assert.ok((final.usage?.completion_tokens ?? 0) > 0);
  });
});
