/**
 * Room codes, admin keys and attendee tokens. Keys and tokens are 192-bit random strings stored
 * only as SHA-256 hashes: a copied database file does not give access to a room. A prefix says what
 * a secret is, so pasting an attendee token where the admin key belongs gets a precise error.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { ROOM_CODE_ALPHABET } from "../shared/workshop/protocol.ts";

export const ADMIN_PREFIX = "adm_";
export const ATTENDEE_PREFIX = "att_";

export function newRoomCode(): string {
  let code = "";
  for (let i = 0; i < 6; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

export function newSecret(prefix: typeof ADMIN_PREFIX | typeof ATTENDEE_PREFIX): string {
  return `${prefix}${randomBytes(24).toString("base64url")}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretMatches(secret: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), "hex");
  const expected = Buffer.from(expectedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The secret in `Authorization: Bearer <secret>`, or null. */
export function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}
