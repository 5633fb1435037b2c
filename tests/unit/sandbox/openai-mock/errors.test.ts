import assert from "node:assert/strict";
import { describe, test } from "node:test";
import OpenAI from "openai";
import { mockClient, rawPost } from "./helpers.ts";

interface ApiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** The `error.message` field of the API's JSON body, as the SDK kept it. */
const apiMessage = (error: InstanceType<typeof OpenAI.APIError>): string =>
  (error.error as { message?: string } | undefined)?.message ?? "";

describe("errors shaped like the real API", () => {
  test("an unknown model is a 404 NotFoundError with code model_not_found", async () => {
    const error = await mockClient()
      .chat.completions.create({ model: "gpt-9000", messages: [{ role: "user", content: "Hi" }] })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.NotFoundError);
    assert.equal(error.status, 404);
    assert.equal(
      apiMessage(error),
      "The model `gpt-9000` does not exist or you do not have access to it.",
    );
    assert.equal(error.type, "invalid_request_error");
    assert.equal(error.code, "model_not_found");
    assert.equal(error.param, null);
    assert.ok(error.requestID?.startsWith("req_"));
  });

  test("missing messages is a 400 BadRequestError naming the parameter", async () => {
    const error = await mockClient()
      .chat.completions.create({ model: "gpt-4o" } as never)
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.equal(apiMessage(error), "Missing required parameter: 'messages'.");
    assert.equal(error.param, "messages");
    assert.equal(error.code, "missing_required_parameter");
  });

  test("messages of the wrong type is a 400 with the API's wording", async () => {
    const error = await mockClient()
      .chat.completions.create({ model: "gpt-4o", messages: "Hello" } as never)
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.equal(
      apiMessage(error),
      "Invalid type for 'messages': expected an array, but got a string instead.",
    );
    assert.equal(error.code, "invalid_type");
  });

  test("an invalid role and a missing model are refused", async () => {
    const client = mockClient();
    await assert.rejects(
      client.chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "robot", content: "x" }],
      } as never),
      (error: unknown) =>
        error instanceof OpenAI.BadRequestError && error.param === "messages[0].role",
    );
    await assert.rejects(
      client.chat.completions.create({ messages: [{ role: "user", content: "x" }] } as never),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === "model",
    );
  });

  test("an embedding model used for chat, and a chat model used for embeddings, are refused", async () => {
    const client = mockClient();
    await assert.rejects(
      client.chat.completions.create({
        model: "text-embedding-3-small",
        messages: [{ role: "user", content: "x" }],
      }),
      (error: unknown) =>
        error instanceof OpenAI.NotFoundError && /not a chat model/.test(error.message),
    );
    await assert.rejects(
      client.responses.create({ model: "text-embedding-3-small", input: "x" }),
      (error: unknown) => error instanceof OpenAI.NotFoundError,
    );
    await assert.rejects(
      client.embeddings.create({ model: "gpt-4o", input: "x" }),
      (error: unknown) =>
        error instanceof OpenAI.BadRequestError &&
        /does not support embeddings/.test(error.message),
    );
  });

  test("reasoning models refuse max_tokens and a non-default temperature", async () => {
    const client = mockClient();
    const messages = [{ role: "user" as const, content: "x" }];
    await assert.rejects(
      client.chat.completions.create({ model: "o3", messages, max_tokens: 10 }),
      {
        status: 400,
        message: /Use 'max_completion_tokens' instead/,
      },
    );
    await assert.rejects(
      client.chat.completions.create({ model: "gpt-5", messages, temperature: 0.2 }),
      {
        status: 400,
        message: /Only the default \(1\) value is supported/,
      },
    );
    await assert.rejects(
      client.chat.completions.create({ model: "gpt-4o", messages, reasoning_effort: "high" }),
      { status: 400, message: /reasoning_effort/ },
    );
  });

  test("a prompt longer than the context window is refused", async () => {
    const huge = "word ".repeat(130_000);
    await assert.rejects(
      mockClient().chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: huge }],
      }),
      (error: unknown) =>
        error instanceof OpenAI.BadRequestError && error.code === "context_length_exceeded",
    );
  });

  test("a body that is not JSON is a 400 with the API's error shape", async () => {
    const response = await rawPost("/chat/completions", "{not json");
    assert.equal(response.status, 400);
    assert.match(response.headers.get("content-type") ?? "", /application\/json/);
    const body = (await response.json()) as ApiErrorBody;
    assert.match(body.error.message, /could not parse the JSON body/);
    assert.equal(body.error.type, "invalid_request_error");
    assert.deepEqual(Object.keys(body.error).sort(), ["code", "message", "param", "type"]);
  });

  test("an unknown path or method is a 404 Invalid URL", async () => {
    const response = await rawPost("/completions/legacy", "{}");
    assert.equal(response.status, 404);
    assert.equal(
      ((await response.json()) as ApiErrorBody).error.message,
      "Invalid URL (POST /v1/completions/legacy)",
    );
    const error = await mockClient()
      .models.list()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.NotFoundError);
    assert.match(error.message, /Invalid URL \(GET \/v1\/models\)/);
  });
});
