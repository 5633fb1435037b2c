/**
 * How the store's rows become the protocol's values, and the column lists the queries share:
 * the one place that knows both the SQL names and the protocol's.
 */
import type {
  Attendee,
  ForwardedCall,
  RoomCall,
  RoomInfo,
  Totals,
} from "../../shared/workshop/protocol.ts";

export interface RoomRecord extends RoomInfo {
  adminKeyHash: string;
  callCount: number;
}

export interface AttendeeRecord extends Attendee {
  id: number;
  roomCode: string;
}

export const ROOM_COLUMNS = "code, name, admin_key_hash, created_at, frozen, call_count";

export interface RoomRow {
  code: string;
  name: string;
  admin_key_hash: string;
  created_at: string;
  frozen: number;
  call_count: number;
}

export function roomRecord(row: RoomRow): RoomRecord {
  return {
    code: row.code,
    name: row.name,
    createdAt: row.created_at,
    frozen: row.frozen === 1,
    adminKeyHash: row.admin_key_hash,
    callCount: row.call_count,
  };
}

/** A room as the protocol shows it: no key hash, no counters. */
export function roomInfo(room: RoomRecord): RoomInfo {
  return { code: room.code, name: room.name, createdAt: room.createdAt, frozen: room.frozen };
}

export interface AttendeeRow {
  id: number;
  room_code: string;
  user_id: string;
  display_name: string;
  joined_at: string;
}

export function attendeeRecord(row: AttendeeRow): AttendeeRecord {
  return {
    id: row.id,
    roomCode: row.room_code,
    userId: row.user_id,
    displayName: row.display_name,
    joinedAt: row.joined_at,
  };
}

/** Sums over the calls `c` in a query's scope (a room, an attendee, a use case). */
export const TOTALS_COLUMNS = `
  COUNT(c.seq) AS requests,
  SUM(c.input_tokens) AS input_tokens,
  SUM(c.cached_input_tokens) AS cached_input_tokens,
  SUM(c.output_tokens) AS output_tokens,
  SUM(CASE WHEN c.cost_status = 'priced' THEN c.cost_usd ELSE 0 END) AS spend_usd,
  SUM(CASE WHEN c.cost_status = 'unpriced' THEN 1 ELSE 0 END) AS unpriced_calls,
  SUM(CASE WHEN c.status IS NULL OR c.status = 0 OR c.status >= 400 THEN 1 ELSE 0 END) AS failed_calls`;

export interface TotalsRow {
  requests: number;
  input_tokens: number | null;
  cached_input_tokens: number | null;
  output_tokens: number | null;
  spend_usd: number | null;
  unpriced_calls: number | null;
  failed_calls: number | null;
}

/** Sums are null over no calls: zero, as the dashboard counts them. */
export function totals(row: TotalsRow | undefined): Totals {
  return {
    requests: row?.requests ?? 0,
    inputTokens: row?.input_tokens ?? 0,
    cachedInputTokens: row?.cached_input_tokens ?? 0,
    outputTokens: row?.output_tokens ?? 0,
    spendUsd: row?.spend_usd ?? 0,
    unpricedCalls: row?.unpriced_calls ?? 0,
    failedCalls: row?.failed_calls ?? 0,
  };
}

/** A call `c` with its attendee `a`, as the dashboard sees it. */
export const CALL_COLUMNS = `c.seq, c.received_at, a.user_id, c.time, c.resource, c.api, c.tagged_user_id,
  c.use_case, c.input_tokens, c.cached_input_tokens, c.output_tokens, c.cost_usd, c.cost_status,
  c.status, c.lesson, c.why`;

export interface CallRow {
  seq: number;
  received_at: string;
  user_id: string;
  time: string;
  resource: string;
  api: string;
  tagged_user_id: string | null;
  use_case: string | null;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  cost_status: RoomCall["costStatus"];
  status: number | null;
  lesson: string;
  why: string;
}

export function roomCall(row: CallRow): RoomCall {
  return {
    seq: row.seq,
    receivedAt: row.received_at,
    attendee: row.user_id,
    time: row.time,
    resource: row.resource,
    api: row.api,
    taggedUserId: row.tagged_user_id,
    useCase: row.use_case,
    inputTokens: row.input_tokens,
    cachedInputTokens: row.cached_input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost_usd,
    costStatus: row.cost_status,
    status: row.status,
    lesson: row.lesson,
    why: row.why,
  };
}

/** The flat, dashboard-facing columns of one forwarded call. */
export function callColumns(call: ForwardedCall): Omit<CallRow, "seq" | "received_at" | "user_id"> {
  const { event, meta } = call;
  const cost = event.cost;
  return {
    time: event.time,
    resource: event.resource,
    api: event.api,
    tagged_user_id: event.userId.value || null,
    use_case: event.useCase.value?.name ?? null,
    input_tokens: event.units?.input ?? 0,
    cached_input_tokens: event.units?.cachedInput ?? 0,
    output_tokens: event.units?.output ?? 0,
    cost_usd: cost.status === "priced" ? cost.total : cost.status === "not-charged" ? 0 : null,
    cost_status: cost.status,
    status: Number.isInteger(event.status) ? event.status : null,
    lesson: meta.lesson,
    why: event.userId.why,
  };
}
