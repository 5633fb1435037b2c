/** POST /chat/completions: plain and streamed, with usage exactly where the real API puts it. */
import type { MockContext, PlannedResponse } from "./endpoint.ts";
import {
  type JsonObject,
  MockApiError,
  isObject,
  optionalInteger,
  requiredModel,
} from "./errors.ts";
import {
  checkContextWindow,
  checkTemperature,
  generate,
  outputTokens,
  reasoningEffort,
  resolveChatModel,
} from "./generation.ts";
import { hashString, randomId, seededRandom } from "./hash.ts";
import type { SseEvent } from "./http.ts";
import { planTiming } from "./latency.ts";
import { chatMessages, lastUserText, promptPieces } from "./prompt.ts";

/** Answers one Chat Completions request (the body is parsed JSON), or throws the API's error. */
export function chatCompletions(body: JsonObject, context: MockContext): PlannedResponse {
  const modelName = requiredModel(body);
  const messages = chatMessages(body);
  const model = resolveChatModel(
    modelName,
    "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?",
  );
  const effort = reasoningEffort(model.info, body["reasoning_effort"], "reasoning_effort");
  if (model.info.reasoning && body["max_tokens"] != null) {
    throw new MockApiError(
      400,
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      "max_tokens",
      "unsupported_parameter",
    );
  }
  checkTemperature(effort, body["temperature"]);
  const maxTokens =
    optionalInteger(body, "max_completion_tokens", 1) ?? optionalInteger(body, "max_tokens", 1);
  const n = optionalInteger(body, "n", 1, 128) ?? 1;

  const prompt = promptPieces(messages, body["tools"]);
  checkContextWindow(model, prompt.length);
  const cachedTokens = context.cache.lookupAndStore(model.reportedName, prompt);

  // Same model and messages, same replies: the seed ignores everything else.
  const seed = hashString(`${model.base}\u0000${JSON.stringify(body["messages"])}`);
  const question = lastUserText(messages);
  const choices = Array.from({ length: n }, (_, index) =>
    generate(seededRandom(hashString(`choice ${index}`, seed)), question, effort, maxTokens),
  );
  const completionTokens = choices.reduce((sum, choice) => sum + outputTokens(choice), 0);
  const longest = Math.max(...choices.map((choice) => choice.pieces.length));
  const timing = planTiming(
    seededRandom(hashString("timing", seed)),
    model.base,
    prompt.length - cachedTokens,
    Math.max(...choices.map((choice) => choice.reasoningTokens)),
    context.latencyScale,
  );

  const id = `chatcmpl-${randomId(hashString(`chatcmpl ${context.requestNumber}`, seed), 29)}`;
  // Field order as the API sends it, for learners who print the whole object.
  const envelope = (object: string): object => ({
    id,
    object,
    created: context.nowSeconds,
    model: model.reportedName,
  });
  const extras = {
    service_tier: "default",
    system_fingerprint: `fp_${randomId(hashString(model.reportedName), 10, "hex")}`,
  };
  const usage = {
    prompt_tokens: prompt.length,
    completion_tokens: completionTokens,
    total_tokens: prompt.length + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: choices.reduce((sum, choice) => sum + choice.reasoningTokens, 0),
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  const finishReason = (index: number): string => (choices[index]?.truncated ? "length" : "stop");

  if (body["stream"] !== true) {
    return {
      waitMs: timing.firstTokenMs + longest * timing.perTokenMs,
      json: {
        ...envelope("chat.completion"),
        choices: choices.map((choice, index) => ({
          index,
          message: {
            role: "assistant",
            content: choice.pieces.join(""),
            refusal: null,
            annotations: [],
          },
          logprobs: null,
          finish_reason: finishReason(index),
        })),
        usage,
        ...extras,
      },
    };
  }

  // Streams carry usage only when asked, in one last chunk with no choices; other chunks then say `usage: null`.
  const includeUsage =
    isObject(body["stream_options"]) && body["stream_options"]["include_usage"] === true;
  const events: SseEvent[] = [];
  const chunk = (atMs: number, chunkChoices: object[], chunkUsage: object | null = null): void => {
    const data = {
      ...envelope("chat.completion.chunk"),
      ...extras,
      choices: chunkChoices,
      ...(includeUsage ? { usage: chunkUsage } : {}),
    };
    events.push({ atMs, data: JSON.stringify(data) });
  };
  const delta = (index: number, content: object, finish: string | null = null): object => ({
    index,
    delta: content,
    logprobs: null,
    finish_reason: finish,
  });
  choices.forEach((_, index) =>
    chunk(0, [delta(index, { role: "assistant", content: "", refusal: null })]),
  );
  for (let step = 0; step < longest; step++) {
    choices.forEach((choice, index) => {
      const piece = choice.pieces[step];
      if (piece !== undefined) chunk(step * timing.perTokenMs, [delta(index, { content: piece })]);
    });
  }
  const endMs = longest * timing.perTokenMs;
  choices.forEach((_, index) => chunk(endMs, [delta(index, {}, finishReason(index))]));
  if (includeUsage) chunk(endMs, [], usage);
  events.push({ atMs: endMs, data: "[DONE]" });
  return { waitMs: timing.firstTokenMs, events };
}
