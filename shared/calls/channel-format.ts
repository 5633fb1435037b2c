/**
 * The in-band event channel. Events travel inside the program's ordinary output as an OSC escape
 * sequence (`ESC ] 7717 ; payi-event ; <json> BEL`), so they keep their order relative to the
 * program's own text in every runner, and terminals (xterm.js, real ones) ignore them.
 * JSON.stringify escapes every control character, so the JSON can never contain BEL or ESC.
 */
import type { CallEvent } from "./event.ts";

export const OSC_PREFIX = "\u001b]7717;payi-event;";
export const BEL = "\u0007";

export function encodeEvent(event: CallEvent): string {
  return OSC_PREFIX + JSON.stringify(event) + BEL;
}
