/**
 * What the room service accepts: the protocol's request schemas (shared/workshop/protocol.ts)
 * with the bounds only the server enforces. Bodies are strict (an unknown field is an error, not
 * silently dropped); call events are not, since the event schema is versioned (`v: 1`) and a
 * field it does not know is kept as sent, within the per-event size limit. The bounds keep every
 * stored value small and every sum exact; a real run never comes near them.
 */
import * as v from "valibot";
import { CallCostSchema, CallEventSchema, UseCaseTagSchema } from "../../shared/calls/event.ts";
import {
  CreateRoomRequestSchema,
  ForwardedCallSchema,
  FreezeRequestSchema,
  JoinRequestSchema,
  LIMITS,
  PostCallsRequestSchema,
  ROOM_CODE_PATTERN,
  type CreateRoomRequest,
  type FreezeRequest,
  type JoinRequest,
  type PostCallsRequest,
} from "../../shared/workshop/protocol.ts";

/** Token counts and sequence numbers. */
const MAX_COUNT = 100_000_000;
/** USD of one call. */
const MAX_CALL_COST = 1_000_000;

const event = CallEventSchema.entries;
const counted = <TSchema extends v.GenericSchema<number>>(schema: TSchema) =>
  v.pipe(schema, v.maxValue(MAX_COUNT));
const why = v.pipe(v.string(), v.maxLength(500));
const [priced, unpriced, notCharged] = CallCostSchema.options;
const units = v.unwrap(event.units).entries;

const BoundedCallEventSchema = v.object({
  ...event,
  seq: counted(event.seq),
  time: v.pipe(event.time, v.minLength(10), v.maxLength(40)),
  resource: v.pipe(event.resource, v.minLength(1), v.maxLength(200)),
  userId: v.object({
    ...event.userId.entries,
    value: v.nullable(v.pipe(v.string(), v.maxLength(200))),
    why,
  }),
  useCase: v.object({
    ...event.useCase.entries,
    value: v.nullable(
      v.object({
        ...UseCaseTagSchema.entries,
        name: v.pipe(UseCaseTagSchema.entries.name, v.maxLength(200)),
      }),
    ),
    why,
  }),
  units: v.nullable(
    v.object({
      input: counted(units.input),
      cachedInput: counted(units.cachedInput),
      output: counted(units.output),
    }),
  ),
  cost: v.variant("status", [
    v.object({
      ...priced.entries,
      total: v.pipe(priced.entries.total, v.minValue(0), v.maxValue(MAX_CALL_COST)),
    }),
    unpriced,
    notCharged,
  ]),
  status: v.pipe(event.status, v.maxValue(999)),
  limits: v.pipe(event.limits, v.maxLength(50)),
});

export const RoomParamsSchema = v.object({
  code: v.pipe(v.string(), v.regex(new RegExp(ROOM_CODE_PATTERN))),
});
export type RoomParams = v.InferOutput<typeof RoomParamsSchema>;

export const CreateRoomBodySchema = v.strictObject({
  ...CreateRoomRequestSchema.entries,
  name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.roomNameMaxLength))),
});

export const JoinBodySchema = v.strictObject({
  ...JoinRequestSchema.entries,
  // Longer than the display name limit so names.ts can say "use at most 40 characters".
  displayName: v.pipe(v.string(), v.maxLength(200)),
});

export const PostCallsBodySchema = v.strictObject({
  ...PostCallsRequestSchema.entries,
  calls: v.pipe(
    v.array(
      v.strictObject({
        ...ForwardedCallSchema.entries,
        id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/)),
        event: BoundedCallEventSchema,
        meta: v.strictObject(ForwardedCallSchema.entries.meta.entries),
      }),
    ),
    v.minLength(1),
    v.maxLength(LIMITS.maxBatch),
  ),
});

export const FreezeBodySchema = v.strictObject(FreezeRequestSchema.entries);

// Bounds narrow values, never shapes: what the server accepts is exactly the protocol's type.
// These fail to compile if a schema here drifts from the one it bounds.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameCreate: Same<v.InferOutput<typeof CreateRoomBodySchema>, CreateRoomRequest> = true;
const sameJoin: Same<v.InferOutput<typeof JoinBodySchema>, JoinRequest> = true;
const samePost: Same<v.InferOutput<typeof PostCallsBodySchema>, PostCallsRequest> = true;
const sameFreeze: Same<v.InferOutput<typeof FreezeBodySchema>, FreezeRequest> = true;
void [sameCreate, sameJoin, samePost, sameFreeze];
