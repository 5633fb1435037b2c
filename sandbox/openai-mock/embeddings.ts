/** POST /embeddings: deterministic unit vectors in which texts sharing words point in similar directions. */
import { resolveModel } from "./catalog.ts";
import type { MockContext, PlannedResponse } from "./endpoint.ts";
import {
  type JsonObject,
  MockApiError,
  invalidValue,
  missingParameter,
  modelNotFound,
  optionalInteger,
  requiredModel,
} from "./errors.ts";
import { hashString, seededRandom } from "./hash.ts";
import { embeddingDelay } from "./latency.ts";
import { countTokens } from "./tokens.ts";

const MAX_INPUTS = 2048;

/** Answers one embeddings request (the body is parsed JSON), or throws the API's error. */
export function embeddings(body: JsonObject, context: MockContext): PlannedResponse {
  const modelName = requiredModel(body);
  const inputs = readInputs(body["input"]);
  const model = resolveModel(modelName);
  if (!model) throw modelNotFound(modelName);
  const { dimensions: fullLength = 0, shortenable, kind } = model.info;
  if (kind !== "embedding") {
    throw new MockApiError(400, `The model \`${modelName}\` does not support embeddings.`, "model");
  }
  const dimensions = optionalInteger(body, "dimensions", 1);
  if (dimensions !== undefined && !shortenable) {
    throw new MockApiError(400, "This model does not support specifying dimensions.", "dimensions");
  }
  if (dimensions !== undefined && dimensions > fullLength) {
    throw invalidValue(
      "dimensions",
      `Invalid value for 'dimensions': ${dimensions}. Must be at most ${fullLength}.`,
    );
  }
  const format = body["encoding_format"] ?? "float";
  if (format !== "float" && format !== "base64") {
    throw invalidValue(
      "encoding_format",
      `Invalid value: '${String(format)}'. Supported values are: 'float' and 'base64'.`,
    );
  }

  let tokens = 0;
  const data = inputs.map((input, index) => {
    const words =
      typeof input === "string"
        ? (input.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
        : input.map(String);
    const count = typeof input === "string" ? countTokens(input) : input.length;
    if (count > model.info.contextWindow) {
      throw new MockApiError(
        400,
        `This model's maximum context length is ${model.info.contextWindow} tokens, however you requested ${count} tokens. Please reduce your prompt.`,
        "input",
        "context_length_exceeded",
      );
    }
    tokens += count;
    const vector = embed(
      `${model.base}\u0000${JSON.stringify(input)}`,
      words,
      model.base,
      fullLength,
      dimensions ?? fullLength,
    );
    return {
      object: "embedding",
      index,
      embedding: format === "base64" ? toBase64(vector) : Array.from(vector),
    };
  });
  return {
    waitMs: embeddingDelay(
      seededRandom(hashString(JSON.stringify(body["input"]))),
      tokens,
      context.latencyScale,
    ),
    json: {
      object: "list",
      data,
      model: model.base,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}

/** `input` as a list of texts or token arrays, validated like the API. */
function readInputs(input: unknown): Array<string | number[]> {
  if (input === undefined || input === null) throw missingParameter("input");
  const isTokens = (value: unknown): value is number[] =>
    Array.isArray(value) && value.length > 0 && value.every((token) => Number.isInteger(token));
  const list: unknown[] =
    typeof input === "string" || isTokens(input) ? [input] : Array.isArray(input) ? input : [];
  const valid =
    list.length > 0 &&
    list.length <= MAX_INPUTS &&
    list.every((item) => (typeof item === "string" && item !== "") || isTokens(item));
  if (!valid) {
    throw new MockApiError(
      400,
      "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
    );
  }
  return list as Array<string | number[]>;
}

/**
 * A unit vector: the sum of one pseudo-random direction per word (so texts that
 * share words are similar) plus a smaller one for the exact text (so different
 * texts never coincide). Shortening keeps the first `length` numbers and
 * rescales them to unit length, as text-embedding-3 models do.
 */
function embed(
  text: string,
  words: readonly string[],
  model: string,
  fullLength: number,
  length: number,
): Float32Array {
  const sum = new Float64Array(fullLength);
  const add = (seed: number, weight: number): void => {
    const random = seededRandom(seed);
    for (let i = 0; i < fullLength; i++) sum[i] = (sum[i] ?? 0) + weight * (random() * 2 - 1);
  };
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  for (const [word, count] of counts) add(hashString(`${model}\u0000${word}`), count);
  add(hashString(text), 0.5 * Math.sqrt(Math.max(1, words.length)));
  const kept = sum.subarray(0, length);
  const norm = Math.hypot(...kept) || 1;
  return Float32Array.from(kept, (value) => value / norm);
}

/** Little-endian float32 bytes in base64, the API's `encoding_format: "base64"`. */
function toBase64(vector: Float32Array): string {
  const bytes = new DataView(new ArrayBuffer(vector.length * 4));
  vector.forEach((value, i) => bytes.setFloat32(i * 4, value, true));
  let binary = "";
  for (let i = 0; i < bytes.byteLength; i++) binary += String.fromCharCode(bytes.getUint8(i));
  return btoa(binary);
}
