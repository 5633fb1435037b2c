/**
 * Room calls for the dashboard tests, shaped as the room service sends them (protocol.ts types, so
 * a contract change breaks these tests). Prices are gpt-4o-mini's: $0.15 per million input tokens,
 * $0.60 per million output tokens, as in the course's example runs.
 */
import type {
  Attendee,
  AttendeeRow,
  RoomCall,
  RoomInfo,
  RoomSnapshot,
  Totals,
  UseCaseRow,
} from "../../../../shared/workshop/protocol.ts";

export const ROOM: RoomInfo = {
  code: "K7PQ2M",
  name: "Tuesday workshop",
  createdAt: "2026-11-27T09:00:00.000Z",
  frozen: false,
};

export function attendee(userId: string, displayName = userId): Attendee {
  return { userId, displayName, joinedAt: "2026-11-27T09:01:00.000Z" };
}

export function at(second: number): string {
  return new Date(Date.parse("2026-11-27T10:00:00.000Z") + second * 1000).toISOString();
}

let nextSeq = 1;

export function resetSeq(): void {
  nextSeq = 1;
}

/** A priced gpt-4o-mini call, 23 tokens in and 9 out ($0.00000885), unless overridden. */
export function call(overrides: Partial<RoomCall> = {}): RoomCall {
  const seq = overrides.seq ?? nextSeq++;
  const inputTokens = overrides.inputTokens ?? 23;
  const outputTokens = overrides.outputTokens ?? 9;
  return {
    seq,
    receivedAt: at(seq),
    attendee: "ana",
    time: at(seq - 0.5),
    resource: "gpt-4o-mini",
    api: "chat.completions",
    taggedUserId: "user_123",
    useCase: "support_answer",
    inputTokens,
    cachedInputTokens: 0,
    outputTokens,
    costUsd: (inputTokens * 0.15 + outputTokens * 0.6) / 1e6,
    costStatus: "priced",
    status: 200,
    lesson: "day-2",
    why: "user id set by ingest() at line 7",
    ...overrides,
  };
}

export function unpriced(overrides: Partial<RoomCall> = {}): RoomCall {
  return call({ resource: "my-finetune", costUsd: null, costStatus: "unpriced", ...overrides });
}

export function failed(status: number | null, overrides: Partial<RoomCall> = {}): RoomCall {
  return call({
    inputTokens: 0,
    outputTokens: 0,
    costUsd: null,
    costStatus: "not-charged",
    status,
    ...overrides,
  });
}

/**
 * What the service's snapshot holds for these calls, computed the plain way (filter and sum), as
 * an independent reference for the dashboard's one-batch-at-a-time reducer. A failed call is one
 * with no response (status 0, or null) or an HTTP error status.
 */
export function referenceSnapshot(
  joined: readonly Attendee[],
  calls: readonly RoomCall[],
): RoomSnapshot {
  const sum = (subset: readonly RoomCall[]): Totals => ({
    requests: subset.length,
    inputTokens: subset.reduce((n, c) => n + c.inputTokens, 0),
    cachedInputTokens: subset.reduce((n, c) => n + c.cachedInputTokens, 0),
    outputTokens: subset.reduce((n, c) => n + c.outputTokens, 0),
    spendUsd: subset
      .filter((c) => c.costStatus === "priced")
      .reduce((n, c) => n + (c.costUsd ?? 0), 0),
    unpricedCalls: subset.filter((c) => c.costStatus === "unpriced").length,
    failedCalls: subset.filter((c) => c.status === null || c.status === 0 || c.status >= 400)
      .length,
  });
  const ids = [...new Set([...joined.map((a) => a.userId), ...calls.map((c) => c.attendee)])];
  const attendees: AttendeeRow[] = ids.map((userId) => {
    const mine = calls.filter((c) => c.attendee === userId);
    const last = mine.at(-1);
    const known = joined.find((a) => a.userId === userId);
    return {
      userId,
      displayName: known?.displayName ?? userId,
      joinedAt: known?.joinedAt ?? mine[0]!.receivedAt,
      ...sum(mine),
      lastCallAt: last?.receivedAt ?? null,
      lastResource: last?.resource ?? null,
    };
  });
  const names = [...new Set(calls.map((c) => c.useCase))];
  const useCases: UseCaseRow[] = names.map((name) => ({
    name,
    ...sum(calls.filter((c) => c.useCase === name)),
  }));
  return {
    room: ROOM,
    totals: sum(calls),
    attendees,
    useCases,
    recent: calls.slice(-50),
    lastSeq: calls.at(-1)?.seq ?? 0,
  };
}
