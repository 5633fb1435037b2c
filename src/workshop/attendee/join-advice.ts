/**
 * What the Workshop page tells an attendee about what they typed, and about a join that failed:
 * always what to do next. Pure, so every sentence is unit-tested.
 */
import {
  LIMITS,
  ROOM_CODE_ALPHABET,
  ROOM_CODE_PATTERN,
} from "../../../shared/workshop/protocol.ts";
import { RoomApiError } from "../room-api.ts";

/** A room code as typed: spaces and dashes dropped ("k7p q2m" is K7PQ2M), upper-cased. */
export function normalizeRoomCode(raw: string): string {
  return raw.replace(/[\s-]+/g, "").toUpperCase();
}

/** What is wrong with a typed room code, as advice; null when it is a valid code. */
export function roomCodeProblem(raw: string): string | null {
  const code = normalizeRoomCode(raw);
  if (!code)
    return "Enter the room code shown on the instructor's screen (6 characters, e.g. K7PQ2M).";
  // Both: the pattern is what the server checks, the alphabet what it makes codes from (no L).
  const fromAlphabet = [...code].every((char) => ROOM_CODE_ALPHABET.includes(char));
  if (new RegExp(ROOM_CODE_PATTERN).test(code) && fromAlphabet) return null;
  if (/[O0I1L]/.test(code)) {
    return "Room codes never use O, 0, I, 1 or L, because they are easy to mix up. Check the code on the instructor's screen.";
  }
  if (!fromAlphabet) {
    return "Room codes have only capital letters and digits, e.g. K7PQ2M. Check the code on the instructor's screen.";
  }
  return `A room code has 6 characters; this one has ${code.length}. Check the code on the instructor's screen.`;
}

/** What is wrong with a display name, as advice; null when it can be sent. */
export function displayNameProblem(raw: string): string | null {
  const name = raw.trim();
  const max = LIMITS.displayNameMaxLength;
  if (!name) return `Enter your name as the instructor should see it (up to ${max} characters).`;
  if ([...name].length > max) return `Use at most ${max} characters; this has ${[...name].length}.`;
  if (/\p{Cc}/u.test(name)) return "Remove the control characters (such as tabs) from your name.";
  if (!/[\p{L}\p{N}]/u.test(name)) return "Use at least one letter or digit in your name.";
  return null;
}

/** Where a failed join's advice goes: under a field, or above the Join button. */
export interface JoinFailure {
  where: "code" | "displayName" | "form";
  message: string;
}

/** The advice for a join of room `code` that failed with `error`. */
export function joinFailure(error: unknown, code: string): JoinFailure {
  if (!(error instanceof RoomApiError))
    return { where: "form", message: `Could not join: ${String(error)}` };
  switch (error.code) {
    case "room_not_found":
      return {
        where: "code",
        message: `No room has the code ${code}. Check the code on the instructor's screen; the room may also have been closed.`,
      };
    case "invalid_name":
      return {
        where: "displayName",
        message:
          error.message || "Use another name: at least one letter or digit, no control characters.",
      };
    case "room_full":
      return {
        where: "form",
        message: `This room is full. ${error.message} Ask the instructor to open another room.`,
      };
    case "rate_limited": {
      const wait = Math.max(1, Math.round((error.retryAfterMs ?? 10_000) / 1000));
      return {
        where: "form",
        message: `Many people joined from this network in the last minute. Wait ${wait} second${wait === 1 ? "" : "s"} and press Join again.`,
      };
    }
    case "offline":
      return {
        where: "form",
        message:
          "Could not reach the room service. Check that you are on the workshop's Wi-Fi and that the instructor's laptop is awake, then press Join again.",
      };
    default:
      return {
        where: "form",
        message: `Could not join: ${error.message || `the room service answered HTTP ${error.status}`} If it happens again, tell the instructor.`,
      };
  }
}
