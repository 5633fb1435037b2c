/**
 * Sends a learner's calls to their workshop room: queued first (the outbox, so nothing is lost to a
 * reload or a Wi-Fi drop), then posted in batches. Pure logic: the transport, the outbox, the clock
 * and the online signal are passed in, so every rule is unit-tested without a browser.
 *
 * The rules live in their own modules: when posts go (schedule.ts), what a failure means and how
 * long to wait (retry.ts), the posting itself (send-loop.ts), writing to the outbox in groups
 * (outbox-writer.ts) and what the page is told (status.ts). This module wires them and handles the
 * membership's life: calls queued, tabs that share the outbox, going offline, and the end.
 *
 * - Coming back online: try at once.
 * - Refusals that retrying cannot fix drop that batch with a notice, and sending goes on.
 * - The membership is over (401, 403, 404): stop, drop the room's queue, and tell the page.
 */
import type { CallEvent } from "../../../../shared/calls/event.ts";
import { cleanMeta } from "../../../../shared/calls/meta.ts";
import { plural } from "../../../../shared/calls/format.ts";
import {
  LIMITS,
  type CallOrigin,
  type ForwardedCall,
  type PostCallsResponse,
} from "../../../../shared/workshop/protocol.ts";
import { byteLength, type Outbox } from "../outbox.ts";
import { makeCallId } from "./call-id.ts";
import { OutboxWriter } from "./outbox-writer.ts";
import { Backoff } from "./retry.ts";
import type { Clock } from "./schedule.ts";
import { SendLoop } from "./send-loop.ts";
import { StatusBoard, type ForwarderStatus, type StatusListener } from "./status.ts";
import { MAX_QUEUED, TIMING } from "./timing.ts";

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
  onStatus?: StatusListener;
  /** The membership is over; `message` says why, for people. */
  onEnded?(message: string): void;
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

/** Why a call is not queued at all (too large, too many waiting); null when it is. */
function refusal(event: CallEvent, queued: number): string | null {
  const eventBytes = byteLength(JSON.stringify(event));
  if (eventBytes > LIMITS.maxEventBytes)
    return `A call was too large to send to the room (${Math.ceil(eventBytes / 1024)} KB; the limit is ${LIMITS.maxEventBytes / 1024} KB). It is still in Cost Drivers.`;
  if (queued >= MAX_QUEUED)
    return `${MAX_QUEUED.toLocaleString("en-US")} calls are waiting to be sent, so newer calls are not queued. They are still in Cost Drivers.`;
  return null;
}

export function createForwarder(deps: ForwarderDeps): Forwarder {
  const { roomCode, outbox, clock } = deps;
  const makeId = deps.makeId ?? (() => makeCallId());
  const backoff = new Backoff(clock, deps.random ?? Math.random);
  const status = new StatusBoard(deps.onStatus, () => backoff.retryAt);
  let stopped = false;
  let ended = false;

  const writer = new OutboxWriter(outbox, roomCode, clock, (count, error) => {
    status.dropped += count;
    status.queued = Math.max(0, status.queued - count);
    status.lasting(
      `${plural(count, "call")} could not be queued for the room: ${error instanceof Error ? error.message : String(error)}.`,
    );
    status.emit();
  });

  function isOnline(): boolean {
    try {
      return deps.online?.isOnline() ?? true;
    } catch {
      return true;
    }
  }

  const loop = new SendLoop({
    roomCode,
    outbox,
    post: (calls) => deps.post(calls),
    clock,
    status,
    backoff,
    writer,
    isOnline,
    isStopped: () => stopped,
    end,
  });

  const unsubscribe = deps.online?.subscribe(
    () => {
      if (stopped) return;
      // The network is back: what waited for a retry goes now.
      backoff.clear();
      loop.cancel();
      if (status.state === "offline" || status.state === "retrying") status.setState("idle");
      void loop.run();
    },
    () => {
      if (stopped || loop.busy || status.state === "frozen") return;
      status.setState("offline");
    },
  );

  async function end(message: string): Promise<void> {
    ended = true;
    stopped = true;
    loop.cancel();
    writer.discard();
    backoff.clear();
    status.lasting(message);
    status.queued = 0;
    unsubscribe?.();
    status.setState("ended");
    try {
      await writer.written;
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

  /**
   * Reads the room's counts and queue again. Only `resume` sends what is queued: calls another tab
   * just queued are that tab's to send (two tabs posting one batch would only make duplicates),
   * and calls a closed tab left behind are picked up when a page starts.
   */
  async function reread(resume: boolean): Promise<void> {
    if (stopped) return;
    try {
      const [stats, count] = await Promise.all([outbox.stats(roomCode), outbox.count(roomCode)]);
      status.sent = stats.sent;
      status.dropped = stats.dropped;
      status.queued = count + writer.waiting;
      if (stats.frozen && status.state !== "frozen") status.state = "frozen";
      else if (!stats.frozen && status.state === "frozen") status.state = "idle";
      if (!status.transient) status.lastError = stats.notice;
    } catch {
      // Counts stay as this tab knows them.
    }
    if (resume && status.queued > 0 && backoff.retryAt === null) loop.schedule(TIMING.firstDelayMs);
    status.emit(false);
  }

  return {
    enqueue(event, meta) {
      try {
        if (stopped) return;
        const refused = refusal(event, status.queued);
        if (refused !== null) {
          status.drop(1, refused);
          writer.noteDropped(refused);
          status.emit();
          return;
        }
        const call: ForwardedCall = { id: makeId(), event, meta: cleanMeta(meta) };
        writer.add({ roomCode, call, bytes: byteLength(JSON.stringify(call)) });
        status.queued += 1;
        loop.schedule(TIMING.firstDelayMs);
        status.emit();
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

    persist: () => writer.flush(),

    status: () => status.snapshot(),

    stop() {
      stopped = true;
      loop.cancel();
      writer.cancel();
      unsubscribe?.();
      // Calls still in memory are written so the next page sends them.
      if (!ended) void writer.flush();
    },
  };
}
