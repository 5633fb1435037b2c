/**
 * Live updates for open dashboards, as Server-Sent Events. Written directly on the response (the
 * protocol is a few lines of text; Fastify's own SSE plugin is still 0.x). Calls are coalesced:
 * a room posting 100 batches a second sends its dashboards at most one `calls` event per
 * `flushMs`, which keeps the projector smooth and still well under a second behind.
 */
import type { ServerResponse } from "node:http";
import type { RoomCall, StreamEvent } from "../shared/workshop/protocol.ts";

export interface LiveOptions {
  flushMs?: number;
  pingMs?: number;
}

interface RoomChannel {
  clients: Set<ServerResponse>;
  pending: RoomCall[];
  timer: NodeJS.Timeout | null;
}

function frame(message: StreamEvent, id?: number): string {
  const idLine = id === undefined ? "" : `id: ${id}\n`;
  return `${idLine}event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`;
}

export class LiveRooms {
  readonly #rooms = new Map<string, RoomChannel>();
  readonly #flushMs: number;
  readonly #ping: NodeJS.Timeout;

  constructor(options: LiveOptions = {}) {
    this.#flushMs = options.flushMs ?? 250;
    this.#ping = setInterval(() => this.#pingAll(), options.pingMs ?? 15_000);
    this.#ping.unref();
  }

  #channel(code: string): RoomChannel {
    let channel = this.#rooms.get(code);
    if (!channel) {
      channel = { clients: new Set(), pending: [], timer: null };
      this.#rooms.set(code, channel);
    }
    return channel;
  }

  /** Starts a stream on `response` and sends `first` (the snapshot) on it. */
  open(code: string, response: ServerResponse, first: StreamEvent): void {
    response.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
      // The site's isolation headers, so the stream is usable from a cross-origin-isolated page.
      "Cross-Origin-Resource-Policy": "same-origin",
    });
    response.write(`retry: 2000\n${frame(first)}`);
    const channel = this.#channel(code);
    channel.clients.add(response);
    response.on("close", () => {
      channel.clients.delete(response);
    });
  }

  clients(code: string): number {
    return this.#rooms.get(code)?.clients.size ?? 0;
  }

  /** Queues calls for the room's dashboards; sent together within `flushMs`. */
  calls(code: string, calls: RoomCall[]): void {
    const channel = this.#rooms.get(code);
    if (!channel || channel.clients.size === 0 || calls.length === 0) return;
    channel.pending.push(...calls);
    channel.timer ??= setTimeout(() => this.#flush(code), this.#flushMs);
  }

  #flush(code: string): void {
    const channel = this.#rooms.get(code);
    if (!channel) return;
    channel.timer = null;
    const calls = channel.pending.splice(0);
    if (calls.length === 0) return;
    this.#send(channel, frame({ event: "calls", data: { calls } }, calls.at(-1)?.seq));
  }

  /** Sends an event now, after any calls still waiting (so order is kept). */
  send(code: string, message: StreamEvent): void {
    const channel = this.#rooms.get(code);
    if (!channel) return;
    if (message.event === "reset" || message.event === "deleted" || message.event === "snapshot") {
      // Calls queued before a reset belong to the old state: the new snapshot replaces them.
      channel.pending.length = 0;
      if (channel.timer) clearTimeout(channel.timer);
      channel.timer = null;
    } else {
      this.#flush(code);
    }
    this.#send(channel, frame(message));
  }

  /** Ends every stream of the room (it was deleted). */
  close(code: string): void {
    const channel = this.#rooms.get(code);
    if (!channel) return;
    if (channel.timer) clearTimeout(channel.timer);
    for (const client of channel.clients) client.end();
    this.#rooms.delete(code);
  }

  #send(channel: RoomChannel, text: string): void {
    for (const client of channel.clients) client.write(text);
  }

  #pingAll(): void {
    for (const channel of this.#rooms.values()) this.#send(channel, ": ping\n\n");
  }

  shutdown(): void {
    clearInterval(this.#ping);
    for (const code of [...this.#rooms.keys()]) this.close(code);
  }
}
