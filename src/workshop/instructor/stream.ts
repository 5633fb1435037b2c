/**
 * The room's live stream (`…/rooms/CODE/stream`), opened with the `eventsource` package rather than
 * the browser's EventSource, because only a custom fetch can send the admin key in a header (never
 * in the URL). The same fetch reads the server's error body, which the browser's EventSource would
 * hide, so the page can say *why* the stream stopped: key rejected, room deleted, or no room
 * service behind this site.
 *
 * Recovery: the package itself retries after a network drop or a restarted server; statuses it
 * gives up on but that do pass (429, 5xx from a proxy) are retried here with a growing delay; and a
 * stream that goes silent (no event, not even the 15 s ping) is reopened, because a laptop that
 * slept or changed Wi-Fi can leave a dead connection that never errors.
 */
import { EventSource, type FetchLike, type FetchLikeResponse } from "eventsource";
import {
  isApiError,
  roomPath,
  type ApiError,
  type RoomSnapshot,
  type StreamEvent,
} from "../../../shared/workshop/protocol.ts";
import { DASHBOARD_UNREACHABLE } from "../room-api.ts";

export type StopReason = "key-rejected" | "room-deleted" | "service-missing" | "failed";

export type ConnectionState =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "reconnecting"; detail: string }
  | { kind: "stopped"; reason: StopReason; message: string };

/** What the last request for the stream got, when it was not a stream. */
export interface StreamFailure {
  status: number;
  error: ApiError["error"] | null;
  /** A 200 that is not `text/event-stream` (a static host's HTML page, say). */
  notAStream?: boolean;
}

export type FailureVerdict =
  { retry: true; detail: string } | { retry: false; reason: StopReason; message: string };

export const SERVICE_MISSING =
  "This site is not served by the room service, so there is no live room here. " +
  "Start it on the instructor's machine with `npm run workshop` and open the admin link it prints.";

/** What a refused stream request means for the page: stop and say why, or try again. */
export function classifyFailure(failure: StreamFailure, room: string): FailureVerdict {
  const { status, error } = failure;
  if (failure.notAStream)
    return { retry: false, reason: "service-missing", message: SERVICE_MISSING };
  if (status === 401 || status === 403)
    return {
      retry: false,
      reason: "key-rejected",
      message: error?.message ?? `The admin key was not accepted for room ${room}.`,
    };
  if (status === 404 && error?.code === "room_not_found")
    return {
      retry: false,
      reason: "room-deleted",
      message: error.message,
    };
  if (status === 404 || status === 405 || (status === 200 && !error))
    return { retry: false, reason: "service-missing", message: SERVICE_MISSING };
  if (status === 429 || status === 408 || status >= 500)
    return {
      retry: true,
      detail: error?.message ?? `The room service answered with HTTP ${status}.`,
    };
  return {
    retry: false,
    reason: "failed",
    message: error?.message ?? `The room service refused the stream (HTTP ${status}).`,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSnapshot(value: unknown): value is RoomSnapshot {
  return (
    isObject(value) &&
    isObject(value["room"]) &&
    isObject(value["totals"]) &&
    Array.isArray(value["attendees"]) &&
    Array.isArray(value["useCases"]) &&
    Array.isArray(value["recent"]) &&
    typeof value["lastSeq"] === "number"
  );
}

/** One stream message as a typed event; null for names this page does not know or bad data. */
export function parseStreamEvent(name: string, data: string): StreamEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  switch (name) {
    case "snapshot":
    case "reset":
      return isSnapshot(value) ? ({ event: name, data: value } as StreamEvent) : null;
    case "calls":
      return isObject(value) && Array.isArray(value["calls"])
        ? { event: "calls", data: { calls: value["calls"] as never } }
        : null;
    case "attendee":
      return isObject(value) &&
        typeof value["userId"] === "string" &&
        typeof value["displayName"] === "string"
        ? { event: "attendee", data: value as never }
        : null;
    case "room":
      return isObject(value) &&
        typeof value["code"] === "string" &&
        typeof value["frozen"] === "boolean"
        ? { event: "room", data: value as never }
        : null;
    case "deleted":
      return { event: "deleted", data: {} };
    default:
      return null;
  }
}

const EVENT_NAMES = ["snapshot", "calls", "attendee", "room", "reset", "deleted"] as const;

/** Waits between our own retries (the package's own are every 3 s). */
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 20_000, 30_000];

export interface RoomStreamOptions {
  onEvent(event: StreamEvent): void;
  onState(state: ConnectionState): void;
  fetch?: typeof fetch;
  /** Where the service is (default: this page's address; tests run without a page). */
  origin?: string;
  /** Silence longer than this means a dead connection (the service pings every 15 s). */
  staleMs?: number;
}

export class RoomStream {
  readonly #room: string;
  readonly #key: string;
  readonly #options: RoomStreamOptions;
  readonly #staleMs: number;
  #source: EventSource | undefined;
  /** Bumped for every connection, so callbacks of a closed one are ignored. */
  #generation = 0;
  #failure: StreamFailure | null = null;
  #lastHeard = 0;
  #attempt = 0;
  #state: ConnectionState = { kind: "connecting" };
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #watchdog: ReturnType<typeof setInterval> | undefined;
  #onOnline = () => {
    if (this.#state.kind === "reconnecting") this.#open();
  };

  constructor(room: string, key: string, options: RoomStreamOptions) {
    this.#room = room;
    this.#key = key;
    this.#options = options;
    this.#staleMs = options.staleMs ?? 45_000;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  start(): void {
    this.#open();
    this.#watchdog = setInterval(() => {
      if (this.#state.kind === "live" && performance.now() - this.#lastHeard > this.#staleMs) {
        this.#setState({
          kind: "reconnecting",
          detail: `No news from the room service for ${Math.round(this.#staleMs / 1000)} s.`,
        });
        this.#open();
      }
    }, 5_000);
    globalThis.addEventListener?.("online", this.#onOnline);
  }

  close(): void {
    this.#generation += 1;
    this.#source?.close();
    this.#source = undefined;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#watchdog);
    globalThis.removeEventListener?.("online", this.#onOnline);
  }

  #setState(state: ConnectionState): void {
    const same =
      state.kind === this.#state.kind && JSON.stringify(state) === JSON.stringify(this.#state);
    this.#state = state;
    if (!same) this.#options.onState(state);
  }

  #stop(reason: StopReason, message: string): void {
    this.close();
    this.#setState({ kind: "stopped", reason, message });
  }

  #open(): void {
    this.#source?.close();
    clearTimeout(this.#retryTimer);
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    this.#lastHeard = performance.now();
    const url = new URL(roomPath(this.#room, "/stream"), this.#options.origin ?? location.href);
    const source = new EventSource(url, {
      fetch: this.#fetcher(current),
    });
    this.#source = source;
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (message: MessageEvent) => {
        if (!current()) return;
        this.#lastHeard = performance.now();
        const event = parseStreamEvent(name, String(message.data));
        if (!event) return;
        if (event.event === "snapshot" || event.event === "reset") {
          this.#attempt = 0;
          this.#setState({ kind: "live" });
        }
        this.#options.onEvent(event);
        if (event.event === "deleted")
          this.#stop("room-deleted", `Room ${this.#room} was deleted, with all its calls.`);
      });
    }
    source.addEventListener("error", () => {
      if (!current()) return;
      if (source.readyState !== source.CLOSED) {
        // The package retries by itself: a dropped connection or a restarted service.
        this.#setState({ kind: "reconnecting", detail: DASHBOARD_UNREACHABLE });
        return;
      }
      const verdict = classifyFailure(this.#failure ?? { status: 0, error: null }, this.#room);
      if (!verdict.retry) {
        this.#stop(verdict.reason, verdict.message);
        return;
      }
      const delay = RETRY_DELAYS_MS[Math.min(this.#attempt, RETRY_DELAYS_MS.length - 1)]!;
      this.#attempt += 1;
      this.#setState({
        kind: "reconnecting",
        detail: `${verdict.detail} Trying again in ${Math.round(delay / 1000)} s.`,
      });
      this.#retryTimer = setTimeout(() => {
        if (current()) this.#open();
      }, delay);
    });
  }

  /** fetch with the admin key, which also notes why a stream was refused and hears every byte. */
  #fetcher(current: () => boolean): FetchLike {
    const base = this.#options.fetch ?? ((input, init) => fetch(input, init));
    return async (url, init): Promise<FetchLikeResponse> => {
      const response = await base(String(url), {
        ...init,
        headers: { ...init.headers, Authorization: `Bearer ${this.#key}` },
      } as RequestInit);
      if (!current()) return response;
      this.#failure = null;
      if (response.status !== 200) {
        const body: unknown = await response
          .clone()
          .json()
          .catch(() => null);
        this.#failure = { status: response.status, error: isApiError(body) ? body.error : null };
        return response;
      }
      if (!/^\s*text\/event-stream/i.test(response.headers.get("content-type") ?? "")) {
        this.#failure = { status: 200, error: null, notAStream: true };
        return response;
      }
      const hear = () => {
        if (current()) this.#lastHeard = performance.now();
      };
      // Ping comments never reach an EventSource listener; the bytes do pass through here.
      const body = response.body?.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            hear();
            controller.enqueue(chunk);
          },
        }),
      );
      return {
        body: body ?? null,
        url: response.url,
        status: response.status,
        redirected: response.redirected,
        headers: response.headers,
      };
    };
  }
}
