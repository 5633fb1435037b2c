/**
 * The dashboard's requests to the room service (freeze, reset, delete, CSV export, opening a room),
 * with the admin key in the Authorization header, never in the URL. A failure becomes a
 * `RoomApiError` carrying the server's own sentence, which the page shows as is.
 */
import {
  API_BASE,
  isApiError,
  roomPath,
  type ApiErrorCode,
  type CreateRoomResponse,
  type RoomInfo,
} from "../../../shared/workshop/protocol.ts";

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export class RoomApiError extends Error {
  /** HTTP status; 0 when no answer arrived. */
  readonly status: number;
  readonly code: ApiErrorCode | null;

  constructor(status: number, code: ApiErrorCode | null, message: string) {
    super(message);
    this.name = "RoomApiError";
    this.status = status;
    this.code = code;
  }

  /** The key is wrong for this room: the page asks for another. */
  get keyRejected(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export const UNREACHABLE =
  "The room service did not answer. Is `npm run workshop` still running on the instructor's machine?";

/** The error a failed response stands for: the server's message when it sent one. */
export async function errorFromResponse(response: Response): Promise<RoomApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy's page, or a static host that does not know the API.
  }
  if (isApiError(body))
    return new RoomApiError(response.status, body.error.code, body.error.message);
  if (response.status === 404 || response.status === 405)
    return new RoomApiError(
      response.status,
      null,
      "This site is not served by the room service (`npm run workshop`), so there is no room to manage.",
    );
  return new RoomApiError(
    response.status,
    null,
    `The room service answered with HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`,
  );
}

export class AdminApi {
  readonly #room: string;
  readonly #key: string;
  readonly #fetch: FetchFn;

  constructor(room: string, key: string, fetchFn: FetchFn = (input, init) => fetch(input, init)) {
    this.#room = room;
    this.#key = key;
    this.#fetch = fetchFn;
  }

  async #request(rest: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await this.#fetch(roomPath(this.#room, rest), {
        ...init,
        cache: "no-store",
        headers: {
          ...(init.headers as Record<string, string>),
          Authorization: `Bearer ${this.#key}`,
        },
      });
    } catch {
      throw new RoomApiError(0, null, UNREACHABLE);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  async freeze(frozen: boolean): Promise<RoomInfo> {
    const response = await this.#request("/freeze", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ frozen }),
    });
    return (await response.json()) as RoomInfo;
  }

  /** Deletes every call in the room; attendees stay. Resolves to the number of calls deleted. */
  async reset(): Promise<number> {
    const response = await this.#request("/reset", { method: "POST" });
    const body = (await response.json().catch(() => ({}))) as { deleted?: unknown };
    return typeof body.deleted === "number" ? body.deleted : 0;
  }

  async remove(): Promise<void> {
    await this.#request("", { method: "DELETE" });
  }

  async callsCsv(): Promise<Blob> {
    const response = await this.#request("/calls.csv", { headers: { Accept: "text/csv" } });
    const blob = await response.blob();
    return blob.type ? blob : new Blob([blob], { type: "text/csv;charset=utf-8" });
  }
}

/** Opens a new room; the service allows it only from its own machine (403 elsewhere). */
export async function createRoom(
  name: string | undefined,
  fetchFn: FetchFn = (input, init) => fetch(input, init),
): Promise<CreateRoomResponse> {
  let response: Response;
  try {
    response = await fetchFn(`${API_BASE}/rooms`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(name ? { name } : {}),
    });
  } catch {
    throw new RoomApiError(0, null, UNREACHABLE);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as CreateRoomResponse;
}
