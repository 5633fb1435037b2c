/**
 * The in-band event channel of Node runs (the CLI and WebContainer, where the program and the
 * runtime share one process and one stdout). Each event travels inside the program's output as an
 * OSC escape sequence, so it keeps its place relative to the program's own text, and terminals
 * ignore it:
 *
 *     ESC ] 7717 ; payi-event ; <counter> ; <mac> ; <json> BEL
 *
 * The program can print the same bytes, so a sequence counts only when `mac` is the HMAC-SHA256 of
 * `<counter>;<json>` under the run's key (which the host reads and deletes before the program is
 * imported) and `counter` is the next one expected: a forged, altered or replayed event fails.
 * JSON.stringify escapes every control character, so the JSON never contains BEL or ESC.
 *
 * No dependencies: the runtime bundle imports this file.
 */
import type { SandboxEvent } from "./event.ts";

export const OSC_PREFIX = "\u001b]7717;payi-event;";
export const BEL = "\u0007";

/** What the MAC covers. */
export function signedPart(counter: number, json: string): string {
  return `${counter};${json}`;
}

/**
 * What the host says about the run itself, on the same signed channel: `crashed` before it exits
 * on an uncaught error (so the page can tell a crash from `process.exit(1)`); `syntax-error` when
 * a Python program was refused before it ran (TypeScript's are refused by the compiler).
 */
export const RUN_NOTES = ["crashed", "syntax-error"] as const;

export interface RunNote {
  v: 1;
  type: "note";
  note: (typeof RUN_NOTES)[number];
}

/** `sign` returns the hex HMAC-SHA256 of its argument under the run's key. */
export function encodeEvent(
  event: SandboxEvent | RunNote,
  counter: number,
  sign: (part: string) => string,
): string {
  const json = JSON.stringify(event);
  return `${OSC_PREFIX}${counter};${sign(signedPart(counter, json))};${json}${BEL}`;
}
