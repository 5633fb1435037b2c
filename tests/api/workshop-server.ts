/**
 * The real room service on loopback for API tests: a fresh data folder per test, an HTTP port
 * picked by the OS, and helpers that speak the protocol with fetch.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp, type AppOptions } from "../../server/app.ts";
import { createRoom } from "../../server/rooms.ts";
import { RoomStore, type RoomCaps } from "../../server/store/room-store.ts";
import {
  API_BASE,
  type ForwardedCall,
  type JoinResponse,
  type RoomSnapshot,
} from "../../shared/workshop/protocol.ts";

export interface TestServer {
  base: string;
  dataDir: string;
  store: RoomStore;
  app: FastifyInstance;
  /** Stops the server and closes the database (the data folder stays). */
  stop(): Promise<void>;
}

// Responses are checked field by field in the tests; typing every shape here would only repeat
// shared/workshop/protocol.ts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ApiBody = any;

export type ServerOptions = Omit<AppOptions, "store"> & { caps?: Partial<RoomCaps> };

export async function startServer(
  dataDir?: string,
  options: ServerOptions = {},
): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(joinPath(tmpdir(), "workshop-api-"));
  const { caps, ...appOptions } = options;
  const store = new RoomStore(dir, caps);
  const app = await buildApp({ store, live: { flushMs: 50 }, ...appOptions });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address !== "object") throw new Error("server has no port");
  return {
    base: `http://127.0.0.1:${address.port}`,
    dataDir: dir,
    store,
    app,
    async stop() {
      await app.close();
      store.close();
    },
  };
}

export function removeData(server: TestServer): void {
  rmSync(server.dataDir, { recursive: true, force: true });
}

export function openRoom(server: TestServer, name = "Test room") {
  return createRoom(server.store, name, new Date());
}

export async function api(
  server: TestServer,
  path: string,
  init: {
    method?: string;
    body?: unknown;
    raw?: string;
    token?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: ApiBody; headers: Headers }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers["authorization"] = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.raw !== undefined) body = init.raw;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(`${server.base}${API_BASE}${path}`, {
    method: init.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (CSV, empty 204): the text itself.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export async function join(
  server: TestServer,
  code: string,
  displayName: string,
): Promise<JoinResponse> {
  const response = await api(server, `/rooms/${code}/attendees`, { body: { displayName } });
  if (response.status !== 201)
    throw new Error(`join failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as JoinResponse;
}

export function postCalls(server: TestServer, code: string, token: string, calls: ForwardedCall[]) {
  return api(server, `/rooms/${code}/events`, { body: { calls }, token });
}

export async function snapshot(
  server: TestServer,
  code: string,
  adminKey: string,
): Promise<RoomSnapshot> {
  const response = await api(server, `/rooms/${code}`, { token: adminKey });
  if (response.status !== 200) throw new Error(`snapshot failed: ${response.status}`);
  return response.body as RoomSnapshot;
}
