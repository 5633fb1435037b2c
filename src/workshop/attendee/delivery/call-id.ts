/**
 * Call ids are made once per call, when it is queued, so a batch retried after a lost answer is
 * stored once: the room service ignores an id it already has.
 */

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
