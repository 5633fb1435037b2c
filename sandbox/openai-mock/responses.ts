/** POST /responses (the Responses API): plain and streamed, with the event sequence the SDK's accumulator expects. */
import type { MockContext, PlannedResponse } from "./endpoint.ts";
import {
  type JsonObject,
  MockApiError,
  isObject,
  optionalInteger,
  optionalString,
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
import { type PromptMessage, lastUserText, promptPieces, responsesMessages } from "./prompt.ts";

/** Answers one Responses API request (the body is parsed JSON), or throws the API's error. */
export function responses(body: JsonObject, context: MockContext): PlannedResponse {
  const modelName = requiredModel(body);
  const instructions = optionalString(body, "instructions") ?? null;
  const ownMessages = responsesMessages(body);
  const model = resolveChatModel(
    modelName,
    `The model '${modelName}' is not supported with the Responses API.`,
  );
  const reasoning = body["reasoning"];
  const effort = reasoningEffort(
    model.info,
    isObject(reasoning) ? reasoning["effort"] : undefined,
    "reasoning.effort",
  );
  checkTemperature(effort, body["temperature"]);
  const maxOutputTokens = optionalInteger(body, "max_output_tokens", 16);

  // A follow-up turn re-sends (and bills) the stored conversation, but not its instructions.
  const previousId = optionalString(body, "previous_response_id");
  const previous = previousId === undefined ? [] : context.conversations.get(previousId);
  if (!previous) {
    throw new MockApiError(
      404,
      `Previous response with id '${previousId}' not found.`,
      "previous_response_id",
      "previous_response_not_found",
    );
  }
  const messages = [...previous, ...ownMessages];
  const prompt = promptPieces(messages, body["tools"]);
  checkContextWindow(model, prompt.length);
  const cachedTokens = context.cache.lookupAndStore(model.reportedName, prompt);

  const seed = hashString(`${model.base}\u0000${JSON.stringify(messages)}`);
  const output = generate(seededRandom(seed), lastUserText(messages), effort, maxOutputTokens);
  const text = output.pieces.join("");
  const timing = planTiming(
    seededRandom(hashString("timing", seed)),
    model.base,
    prompt.length - cachedTokens,
    output.reasoningTokens,
    context.latencyScale,
  );

  const idSeed = hashString(`resp ${context.requestNumber}`, seed);
  const responseId = `resp_${randomId(idSeed, 48, "hex")}`;
  const messageId = `msg_${randomId(idSeed + 1, 48, "hex")}`;
  if (body["store"] !== false) {
    const assistant: PromptMessage = { role: "assistant", text, images: 0 };
    context.conversations.set(responseId, [
      ...messages.filter((m) => m.role !== "developer"),
      assistant,
    ]);
  }

  const status = output.truncated ? "incomplete" : "completed";
  const reasoningItem =
    output.reasoningTokens > 0
      ? { id: `rs_${randomId(idSeed + 2, 48, "hex")}`, type: "reasoning", summary: [] }
      : undefined;
  const hasMessage = !output.truncated || output.pieces.length > 0;
  const part = (partText: string): object => ({
    type: "output_text",
    annotations: [],
    logprobs: [],
    text: partText,
  });
  const messageItem = (itemStatus: string, content: object[]): object => ({
    id: messageId,
    type: "message",
    status: itemStatus,
    content,
    role: "assistant",
  });
  const finalOutput = [
    ...(reasoningItem ? [reasoningItem] : []),
    ...(hasMessage ? [messageItem(status, [part(text)])] : []),
  ];
  const outputCount = outputTokens(output);
  const snapshot = (state: string, items: object[], usage: object | null): object => ({
    id: responseId,
    object: "response",
    created_at: context.nowSeconds,
    status: state,
    background: false,
    error: null,
    incomplete_details: state === "incomplete" ? { reason: "max_output_tokens" } : null,
    instructions,
    max_output_tokens: maxOutputTokens ?? null,
    model: model.reportedName,
    output: items,
    parallel_tool_calls: true,
    previous_response_id: previousId ?? null,
    reasoning: { effort: effort ?? null, summary: null },
    store: body["store"] !== false,
    temperature: typeof body["temperature"] === "number" ? body["temperature"] : 1,
    text: { format: { type: "text" }, verbosity: "medium" },
    tool_choice: "auto",
    tools: Array.isArray(body["tools"]) ? body["tools"] : [],
    top_p: typeof body["top_p"] === "number" ? body["top_p"] : 1,
    truncation: "disabled",
    usage,
    user: null,
    metadata: isObject(body["metadata"]) ? body["metadata"] : {},
  });
  const usage = {
    input_tokens: prompt.length,
    input_tokens_details: { cached_tokens: cachedTokens },
    output_tokens: outputCount,
    output_tokens_details: { reasoning_tokens: output.reasoningTokens },
    total_tokens: prompt.length + outputCount,
  };

  if (body["stream"] !== true) {
    return {
      waitMs: timing.firstTokenMs + output.pieces.length * timing.perTokenMs,
      json: snapshot(status, finalOutput, usage),
    };
  }

  const events: SseEvent[] = [];
  const emit = (atMs: number, type: string, fields: object): void => {
    events.push({
      atMs,
      event: type,
      data: JSON.stringify({ type, ...fields, sequence_number: events.length }),
    });
  };
  emit(0, "response.created", { response: snapshot("in_progress", [], null) });
  emit(0, "response.in_progress", { response: snapshot("in_progress", [], null) });
  let index = 0;
  if (reasoningItem) {
    emit(0, "response.output_item.added", { output_index: index, item: reasoningItem });
    emit(0, "response.output_item.done", { output_index: index, item: reasoningItem });
    index++;
  }
  const endMs = output.pieces.length * timing.perTokenMs;
  if (hasMessage) {
    const where = { item_id: messageId, output_index: index, content_index: 0 };
    emit(0, "response.output_item.added", {
      output_index: index,
      item: messageItem("in_progress", []),
    });
    emit(0, "response.content_part.added", { ...where, part: part("") });
    output.pieces.forEach((piece, step) =>
      emit(step * timing.perTokenMs, "response.output_text.delta", {
        ...where,
        delta: piece,
        logprobs: [],
      }),
    );
    emit(endMs, "response.output_text.done", { ...where, text, logprobs: [] });
    emit(endMs, "response.content_part.done", { ...where, part: part(text) });
    emit(endMs, "response.output_item.done", {
      output_index: index,
      item: messageItem(status, [part(text)]),
    });
  }
  emit(endMs, `response.${status}`, { response: snapshot(status, finalOutput, usage) });
  return { waitMs: timing.firstTokenMs, events };
}
