import assert from "node:assert/strict";
import { describe, test } from "node:test";
import OpenAI from "openai";
import { createMockFetch } from "../../../../sandbox/openai-mock/index.ts";
import { mockClient } from "./helpers.ts";

const URL_CHAT = "https://api.openai.com/v1/chat/completions";
const chatBody = (extra: object = {}): string =>
  JSON.stringify({
    model: "gpt-4o",
    messages: [{ role: "user", content: "What is a budget?" }],
    ...extra,
  });
const post = (body: string, signal?: AbortSignal): RequestInit => ({
  method: "POST",
  body,
  ...(signal ? { signal } : {}),
});

describe("simulated latency", () => {
  test("latencyScale 0 answers without setting a single timer", async () => {
    const fetch = createMockFetch({ latencyScale: 0 });
    const realSetTimeout = globalThis.setTimeout;
    let timers = 0;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      timers++;
      return realSetTimeout(...args);
    }) as typeof setTimeout;
    try {
      await (await fetch(URL_CHAT, post(chatBody()))).json();
      await (await fetch(URL_CHAT, post(chatBody({ stream: true })))).text();
      await (
        await fetch(
          "https://api.openai.com/v1/embeddings",
          post('{"model":"text-embedding-3-small","input":"x"}'),
        )
      ).json();
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    assert.equal(timers, 0);
  });

  test("latencyScale 1: a few hundred ms to the first token, then streamed chunks spaced out", async () => {
    const client = mockClient({ latencyScale: 1 });
    const start = performance.now();
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "What is a budget?" }],
      stream: true,
    });
    const arrivals: number[] = [];
    for await (const chunk of stream)
      if (chunk.choices[0]?.delta.content) arrivals.push(performance.now() - start);
    const first = arrivals[0] ?? 0;
    const last = arrivals.at(-1) ?? 0;
    assert.ok(first >= 150 && first < 1500, `first token after ${first} ms`);
    // gpt-4o-sized models produce a token every ~14-19 ms.
    assert.ok(
      last - first >= (arrivals.length - 1) * 10,
      `${arrivals.length} chunks in ${last - first} ms`,
    );
  });

  test("the simulated timing is reproducible and scales", async () => {
    const timing = async (latencyScale: number) => {
      const response = await createMockFetch({ latencyScale })(URL_CHAT, post(chatBody()));
      return Number(response.headers.get("openai-processing-ms"));
    };
    const a = await timing(0.1);
    const b = await timing(0.1);
    assert.equal(a, b);
    assert.ok(a >= 15 && a < 150, String(a));
    assert.equal(await timing(0), 0);
  });
});

describe("abort", () => {
  test("an already-aborted signal rejects at once with an AbortError, as fetch does", async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      createMockFetch({ latencyScale: 0 })(URL_CHAT, post(chatBody(), controller.signal)),
      {
        name: "AbortError",
      },
    );
    const custom = new AbortController();
    const reason = new Error("changed my mind");
    custom.abort(reason);
    await assert.rejects(
      createMockFetch({ latencyScale: 0 })(URL_CHAT, post(chatBody(), custom.signal)),
      (error) => error === reason,
    );
  });

  test("aborting while the model 'thinks' ends the SDK call promptly with APIUserAbortError", async () => {
    const controller = new AbortController();
    const start = performance.now();
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(
      mockClient({ latencyScale: 1 }).chat.completions.create(
        { model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] },
        { signal: controller.signal },
      ),
      OpenAI.APIUserAbortError,
    );
    assert.ok(performance.now() - start < 150);
  });

  test("aborting mid-stream errors the body with an AbortError", async () => {
    const controller = new AbortController();
    const response = await createMockFetch({ latencyScale: 1 })(
      URL_CHAT,
      post(chatBody({ stream: true }), controller.signal),
    );
    const reader = response.body?.getReader();
    assert.ok(reader);
    const first = await reader.read();
    assert.equal(first.done, false);
    controller.abort();
    await assert.rejects(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
      { name: "AbortError" },
    );
  });

  test("breaking out of an SDK stream stops it", async () => {
    const stream = await mockClient({ latencyScale: 1 }).chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Explain budgets in detail" }],
      stream: true,
    });
    const start = performance.now();
    let chunks = 0;
    for await (const chunk of stream) {
      void chunk;
      if (++chunks === 2) break;
    }
    assert.ok(performance.now() - start < 200);
    assert.equal(stream.controller.signal.aborted, true);
  });
});
