/**
 * The room the dashboard follows: its code and admin key, the admin requests made with that key,
 * and the live stream with its connection state. One room at a time: opening one closes the last.
 */
import type { StreamEvent } from "../../../shared/workshop/protocol.ts";
import type { DashboardClient, RoomAdmin } from "../room-api.ts";
import type { AdminLink } from "./admin-key.ts";
import { RoomStream, type ConnectionState } from "./stream.ts";

export interface SessionHandlers {
  onEvent(event: StreamEvent): void;
  onState(state: ConnectionState): void;
}

export class RoomSession {
  readonly #client: DashboardClient;
  readonly #handlers: SessionHandlers;
  /** The room the page is about (also while the sign-in form asks for its key). */
  #room: string | null = null;
  #key: string | null = null;
  #keyUnstored = false;
  #admin: RoomAdmin | undefined;
  #stream: RoomStream | undefined;
  #connection: ConnectionState = { kind: "connecting" };

  constructor(client: DashboardClient, handlers: SessionHandlers) {
    this.#client = client;
    this.#handlers = handlers;
  }

  get room(): string | null {
    return this.#room;
  }

  /** The key came with the page but this browser would not keep it. */
  get keyUnstored(): boolean {
    return this.#keyUnstored;
  }

  get connection(): ConnectionState {
    return this.#connection;
  }

  /** The open room's admin requests; undefined while no room is open. */
  get admin(): RoomAdmin | undefined {
    return this.#admin;
  }

  /** The room and key last opened, to open again ("Try again"). */
  get link(): AdminLink | null {
    return this.#room && this.#key ? { room: this.#room, key: this.#key } : null;
  }

  /** Follows `link.room` with its key; `unstored`: the key lives only as long as this tab. */
  open(link: AdminLink, unstored: boolean): void {
    this.close();
    this.#room = link.room;
    this.#key = link.key;
    this.#keyUnstored = unstored;
    this.#admin = this.#client.admin(link.room, link.key);
    this.#connection = { kind: "connecting" };
    this.#stream = new RoomStream(link.room, link.key, {
      onEvent: (event) => this.#handlers.onEvent(event),
      onState: (state) => {
        this.#connection = state;
        this.#handlers.onState(state);
      },
    });
    this.#stream.start();
  }

  /** Stops following the room (it is gone, or the page signs in again). */
  close(): void {
    this.#stream?.close();
    this.#stream = undefined;
    this.#admin = undefined;
  }

  /** Closes the room and drops its key: the sign-in form asks for `room`'s (or any room's). */
  signOut(room: string | null): void {
    this.close();
    this.#room = room;
    this.#key = null;
  }
}
