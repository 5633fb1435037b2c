import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mockClient } from "./helpers.ts";

// About 1,500 tokens of system prompt: long enough to be cached.
const LONG_SYSTEM = Array.from(
  { length: 120 },
  (_, i) => `Rule ${i + 1}: answer politely, cite the order number, and keep it short.`,
).join("\n");

const chat = (system: string, question: string) => [
  { role: "system" as const, content: system },
  { role: "user" as const, content: question },
];

describe("prompt caching", () => {
  test("a repeated long prefix is reported as cached_tokens, in steps of 128 from 1024", async () => {
    const client = mockClient();
    const first = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: chat(LONG_SYSTEM, "Where is my parcel?"),
    });
    const second = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: chat(LONG_SYSTEM, "Can I return a book?"),
    });
    const promptTokens = second.usage?.prompt_tokens ?? 0;
    const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    assert.ok(promptTokens >= 1024, String(promptTokens));
    assert.equal(
      first.usage?.prompt_tokens_details?.cached_tokens,
      0,
      "nothing is cached the first time",
    );
    assert.ok(cached >= 1024, String(cached));
    assert.equal(cached % 128, 0);
    assert.ok(cached <= promptTokens);
    // The prefix ends where the questions differ: within the last 128-token step before that.
    assert.ok(promptTokens - cached < 128 + 20, `${promptTokens} - ${cached}`);
  });

  test("the same prompt sent again is cached up to its last full 128-token step", async () => {
    const client = mockClient();
    const messages = chat(LONG_SYSTEM, "Hello");
    await client.chat.completions.create({ model: "gpt-4.1", messages });
    const again = await client.chat.completions.create({ model: "gpt-4.1", messages });
    const promptTokens = again.usage?.prompt_tokens ?? 0;
    assert.equal(
      again.usage?.prompt_tokens_details?.cached_tokens,
      Math.floor(promptTokens / 128) * 128,
    );
  });

  test("short prompts, other models and other mock instances do not share the cache", async () => {
    const client = mockClient();
    const short = chat("Be brief.", "Hello");
    await client.chat.completions.create({ model: "gpt-4o", messages: short });
    const shortAgain = await client.chat.completions.create({ model: "gpt-4o", messages: short });
    assert.equal(
      shortAgain.usage?.prompt_tokens_details?.cached_tokens,
      0,
      "below 1024 tokens nothing is cached",
    );

    const long = chat(LONG_SYSTEM, "Hello");
    await client.chat.completions.create({ model: "gpt-4o", messages: long });
    const otherModel = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: long,
    });
    assert.equal(otherModel.usage?.prompt_tokens_details?.cached_tokens, 0, "caches are per model");
    const otherInstance = await mockClient().chat.completions.create({
      model: "gpt-4o",
      messages: long,
    });
    assert.equal(
      otherInstance.usage?.prompt_tokens_details?.cached_tokens,
      0,
      "caches are per mock instance",
    );
  });

  test("a different start means no shared prefix", async () => {
    const client = mockClient();
    await client.chat.completions.create({ model: "gpt-4o", messages: chat(LONG_SYSTEM, "Hello") });
    const changed = await client.chat.completions.create({
      model: "gpt-4o",
      messages: chat(`Today: ${LONG_SYSTEM}`, "Hello"),
    });
    assert.equal(changed.usage?.prompt_tokens_details?.cached_tokens, 0);
  });

  test("the Responses API reports cached input tokens too, and the cache is shared across APIs", async () => {
    const client = mockClient();
    await client.chat.completions.create({
      model: "gpt-5-mini",
      messages: chat(LONG_SYSTEM, "Hi"),
    });
    const response = await client.responses.create({
      model: "gpt-5-mini",
      input: [
        { role: "system", content: LONG_SYSTEM },
        { role: "user", content: "Hi" },
      ],
    });
    const cached = response.usage?.input_tokens_details.cached_tokens ?? 0;
    assert.ok(cached >= 1024 && cached % 128 === 0, String(cached));
  });
});
