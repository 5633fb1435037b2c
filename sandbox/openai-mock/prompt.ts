/**
 * Turns request messages (Chat Completions `messages`, Responses `input` and
 * `instructions`) into one list of prompt tokens, counted like the real API.
 */
import {
  type JsonObject,
  MockApiError,
  invalidType,
  invalidValue,
  isObject,
  missingParameter,
} from "./errors.ts";
import { tokenize } from "./tokens.ts";

/** One message of the prompt, reduced to what counting and replying need. */
export interface PromptMessage {
  readonly role: string;
  readonly text: string;
  /** Images cost a fixed number of tokens each (see IMAGE_TOKENS). */
  readonly images: number;
  readonly name?: string;
}

// A low-detail image costs 85 tokens on GPT-4o-class models; we use that for every image.
const IMAGE_TOKENS = 85;
const CHAT_ROLES = ["system", "assistant", "user", "function", "tool", "developer"];

/**
 * The prompt as token pieces. Like the real chat format, every message costs
 * 3 tokens of framing plus its role (and 1 for a name), and 3 more tokens
 * prime the reply: "Hello" as one user message is 8 prompt tokens, as on the
 * real API. Framing tokens are named markers so that the pieces also work as
 * the prefix the prompt cache compares.
 */
export function promptPieces(messages: readonly PromptMessage[], tools?: unknown): string[] {
  // The API puts tool definitions in front of the conversation.
  const pieces = tools === undefined ? [] : tokenize(JSON.stringify(tools));
  for (const message of messages) {
    pieces.push("<|start|>", message.role);
    if (message.name !== undefined) pieces.push(`<|name:${message.name}|>`);
    pieces.push("<|message|>");
    for (const piece of tokenize(message.text)) pieces.push(piece); // no spread: prompts can be huge
    for (let i = 0; i < message.images * IMAGE_TOKENS; i++) pieces.push("<|image|>");
    pieces.push("<|end|>");
  }
  pieces.push("<|start|>", "assistant", "<|message|>");
  return pieces;
}

/** The text the model is answering: the last user message (else the last message). */
export function lastUserText(messages: readonly PromptMessage[]): string {
  const users = messages.filter((message) => message.role === "user");
  return (users.at(-1) ?? messages.at(-1))?.text ?? "";
}

/** Validates Chat Completions `messages` the way the API does and reduces them to PromptMessages. */
export function chatMessages(body: JsonObject): PromptMessage[] {
  const messages = body["messages"];
  if (messages === undefined) throw missingParameter("messages");
  if (!Array.isArray(messages)) throw invalidType("messages", "an array", messages);
  if (messages.length === 0) {
    throw new MockApiError(
      400,
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "messages",
      "empty_array",
    );
  }
  return messages.map((message: unknown, index) => {
    const where = `messages[${index}]`;
    if (!isObject(message)) throw invalidType(where, "an object", message);
    const role = message["role"];
    if (role === undefined) throw missingParameter(`${where}.role`);
    if (typeof role !== "string" || !CHAT_ROLES.includes(role)) {
      throw invalidValue(
        `${where}.role`,
        `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
      );
    }
    const content = message["content"];
    if (content === undefined && role !== "assistant") throw missingParameter(`${where}.content`);
    const parts = contentParts(content, `${where}.content`);
    // Tool calls an assistant made are part of the prompt too.
    const toolCalls =
      message["tool_calls"] === undefined ? "" : JSON.stringify(message["tool_calls"]);
    const name = typeof message["name"] === "string" ? message["name"] : undefined;
    return {
      role,
      text: parts.text + toolCalls,
      images: parts.images,
      ...(name === undefined ? {} : { name }),
    };
  });
}

/** Validates Responses `instructions` and `input` and reduces them to PromptMessages. */
export function responsesMessages(body: JsonObject): PromptMessage[] {
  const messages: PromptMessage[] = [];
  const instructions = body["instructions"];
  if (instructions !== undefined && instructions !== null) {
    if (typeof instructions !== "string")
      throw invalidType("instructions", "a string", instructions);
    messages.push({ role: "developer", text: instructions, images: 0 });
  }
  const input = body["input"];
  if (input === undefined || input === null) throw missingParameter("input");
  if (typeof input === "string") return [...messages, { role: "user", text: input, images: 0 }];
  if (!Array.isArray(input)) throw invalidType("input", "a string or an array", input);
  input.forEach((item: unknown, index) => {
    if (!isObject(item)) throw invalidType(`input[${index}]`, "an object", item);
    const role = item["role"];
    if (typeof role === "string" && (item["type"] === undefined || item["type"] === "message")) {
      const parts = contentParts(item["content"], `input[${index}].content`);
      messages.push({ role, text: parts.text, images: parts.images });
    } else {
      // Tool calls, tool outputs and other items: their JSON is a fair token estimate.
      messages.push({ role: "tool", text: JSON.stringify(item), images: 0 });
    }
  });
  return messages;
}

/** The text and the number of images in a message's content (a string, or an array of parts). */
function contentParts(content: unknown, where: string): { text: string; images: number } {
  if (content === undefined || content === null) return { text: "", images: 0 };
  if (typeof content === "string") return { text: content, images: 0 };
  if (!Array.isArray(content)) throw invalidType(where, "a string or an array", content);
  let text = "";
  let images = 0;
  for (const part of content as unknown[]) {
    if (!isObject(part)) continue;
    if (typeof part["text"] === "string") text += (text ? "\n" : "") + part["text"];
    else if (/image/.test(String(part["type"]))) images++;
  }
  return { text, images };
}
