/** Helpers for compiled lesson programs (the compiler imports them instead of tslib's). */
export * from "../context/async-helpers.ts";
