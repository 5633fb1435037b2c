/**
 * What the chat-style endpoints (Chat Completions, Responses) share: which
 * model answers, what it may be asked, and one simulated output (hidden
 * reasoning tokens, then the visible reply, cut at the output-token limit).
 */
import { type CatalogModel, type ResolvedModel, resolveModel } from "./catalog.ts";
import { MockApiError, invalidValue, modelNotFound } from "./errors.ts";
import { randomInt } from "./hash.ts";
import { composeReply } from "./replies.ts";
import { tokenize } from "./tokens.ts";

/** What the model "produced" for one choice. */
export interface Generation {
  /** Visible reply, as token pieces (joined, they are the reply text). */
  readonly pieces: readonly string[];
  readonly reasoningTokens: number;
  /** True when the output-token limit cut the output short. */
  readonly truncated: boolean;
}

// Reasoning tokens come in blocks of 64 on the real API; ranges in blocks per effort.
const REASONING_BLOCKS: Record<string, readonly [number, number]> = {
  none: [0, 0],
  minimal: [0, 1],
  low: [1, 4],
  medium: [3, 12],
  high: [8, 32],
  xhigh: [16, 48],
};

/** The reasoning effort a request asks for, checked against the model; undefined for non-reasoning models. */
export function reasoningEffort(
  model: CatalogModel,
  requested: unknown,
  param: string,
): string | undefined {
  if (requested === undefined || requested === null) return model.reasoning;
  if (!model.reasoning) {
    throw new MockApiError(
      400,
      `Unsupported parameter: '${param}' is not supported with this model.`,
      param,
      "unsupported_parameter",
    );
  }
  if (typeof requested !== "string" || !Object.hasOwn(REASONING_BLOCKS, requested)) {
    throw invalidValue(
      param,
      `Invalid value: '${String(requested)}'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', and 'xhigh'.`,
    );
  }
  return requested;
}

/** Reasoning models accept only the default temperature while they reason. */
export function checkTemperature(effort: string | undefined, temperature: unknown): void {
  if (effort === undefined || effort === "none" || temperature === undefined || temperature === 1)
    return;
  throw new MockApiError(
    400,
    `Unsupported value: 'temperature' does not support ${String(temperature)} with this model. Only the default (1) value is supported.`,
    "temperature",
    "unsupported_value",
  );
}

/** Generates one choice: reasoning first (it counts against the limit too), then as much of the reply as fits. */
export function generate(
  random: () => number,
  prompt: string,
  effort: string | undefined,
  maxOutputTokens: number | undefined,
): Generation {
  const reply = tokenize(composeReply(prompt, random));
  const [low, high] = REASONING_BLOCKS[effort ?? "none"] ?? [0, 0];
  const wantedReasoning = 64 * randomInt(random, low, high);
  const limit = maxOutputTokens ?? Number.POSITIVE_INFINITY;
  const reasoningTokens = Math.min(wantedReasoning, limit);
  const pieces = reply.slice(0, Math.max(0, limit - reasoningTokens));
  return { pieces, reasoningTokens, truncated: wantedReasoning + reply.length > limit };
}

/** Output tokens billed for a generation: reasoning plus visible. */
export const outputTokens = (generation: Generation): number =>
  generation.reasoningTokens + generation.pieces.length;

/** The model, if it exists and can chat; otherwise the API's 404 (`notChat` says why an embedding model can't). */
export function resolveChatModel(name: string, notChat: string): ResolvedModel {
  const model = resolveModel(name);
  if (!model) throw modelNotFound(name);
  if (model.info.kind !== "chat") throw new MockApiError(404, notChat, "model");
  return model;
}

/** Refuses prompts longer than the model's context window, as the API does. */
export function checkContextWindow(model: ResolvedModel, promptTokens: number): void {
  if (promptTokens <= model.info.contextWindow) return;
  throw new MockApiError(
    400,
    `This model's maximum context length is ${model.info.contextWindow} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`,
    "messages",
    "context_length_exceeded",
  );
}
