/**
 * Sends a learner's calls to their workshop room: queued first (the outbox, so nothing is lost to a
 * reload or a Wi-Fi drop), then posted in batches. Pure logic: the transport, the outbox, the clock
 * and the online signal are passed in, so every rule below is unit-tested without a browser.
 *
 * - A burst is sent together: the first post goes out ~200 ms after the first call, later ones at
 *   least 500 ms apart, each at most LIMITS.maxBatch calls and under LIMITS.maxRequestBytes.
 * - No answer or a 5xx: try again later (1 s doubling to 30 s, with jitter, so a room of laptops
 *   reconnecting after the Wi-Fi drops does not retry in step). 429: wait as long as Retry-After.
 *   Coming back online: try at once.
 * - Refusals that retrying cannot fix (400, 413, 409 room full, 423 frozen) drop that batch with a
 *   notice, and sending goes on with the next calls.
 * - 401, 403, 404: the membership is over (room deleted, or the server forgot the token): stop,
 *   drop the room's queue, and tell the page.
 *
 * Call ids are made here, once per call, so a batch retried after a lost answer is stored once.
 */
import type { CallEvent } from "../../../shared/calls/event.ts";
import {
  LIMITS,
  type CallOrigin,
  type ForwardedCall,
  type PostCallsResponse,
} from "../../../shared/workshop/protocol.ts";
import { cleanMeta } from "../../../shared/calls/meta.ts";
import { plural } from "../../../shared/calls/format.ts";
import {
  byteLength,
  type Outbox,
  type OutboxRecord,
  type QueuedCall,
  type Settlement,
} from "./outbox.ts";

export type ForwarderState = "idle" | "sending" | "retrying" | "offline" | "frozen" | "ended";

export interface ForwarderStatus {
  state: ForwarderState;
  /** Calls waiting to be sent (from every tab of this browser, for this room). */
  queued: number;
  /** Calls the room stored (from every tab of this browser). */
  sent: number;
  /** Calls that will never be sent (refused, too large, queue full). */
  dropped: number;
  /** The last problem, a sentence for people; null when there is none. */
  lastError: string | null;
  /** When the next attempt is due (epoch ms), while waiting after a failure. */
  nextRetryAt: number | null;
}

/** What the transport rejects with (RoomApiError has these fields). */
export interface TransportError {
  /** HTTP status; 0 when no answer came. */
  status: number;
  code: string;
  message: string;
  retryAfterMs: number | null;
}

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface OnlineSignal {
  isOnline(): boolean;
  /** Calls back on the browser's `online` and `offline` events; returns an unsubscribe. */
  subscribe(onOnline: () => void, onOffline: () => void): () => void;
}

export interface ForwarderDeps {
  roomCode: string;
  post(calls: ForwardedCall[]): Promise<PostCallsResponse>;
  outbox: Outbox;
  clock: Clock;
  online?: OnlineSignal;
  /** In [0, 1): jitter for retries. */
  random?: () => number;
  makeId?: () => string;
  /** `local`: this forwarder queued, sent or dropped something (false: it re-read the counts). */
  onStatus?(status: ForwarderStatus, local: boolean): void;
  /** The membership is over; `message` says why, for people. */
  onEnded?(message: string): void;
}

export const TIMING = {
  /** Quiet time after the first call of a burst, so the burst goes in one post. */
  firstDelayMs: 200,
  minIntervalMs: 500,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  /** Calls are written to the outbox in groups: one transaction per burst, not per call. */
  persistDelayMs: 50,
  /** A Retry-After longer than this is not believed. */
  maxRetryAfterMs: 10 * 60_000,
} as const;

/** Calls waiting before new ones are dropped: a learner offline for a day must not fill the disk. */
export const MAX_QUEUED = 20_000;
/** Room under LIMITS.maxRequestBytes for the request's own overhead and rounding. */
const BODY_MARGIN_BYTES = 2_048;
/** Ids of sent calls whose removal from the outbox failed, remembered so they are not sent again. */
const MAX_REMEMBERED_IDS = 5_000;

export const FROZEN_MESSAGE = "The instructor froze the room; calls made now are not sent.";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const ID_LENGTH = 22;

/**
 * A call id: 22 characters of [A-Za-z0-9_-] (132 random bits). Made with crypto.getRandomValues,
 * which browsers offer on plain http too; crypto.randomUUID needs a secure context, and attendees
 * load the site from a LAN address over http.
 */
export function makeCallId(
  getRandomValues: ((bytes: Uint8Array<ArrayBuffer>) => unknown) | undefined = typeof crypto ===
    "object" && typeof crypto.getRandomValues === "function"
    ? (bytes) => crypto.getRandomValues(bytes)
    : undefined,
): string {
  const bytes = new Uint8Array(ID_LENGTH);
  if (getRandomValues) getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  let id = "";
  // 256 is a multiple of 64, so `& 63` keeps every character equally likely.
  for (const byte of bytes) id += ID_ALPHABET[byte & 63];
  return id;
}

export const CALL_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** Delay before retry number `attempt` (0-based): 1 s doubling to 30 s, then between half and all of it. */
export function backoffDelay(attempt: number, random: () => number): number {
  const full = Math.min(TIMING.backoffMaxMs, TIMING.backoffBaseMs * 2 ** Math.min(attempt, 30));
  return Math.round(full / 2 + (full / 2) * Math.min(1, Math.max(0, random())));
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return plural(s, "second");
}

function asTransportError(error: unknown): TransportError {
  const value = error as Partial<TransportError> | null;
  if (value && typeof value.status === "number" && typeof value.code === "string") {
    return {
      status: value.status,
      code: value.code,
      message: typeof value.message === "string" ? value.message : "",
      retryAfterMs: typeof value.retryAfterMs === "number" ? value.retryAfterMs : null,
    };
  }
  // A bug or an unexpected rejection: retrying is safe (ids make resends harmless).
  return {
    status: 500,
    code: "internal",
    message: error instanceof Error ? error.message : String(error),
    retryAfterMs: null,
  };
}

export interface Forwarder {
  /** Queues one call; returns at once and never throws. */
  enqueue(event: CallEvent, meta: CallOrigin): void;
  /** Reads the queue and the room's counts, drops calls of rooms left earlier, resumes sending. */
  start(): Promise<void>;
  /** Reads the queue and counts again (another tab sent or queued calls); sends nothing. */
  refresh(): Promise<void>;
  /** Writes the calls still in memory to the outbox (the page is going away). */
  persist(): Promise<void>;
  status(): ForwarderStatus;
  /** Stops timers and listeners; queued calls stay in the outbox for the next page. */
  stop(): void;
}

export function createForwarder(deps: ForwarderDeps): Forwarder {
  const { roomCode, outbox, clock } = deps;
  const random = deps.random ?? Math.random;
  const makeId = deps.makeId ?? (() => makeCallId());
  const maxBytes = LIMITS.maxRequestBytes - BODY_MARGIN_BYTES;

  let state: ForwarderState = "idle";
  let queued = 0;
  let sent = 0;
  let dropped = 0;
  let lastError: string | null = null;
  /** lastError is about a failure retrying may fix: a success clears it. */
  let transient = false;

  let incoming: QueuedCall[] = [];
  /** Calls dropped on arrival (too large, queue full), recorded with the next outbox write. */
  let unrecorded: { dropped: number; notice: string } | null = null;
  let persisting: Promise<void> = Promise.resolve();
  let persistTimer: unknown = null;
  let flushTimer: unknown = null;
  let flushAt = 0;
  let sending: Promise<void> | null = null;
  let lastPostAt = -Infinity;
  let attempt = 0;
  let retryAt: number | null = null;
  let stopped = false;
  let ended = false;
  const remembered = new Set<string>();

  const unsubscribe = deps.online?.subscribe(
    () => {
      if (stopped) return;
      // The network is back: what waited for a retry goes now.
      attempt = 0;
      retryAt = null;
      cancelFlush();
      if (state === "offline" || state === "retrying") setState("idle");
      void cycle();
    },
    () => {
      if (stopped || sending || state === "frozen") return;
      setState("offline");
    },
  );

  function status(): ForwarderStatus {
    return { state, queued, sent, dropped, lastError, nextRetryAt: retryAt };
  }

  function emit(local = true): void {
    if (!deps.onStatus) return;
    try {
      deps.onStatus(status(), local);
    } catch {
      // A listener's failure must not stop sending.
    }
  }

  function setState(next: ForwarderState): void {
    state = next;
    emit();
  }

  function isOnline(): boolean {
    try {
      return deps.online?.isOnline() ?? true;
    } catch {
      return true;
    }
  }

  function cancelFlush(): void {
    if (flushTimer !== null) clock.clearTimeout(flushTimer);
    flushTimer = null;
  }

  /** Runs a send cycle after `delayMs`, but never before the interval or a retry time allows. */
  function scheduleFlush(delayMs: number): void {
    if (stopped || sending) return;
    const now = clock.now();
    const at = Math.max(now + delayMs, lastPostAt + TIMING.minIntervalMs, retryAt ?? 0);
    if (flushTimer !== null && flushAt <= at) return;
    cancelFlush();
    flushAt = at;
    flushTimer = clock.setTimeout(() => {
      flushTimer = null;
      void cycle();
    }, at - now);
  }

  function schedulePersist(): void {
    if (persistTimer !== null) return;
    persistTimer = clock.setTimeout(() => {
      persistTimer = null;
      void persist();
    }, TIMING.persistDelayMs);
  }

  function persist(): Promise<void> {
    if (persistTimer !== null) clock.clearTimeout(persistTimer);
    persistTimer = null;
    if (unrecorded) {
      const note = unrecorded;
      unrecorded = null;
      persisting = persisting.then(() => outbox.note(roomCode, note)).catch(() => undefined);
    }
    const batch = incoming;
    incoming = [];
    if (!batch.length) return persisting;
    persisting = persisting
      .then(() => outbox.add(batch))
      .catch((error: unknown) => {
        dropped += batch.length;
        queued = Math.max(0, queued - batch.length);
        transient = false;
        lastError = `${plural(batch.length, "call")} could not be queued for the room: ${error instanceof Error ? error.message : String(error)}.`;
        emit();
      });
    return persisting;
  }

  function drop(count: number, message: string, frozen?: boolean): Settlement {
    dropped += count;
    lastError = message;
    transient = false;
    return { dropped: count, notice: message, ...(frozen === undefined ? {} : { frozen }) };
  }

  async function end(message: string): Promise<void> {
    ended = true;
    stopped = true;
    cancelFlush();
    if (persistTimer !== null) clock.clearTimeout(persistTimer);
    incoming = [];
    retryAt = null;
    lastError = message;
    transient = false;
    queued = 0;
    unsubscribe?.();
    setState("ended");
    try {
      await persisting;
      await outbox.clear(roomCode);
    } catch {
      // Left in the outbox, the calls are dropped when the next membership starts.
    }
    try {
      deps.onEnded?.(message);
    } catch {
      // The page's reaction is its own business.
    }
  }

  function retryLater(delayMs: number, message: string): void {
    retryAt = clock.now() + delayMs;
    lastError = message;
    transient = true;
    setState(isOnline() ? "retrying" : "offline");
  }

  /** Handles a failed post; returns what to record in the room's stats (null: keep the batch). */
  async function failed(error: TransportError, batch: OutboxRecord[]): Promise<Settlement | null> {
    const count = batch.length;
    const notSent = `${plural(count, "call")} ${count === 1 ? "was" : "were"} not sent`;
    const reason = error.message ? ` ${error.message}` : "";
    if (error.status === 0 || error.code === "offline") {
      const delay = backoffDelay(attempt++, random);
      retryLater(delay, `Could not reach the room service; trying again in ${seconds(delay)}.`);
      return null;
    }
    // The server's Retry-After when it gave one (within sane bounds), else our own backoff.
    const serverDelay = () =>
      error.retryAfterMs !== null
        ? Math.min(TIMING.maxRetryAfterMs, Math.max(TIMING.minIntervalMs, error.retryAfterMs))
        : backoffDelay(attempt++, random);
    if (error.status === 429) {
      const delay = serverDelay();
      retryLater(
        delay,
        `The room service asked this browser to slow down; sending again in ${seconds(delay)}.`,
      );
      return null;
    }
    if (error.status >= 500 || error.code === "bad_response" || error.status < 400) {
      const delay = serverDelay();
      retryLater(
        delay,
        `The room service had a problem (HTTP ${error.status}); trying again in ${seconds(delay)}.`,
      );
      return null;
    }
    if (error.status === 401 || error.status === 403 || error.status === 404) {
      await end(
        error.status === 404
          ? "The room no longer exists: the instructor deleted it. Join a room again to keep sending calls."
          : "The room service no longer knows this browser's place in the room. Join the room again to keep sending calls.",
      );
      return null;
    }
    attempt = 0;
    retryAt = null;
    if (error.status === 423) {
      const settlement = drop(count, FROZEN_MESSAGE, true);
      setState("frozen");
      return settlement;
    }
    if (error.status === 409) {
      return drop(count, `The room is full: ${notSent}.${reason} Ask the instructor.`);
    }
    if (error.status === 413) {
      return drop(count, `${notSent}: the room service found them too large.${reason}`);
    }
    return drop(
      count,
      `${notSent}: the room service refused them (HTTP ${error.status}).${reason}`,
    );
  }

  async function sendOnce(): Promise<void> {
    await persist();
    if (stopped) return;
    if (!isOnline()) {
      // The `online` event normally wakes us; the retry time is for browsers that never send it.
      retryAt = clock.now() + TIMING.backoffMaxMs;
      setState("offline");
      return;
    }
    let records = await outbox.take(roomCode, LIMITS.maxBatch, maxBytes);
    const stale = records.filter((record) => remembered.has(record.call.id));
    if (stale.length) {
      // Sent already; only their removal failed. Try the removal again, never the send.
      await outbox.remove(
        stale.map((record) => record.key),
        roomCode,
      );
      for (const record of stale) remembered.delete(record.call.id);
      records = await outbox.take(roomCode, LIMITS.maxBatch, maxBytes);
      records = records.filter((record) => !remembered.has(record.call.id));
    }
    if (!records.length) {
      if (state === "sending") setState("idle");
      return;
    }
    if (state !== "frozen") setState("sending");
    lastPostAt = clock.now();
    let settlement: Settlement | null;
    try {
      const result = await deps.post(records.map((record) => record.call));
      attempt = 0;
      retryAt = null;
      const stored = Number.isFinite(result?.stored) ? result.stored : records.length;
      sent += stored;
      const wasFrozen = state === "frozen";
      const settled: Settlement = { sent: stored };
      if (wasFrozen) settled.frozen = false;
      if (transient || wasFrozen) {
        lastError = null;
        transient = false;
        settled.notice = null;
      }
      settlement = settled;
      state = "sending";
    } catch (error) {
      settlement = await failed(asTransportError(error), records);
    }
    if (settlement === null) return;
    for (const record of records) remembered.add(record.call.id);
    if (remembered.size > MAX_REMEMBERED_IDS) {
      for (const id of [...remembered].slice(0, remembered.size - MAX_REMEMBERED_IDS))
        remembered.delete(id);
    }
    await outbox.remove(
      records.map((record) => record.key),
      roomCode,
      settlement,
    );
    for (const record of records) remembered.delete(record.call.id);
  }

  function cycle(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (sending) return sending;
    cancelFlush();
    sending = (async () => {
      try {
        await sendOnce();
      } catch (error) {
        // The outbox failed: treat it like any other failure worth retrying later.
        if (!stopped) {
          const delay = backoffDelay(attempt++, random);
          retryLater(
            delay,
            `Calls for the room could not be read from this browser's storage (${error instanceof Error ? error.message : String(error)}); trying again in ${seconds(delay)}.`,
          );
        }
      }
      if (stopped) return;
      try {
        queued = (await outbox.count(roomCode)) + incoming.length;
      } catch {
        // Keep the last count.
      }
    })().finally(() => {
      sending = null;
      if (stopped) return;
      if (queued > 0) scheduleFlush(0);
      else if (state === "sending") state = "idle";
      emit();
    });
    return sending;
  }

  /**
   * Reads the room's counts and queue again. Only `resume` sends what is queued: calls another tab
   * just queued are that tab's to send (two tabs posting one batch would only make duplicates),
   * and calls a closed tab left behind are picked up when a page starts.
   */
  async function reread(resume: boolean): Promise<void> {
    if (stopped) return;
    try {
      const [stats, count] = await Promise.all([outbox.stats(roomCode), outbox.count(roomCode)]);
      sent = stats.sent;
      dropped = stats.dropped;
      queued = count + incoming.length;
      if (stats.frozen && state !== "frozen") state = "frozen";
      else if (!stats.frozen && state === "frozen") state = "idle";
      if (!transient) lastError = stats.notice;
    } catch {
      // Counts stay as this tab knows them.
    }
    if (resume && queued > 0 && retryAt === null) scheduleFlush(TIMING.firstDelayMs);
    emit(false);
  }

  return {
    enqueue(event, meta) {
      try {
        if (stopped) return;
        const eventBytes = byteLength(JSON.stringify(event));
        let refusal: string | null = null;
        if (eventBytes > LIMITS.maxEventBytes) {
          refusal = `A call was too large to send to the room (${Math.ceil(eventBytes / 1024)} KB; the limit is ${LIMITS.maxEventBytes / 1024} KB). It is still in Cost Drivers.`;
        } else if (queued >= MAX_QUEUED) {
          refusal = `${MAX_QUEUED.toLocaleString("en-US")} calls are waiting to be sent, so newer calls are not queued. They are still in Cost Drivers.`;
        }
        if (refusal !== null) {
          drop(1, refusal);
          unrecorded = { dropped: (unrecorded?.dropped ?? 0) + 1, notice: refusal };
          schedulePersist();
          emit();
          return;
        }
        const call: ForwardedCall = { id: makeId(), event, meta: cleanMeta(meta) };
        incoming.push({ roomCode, call, bytes: byteLength(JSON.stringify(call)) });
        queued += 1;
        schedulePersist();
        scheduleFlush(TIMING.firstDelayMs);
        emit();
      } catch {
        // Forwarding must never disturb a run.
      }
    },

    async start() {
      try {
        await outbox.dropOtherRooms(roomCode);
      } catch {
        // Other rooms' calls are never taken for this one anyway.
      }
      await reread(true);
    },

    refresh: () => reread(false),

    persist,

    status,

    stop() {
      stopped = true;
      cancelFlush();
      if (persistTimer !== null) clock.clearTimeout(persistTimer);
      persistTimer = null;
      unsubscribe?.();
      // Calls still in memory are written so the next page sends them.
      if (!ended) void persist();
    },
  };
}
