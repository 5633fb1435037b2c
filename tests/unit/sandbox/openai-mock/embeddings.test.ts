import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { countTokens } from "../../../../sandbox/openai-mock/index.ts";
import { mockClient, rawPost, sdkComplaints } from "./helpers.ts";

afterEach(() =>
  assert.deepEqual(sdkComplaints.splice(0), [], "the SDK logged no warnings or errors"),
);

const norm = (vector: number[]): number => Math.hypot(...vector);
const cosine = (a: number[], b: number[]): number =>
  a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

describe("POST /embeddings", () => {
  test("the SDK's default base64 request decodes to unit-length float vectors", async () => {
    const result = await mockClient().embeddings.create({
      model: "text-embedding-3-small",
      input: "Hello world",
    });
    assert.equal(result.object, "list");
    assert.equal(result.model, "text-embedding-3-small");
    assert.equal(result.data.length, 1);
    const vector = result.data[0]?.embedding ?? [];
    assert.equal(vector.length, 1536);
    assert.ok(vector.every((value) => typeof value === "number" && Number.isFinite(value)));
    assert.ok(Math.abs(norm(vector) - 1) < 1e-5);
    assert.equal(result.usage.prompt_tokens, countTokens("Hello world"));
    assert.equal(result.usage.total_tokens, result.usage.prompt_tokens);
  });

  test("the same input always gives the same vector, in float and in base64", async () => {
    const client = mockClient();
    const input = ["cost per user", "cost per use case"];
    const decoded = await client.embeddings.create({ model: "text-embedding-3-large", input });
    const floats = await mockClient().embeddings.create({
      model: "text-embedding-3-large",
      input,
      encoding_format: "float",
    });
    assert.equal(decoded.data.length, 2);
    assert.deepEqual(
      decoded.data.map((item) => item.index),
      [0, 1],
    );
    for (const [i, item] of floats.data.entries()) {
      assert.equal(item.embedding.length, 3072);
      // base64 carries float32; the float format the same float32 values as JSON numbers.
      assert.deepEqual(decoded.data[i]?.embedding, item.embedding);
    }
    assert.notDeepEqual(floats.data[0]?.embedding, floats.data[1]?.embedding);
    assert.equal(
      floats.usage.prompt_tokens,
      countTokens(input[0] ?? "") + countTokens(input[1] ?? ""),
    );
  });

  test("texts sharing words are closer than unrelated texts", async () => {
    const result = await mockClient().embeddings.create({
      model: "text-embedding-3-small",
      input: [
        "monthly cloud cost report",
        "cloud cost report for March",
        "my cat likes sunny windows",
      ],
      encoding_format: "float",
    });
    const [a, b, c] = result.data.map((item) => item.embedding) as [number[], number[], number[]];
    assert.ok(cosine(a, b) > cosine(a, c) + 0.2, `${cosine(a, b)} vs ${cosine(a, c)}`);
  });

  test("dimensions shortens text-embedding-3 vectors and keeps them unit length", async () => {
    const client = mockClient();
    const short = await client.embeddings.create({
      model: "text-embedding-3-small",
      input: "abc",
      dimensions: 256,
    });
    const vector = short.data[0]?.embedding ?? [];
    assert.equal(vector.length, 256);
    assert.ok(Math.abs(norm(vector) - 1) < 1e-5);
    await assert.rejects(
      client.embeddings.create({ model: "text-embedding-ada-002", input: "abc", dimensions: 256 }),
      { status: 400, message: /does not support specifying dimensions/ },
    );
  });

  test("token-array input counts one token per id", async () => {
    const result = await mockClient().embeddings.create({
      model: "text-embedding-ada-002",
      input: [
        [1, 2, 3],
        [4, 5],
      ],
    });
    assert.equal(result.data.length, 2);
    assert.equal(result.usage.prompt_tokens, 5);
  });

  test("empty input is refused like the API does", async () => {
    const response = await rawPost(
      "/embeddings",
      JSON.stringify({ model: "text-embedding-3-small", input: "" }),
    );
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { message: string } };
    assert.match(body.error.message, /'\$\.input' is invalid/);
  });
});
