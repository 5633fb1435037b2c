/**
 * JSON Schemas for every request the room service accepts (validated by Fastify's Ajv before a
 * handler runs). Call events are checked for the fields the room stores and sums; other fields are
 * kept as sent (the event schema is versioned, `v: 1`), within the per-event size limit.
 */
import { LIMITS, ROOM_CODE_PATTERN } from "../shared/workshop/protocol.ts";

const text = (maxLength: number) => ({ type: "string", maxLength }) as const;
const count = { type: "integer", minimum: 0, maximum: 100_000_000 } as const;

const tagged = (value: object) =>
  ({
    type: "object",
    required: ["value", "why"],
    properties: { value, why: text(500) },
  }) as const;

const callEvent = {
  type: "object",
  required: [
    "v",
    "type",
    "seq",
    "time",
    "resource",
    "api",
    "userId",
    "useCase",
    "units",
    "cost",
    "status",
    "limits",
  ],
  properties: {
    v: { const: 1 },
    type: { const: "call" },
    seq: count,
    time: { type: "string", minLength: 10, maxLength: 40 },
    resource: { type: "string", minLength: 1, maxLength: 200 },
    api: { enum: ["chat.completions", "responses", "embeddings"] },
    userId: tagged({ type: ["string", "null"], maxLength: 200 }),
    useCase: tagged({
      anyOf: [
        { type: "null" },
        { type: "object", required: ["name"], properties: { name: text(200) } },
      ],
    }),
    units: {
      anyOf: [
        { type: "null" },
        {
          type: "object",
          required: ["input", "cachedInput", "output"],
          properties: { input: count, cachedInput: count, output: count },
        },
      ],
    },
    cost: {
      type: "object",
      required: ["status"],
      properties: { status: { enum: ["priced", "unpriced", "not-charged"] } },
      if: { properties: { status: { const: "priced" } } },
      then: {
        required: ["total"],
        properties: { total: { type: "number", minimum: 0, maximum: 1_000_000 } },
      },
    },
    status: { type: "integer", minimum: 0, maximum: 999 },
    limits: { type: "array", maxItems: 50 },
  },
} as const;

const callOrigin = {
  type: "object",
  required: ["runId", "sandboxId", "lesson", "runner", "recordedAt"],
  additionalProperties: false,
  properties: {
    runId: text(100),
    sandboxId: text(100),
    lesson: text(100),
    runner: { enum: ["browser", "webcontainer"] },
    recordedAt: text(40),
  },
} as const;

export const roomParams = {
  type: "object",
  required: ["code"],
  properties: { code: { type: "string", pattern: ROOM_CODE_PATTERN } },
} as const;

export const createRoomBody = {
  type: "object",
  additionalProperties: false,
  properties: { name: { type: "string", minLength: 1, maxLength: LIMITS.roomNameMaxLength } },
} as const;

export const joinBody = {
  type: "object",
  required: ["displayName"],
  additionalProperties: false,
  // Longer than the display name limit so names.ts can say "use at most 40 characters".
  properties: { displayName: { type: "string", maxLength: 200 } },
} as const;

export const postCallsBody = {
  type: "object",
  required: ["calls"],
  additionalProperties: false,
  properties: {
    calls: {
      type: "array",
      minItems: 1,
      maxItems: LIMITS.maxBatch,
      items: {
        type: "object",
        required: ["id", "event", "meta"],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: "^[A-Za-z0-9_-]{8,64}$" },
          event: callEvent,
          meta: callOrigin,
        },
      },
    },
  },
} as const;

export const freezeBody = {
  type: "object",
  required: ["frozen"],
  additionalProperties: false,
  properties: { frozen: { type: "boolean" } },
} as const;
