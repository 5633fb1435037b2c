/**
 * Deterministic hashing and pseudo-random numbers. crypto.subtle is async-only
 * and missing on plain-http origins, and Math.random is not reproducible, so
 * the mock seeds everything from these small synchronous functions instead.
 */

/** A 53-bit hash of `text` (cyrb53): well mixed and fast, not cryptographic. */
export function hashString(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A generator of floats in [0, 1) that always yields the same sequence for the same seed (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = (seed ^ (seed / 4294967296)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], drawn from `random`. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One item of a non-empty list, drawn from `random`. */
export function pick<T>(random: () => number, items: readonly [T, ...T[]]): T {
  return items[Math.floor(random() * items.length)] ?? items[0];
}

const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

/** A reproducible id body like the API's (`alphabet` "hex" or alphanumeric). */
export function randomId(
  seed: number,
  length: number,
  alphabet: "hex" | "alphanumeric" = "alphanumeric",
): string {
  const chars = alphabet === "hex" ? HEX : ALPHANUMERIC;
  const random = seededRandom(seed);
  let id = "";
  for (let i = 0; i < length; i++) id += chars[Math.floor(random() * chars.length)];
  return id;
}
