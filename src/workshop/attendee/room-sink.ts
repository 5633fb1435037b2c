/**
 * Workshop forwarding in the browser: loaded (with `import()`) only while the learner is in a room,
 * as one of the page's call sinks (see lesson-sink.ts), next to the Cost Drivers recorder.
 *
 * One forwarder per tab and membership, over the shared outbox. Tabs tell each other on the
 * `payi-workshop` channel when they queued or sent calls, so every open page (the join page's
 * status in particular) shows this browser's counts, not just its own tab's.
 */
import type { CallEvent } from "../../../shared/calls/event.ts";
import type { CallSink } from "../../call-sinks.ts";
import { isCallEvent } from "../../../shared/calls/event.ts";
import type { CallMeta } from "../../../shared/calls/meta.ts";
import { safeLocalStorage } from "../../local-storage.ts";
import { attendeeApi } from "../room-api.ts";
import { createForwarder, type Forwarder } from "./delivery/forwarder.ts";
import type { ForwarderStatus } from "./delivery/status.ts";
import {
  clearMembership,
  MEMBERSHIP_EVENT,
  MEMBERSHIP_KEY,
  readMembership,
  type Membership,
} from "./membership.ts";
import { createMemoryOutbox, openOutbox, type Outbox } from "./outbox.ts";

export type { ForwarderStatus } from "./delivery/status.ts";

const CHANNEL = "payi-workshop";
/** Why the last membership ended, for the join page to say (localStorage; read once, then cleared). */
const ENDED_KEY = "payi-workshop-ended";
const BROADCAST_MS = 500;

export interface EndedNotice {
  roomCode: string;
  roomName: string;
  message: string;
  at: string;
}

type Listener = (status: ForwarderStatus | null) => void;

let current: { membership: Membership; forwarder: Forwarder } | null = null;
const listeners = new Set<Listener>();
let sharedOutbox: Outbox | undefined;
let channel: BroadcastChannel | null | undefined;
let wired = false;

/**
 * The outbox, usable at once: operations wait for IndexedDB to open, and fall back to memory where
 * the browser has none (calls then only survive as long as the tab).
 */
function outbox(): Outbox {
  if (sharedOutbox) return sharedOutbox;
  const opened = openOutbox().catch(() => createMemoryOutbox());
  const later =
    <K extends keyof Outbox>(name: K) =>
    async (...args: Parameters<Outbox[K]>): Promise<Awaited<ReturnType<Outbox[K]>>> => {
      const target = await opened;
      return (
        target[name] as (...a: Parameters<Outbox[K]>) => Promise<Awaited<ReturnType<Outbox[K]>>>
      )(...args);
    };
  sharedOutbox = {
    add: later("add"),
    take: later("take"),
    remove: later("remove"),
    count: later("count"),
    stats: later("stats"),
    note: later("note"),
    clear: later("clear"),
    dropOtherRooms: later("dropOtherRooms"),
  };
  return sharedOutbox;
}

function openChannel(): BroadcastChannel | null {
  if (channel !== undefined) return channel;
  try {
    channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
  } catch {
    channel = null;
  }
  channel?.addEventListener("message", () => void current?.forwarder.refresh());
  return channel;
}

let lastBroadcast = 0;
let broadcastTimer: ReturnType<typeof setTimeout> | undefined;

/** Tells other tabs to re-read the counts: at most twice a second, and once more after a burst. */
function broadcast(): void {
  const wait = lastBroadcast + BROADCAST_MS - Date.now();
  if (wait > 0) {
    broadcastTimer ??= setTimeout(() => {
      broadcastTimer = undefined;
      broadcast();
    }, wait);
    return;
  }
  lastBroadcast = Date.now();
  try {
    openChannel()?.postMessage({ type: "changed" });
  } catch {
    // Other tabs catch up on their next refresh.
  }
}

function notify(status: ForwarderStatus | null): void {
  for (const listener of listeners) {
    try {
      listener(status);
    } catch {
      // One broken listener must not silence the others.
    }
  }
}

function sameMembership(a: Membership | null, b: Membership | null): boolean {
  return !!a && !!b && a.roomCode === b.roomCode && a.token === b.token;
}

function wire(): void {
  if (wired || typeof window === "undefined") return;
  wired = true;
  openChannel();
  // The learner left, or joined another room, in another tab or on the join page.
  const membershipChanged = () => {
    if (current && !sameMembership(current.membership, readMembership())) {
      current.forwarder.stop();
      current = null;
      notify(null);
    }
    if (listeners.size > 0) resumeForwarding();
  };
  window.addEventListener(MEMBERSHIP_EVENT, membershipChanged);
  window.addEventListener("storage", (event) => {
    if (event.key === MEMBERSHIP_KEY || event.key === null) membershipChanged();
  });
  // A burst still in memory when the page goes away is written, and sent by the next page.
  window.addEventListener("pagehide", () => void current?.forwarder.persist());
}

function ended(membership: Membership, message: string): void {
  if (sameMembership(readMembership(), membership)) {
    const notice: EndedNotice = {
      roomCode: membership.roomCode,
      roomName: membership.roomName,
      message,
      at: new Date().toISOString(),
    };
    try {
      safeLocalStorage()?.setItem(ENDED_KEY, JSON.stringify(notice));
    } catch {
      // The join page then simply shows the form.
    }
    clearMembership();
  }
  broadcast();
}

function forwarderFor(membership: Membership): Forwarder {
  if (current && sameMembership(current.membership, membership)) return current.forwarder;
  current?.forwarder.stop();
  wire();
  const forwarder = createForwarder({
    roomCode: membership.roomCode,
    post: (calls) => attendeeApi().postCalls(membership, calls),
    outbox: outbox(),
    clock: {
      now: () => Date.now(),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    online: {
      isOnline: () => typeof navigator === "undefined" || navigator.onLine !== false,
      subscribe(onOnline, onOffline) {
        window.addEventListener("online", onOnline);
        window.addEventListener("offline", onOffline);
        return () => {
          window.removeEventListener("online", onOnline);
          window.removeEventListener("offline", onOffline);
        };
      },
    },
    onStatus: (status, local) => {
      if (current?.forwarder === forwarder) notify(status);
      if (local) broadcast();
    },
    onEnded: (message) => ended(membership, message),
  });
  current = { membership, forwarder };
  void forwarder.start();
  return forwarder;
}

/**
 * Sends one call to the learner's room, if they are in one. Returns at once and never throws:
 * forwarding must never disturb a run.
 */
export function forwardCall(event: CallEvent, meta: CallMeta): void {
  try {
    if (!isCallEvent(event)) return;
    const membership = readMembership();
    if (!membership) return;
    forwarderFor(membership).enqueue(event, meta);
  } catch {
    // Forwarding is best effort; Cost Drivers still has the call.
  }
}

/** The learner's room as one of the page's call sinks (see lesson-sink.ts). */
export const roomSink: CallSink = {
  name: "workshop room",
  receive(calls) {
    for (const { event, meta } of calls) forwardCall(event, meta);
  },
};

/** Starts sending what an earlier page left queued (no-op outside a room). */
export function resumeForwarding(): void {
  try {
    const membership = readMembership();
    if (membership) forwarderFor(membership);
  } catch {
    // Best effort, as above.
  }
}

export function workshopStatus(): ForwarderStatus | null {
  return current?.forwarder.status() ?? null;
}

/** Calls `listener` with every status change of this tab's forwarder (null: no membership). */
export function onWorkshopStatus(listener: Listener): () => void {
  listeners.add(listener);
  wire();
  return () => listeners.delete(listener);
}

/** Leaves the room: queued calls for it are dropped, and nothing more is sent. */
export async function leaveRoom(): Promise<void> {
  const membership = readMembership();
  current?.forwarder.stop();
  current = null;
  clearMembership();
  notify(null);
  if (membership) {
    try {
      await outbox().clear(membership.roomCode);
    } catch {
      // Dropped anyway when the next membership starts.
    }
  }
  broadcast();
}

/** The membership is over (the server no longer knows it): forget it and say why on the join page. */
export async function endMembership(membership: Membership, message: string): Promise<void> {
  if (current && sameMembership(current.membership, membership)) {
    current.forwarder.stop();
    current = null;
    notify(null);
  }
  try {
    await outbox().clear(membership.roomCode);
  } catch {
    // As in leaveRoom.
  }
  ended(membership, message);
}

export function readEndedNotice(): EndedNotice | null {
  try {
    const value = JSON.parse(
      safeLocalStorage()?.getItem(ENDED_KEY) ?? "null",
    ) as Partial<EndedNotice> | null;
    if (!value || typeof value.message !== "string" || typeof value.roomCode !== "string")
      return null;
    return {
      roomCode: value.roomCode,
      roomName: typeof value.roomName === "string" ? value.roomName : "",
      message: value.message,
      at: typeof value.at === "string" ? value.at : "",
    };
  } catch {
    return null;
  }
}

export function clearEndedNotice(): void {
  try {
    safeLocalStorage()?.removeItem(ENDED_KEY);
  } catch {
    // Nothing to clear.
  }
}
