/**
 * The few escape sequences the terminal writes itself (its own coloured lines), and their removal
 * for the plain-text copy. Pure and DOM-free.
 */
export const ESC = "\u001b";
export const RESET = `${ESC}[0m`;
/** Bright black: the theme's muted grey, readable unlike SGR 2 "dim" (half opacity). */
export const MUTED = "90";

// CSI, OSC (BEL or ST terminated) and two-character escapes: removed from the plain-text copy.
const ANSI_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** Strips terminal escape sequences; for the plain-text copy. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, "");
}

/**
 * A whole line of the terminal's own, in one colour (SGR parameters `sgr`), starting on a fresh
 * line: after a newline unless the output before it ended one (`atLineStart`).
 */
export function ownLine(sgr: string, text: string, atLineStart: boolean): string {
  const fresh = atLineStart ? "" : "\n";
  return `${RESET}${fresh}${ESC}[${sgr}m${text}${RESET}\n`;
}
