/**
 * What of a program's output may reach xterm. A program may colour its text (SGR, `ESC [ … m`) and
 * move the cursor or erase within a line (a short list of CSI finals), as progress bars do. Every
 * other sequence (OSC, DCS, APC, PM, SOS, private or unknown CSI, two-character escapes, other
 * control characters, 8-bit C1 codes) is shown as visible text in the muted colour, e.g.
 * `␛]0;title␇`, instead of being run: a program must not be able to retitle, reset or hide the
 * terminal, or swallow the output that follows an unterminated string (xterm waits for the end of
 * an OSC forever).
 *
 * Pure and DOM-free: `sanitize(state, chunk)` returns the text for xterm and the state to pass
 * with the next chunk, so a sequence cut between two writes is still recognised. An incomplete
 * sequence at the end of a chunk is held (at most `MAX_HELD` characters); `endSanitize(state)`
 * releases it as unterminated when no more output comes, so the text after it always appears.
 *
 * Written here rather than with a VT parser library: a parser reports sequences it has parsed
 * (and swallows unterminated strings by design), while this filter needs each sequence's raw text
 * to show it, and a different end for strings that never end (a newline, a control character, a
 * length cap). The states follow ECMA-48's grammar of escape sequences.
 */

export interface SanitizerState {
  /** The start of a sequence that the last chunk ended in (empty when none). */
  readonly held: string;
  /** SGR sequences in force (since the last reset), replayed after a visible marker. */
  readonly style: string;
}

export const INITIAL_SANITIZER_STATE: SanitizerState = { held: "", style: "" };

export interface Sanitized {
  /** Safe text for xterm. */
  text: string;
  state: SanitizerState;
}

const ESC = "\u001b";
/** Longest sequence held across chunks; a longer "sequence" is taken as unterminated. */
export const MAX_HELD = 4096;
/** Longest CSI accepted as one (parameters included). */
const MAX_CSI = 64;
/** Characters of a string sequence's content shown before "…". */
const SHOWN_CONTENT = 24;
/** Cursor up/down/forward/back, next/previous line, column, erase in line. */
const ALLOWED_CSI_FINALS = new Set(["m", "A", "B", "C", "D", "E", "F", "G", "K"]);
/** Kept of the style to replay: enough for a colour and a few attributes. */
const MAX_STYLE = 256;
const MUTED_ON = `${ESC}[0;90m`;
const MUTED_OFF = `${ESC}[0m`;

/**
 * Characters that need a decision; everything else is copied as is. Tab, LF, CR and backspace
 * pass (they only move the cursor); DEL is ignored by xterm.
 */
const SPECIAL = /[\u0000-\u0007\u000b\u000c\u000e-\u001f\u0080-\u009f]/g;

/** `␀`..`␟` for C0, `␛` plus the 7-bit form for C1 (U+009B reads `␛[`). */
function picture(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x1b) return "␛";
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return `␛${String.fromCharCode(code - 0x40)}`;
}

/** A sequence's text as it is shown: escapes and controls replaced by their pictures. */
function visible(raw: string): string {
  return raw.replace(/[\u0000-\u001f\u0080-\u009f]/g, picture);
}

function isStringIntroducer(char: string): boolean {
  return char === "]" || char === "P" || char === "_" || char === "^" || char === "X";
}

class Scanner {
  readonly #input: string;
  /** True when the input is all there will be: nothing may be held. */
  readonly #final: boolean;
  #out: string[] = [];
  #style: string;
  #held = "";

  constructor(input: string, style: string, final: boolean) {
    this.#input = input;
    this.#style = style;
    this.#final = final;
  }

  run(): Sanitized {
    const input = this.#input;
    let at = 0;
    while (at < input.length) {
      SPECIAL.lastIndex = at;
      const match = SPECIAL.exec(input);
      const next = match ? match.index : input.length;
      if (next > at) this.#out.push(input.slice(at, next));
      if (!match) break;
      at = match[0] === ESC ? this.#escape(next) : this.#control(next);
      if (at < 0) {
        this.#held = input.slice(next);
        break;
      }
    }
    return { text: this.#out.join(""), state: { held: this.#held, style: this.#style } };
  }

  /** Shows `raw` in the muted colour, then restores the program's own style. */
  #show(raw: string): void {
    this.#out.push(MUTED_ON, visible(raw), MUTED_OFF, this.#style);
  }

  #control(at: number): number {
    this.#show(this.#input.charAt(at));
    return at + 1;
  }

  /** Handles the sequence starting with ESC at `at`; returns where to go on, or -1 to hold. */
  #escape(at: number): number {
    const input = this.#input;
    const kind = input.charAt(at + 1);
    if (kind === "") return this.#incomplete(at, at + 1);
    if (kind === "[") return this.#csi(at);
    if (isStringIntroducer(kind)) return this.#string(at);
    // nF escapes (ESC, intermediates 0x20-0x2F, a final) and two-character escapes (ESC 7, ESC c).
    let end = at + 1;
    while (end < input.length && input.charCodeAt(end) >= 0x20 && input.charCodeAt(end) <= 0x2f)
      end += 1;
    if (end >= input.length) return this.#incomplete(at, at + 1);
    const final = input.charCodeAt(end);
    if (final >= 0x30 && final <= 0x7e) {
      this.#show(input.slice(at, end + 1));
      return end + 1;
    }
    // ESC followed by something that ends no sequence: show the ESC alone, go on after it.
    this.#show(ESC);
    return at + 1;
  }

  #csi(at: number): number {
    const input = this.#input;
    let end = at + 2;
    while (end < input.length && end - at <= MAX_CSI) {
      const code = input.charCodeAt(end);
      if (code >= 0x40 && code <= 0x7e) {
        const raw = input.slice(at, end + 1);
        this.#csiDone(raw, input.slice(at + 2, end), input.charAt(end));
        return end + 1;
      }
      if (code < 0x20 || code > 0x3f) break; // not a parameter or intermediate byte
      end += 1;
    }
    if (end >= input.length && end - at <= MAX_CSI) return this.#incomplete(at, at + 2);
    // Malformed (a newline or control inside, or far too long): show what there was.
    this.#show(input.slice(at, Math.min(end, at + MAX_CSI)));
    return Math.min(end, at + MAX_CSI);
  }

  #csiDone(raw: string, body: string, final: string): void {
    if (!ALLOWED_CSI_FINALS.has(final) || !/^[\d;:]*$/.test(body)) {
      this.#show(raw);
      return;
    }
    this.#out.push(raw);
    if (final !== "m") return;
    if (body === "" || body === "0") this.#style = "";
    else if (body.startsWith("0;")) this.#style = raw;
    else this.#style = (this.#style + raw).slice(-MAX_STYLE);
  }

  /** OSC, DCS, APC, PM and SOS: content up to BEL or ST (ESC and a backslash). */
  #string(at: number): number {
    const input = this.#input;
    for (let end = at + 2; end < input.length; end += 1) {
      if (end - at > MAX_HELD) return this.#unterminated(at, at + 2);
      const code = input.charCodeAt(end);
      if (code === 0x07) return this.#stringDone(at, end, end + 1);
      if (code === 0x1b) {
        if (end + 1 >= input.length) break; // maybe the start of ST
        if (input.charAt(end + 1) === "\\") return this.#stringDone(at, end, end + 2);
        return this.#unterminated(at, at + 2); // an escape inside: the string never ended
      }
      // A newline or another control: no string goes on past it.
      if (code < 0x20 || (code >= 0x80 && code <= 0x9f)) return this.#unterminated(at, at + 2);
    }
    return this.#incomplete(at, at + 2);
  }

  #stringDone(at: number, contentEnd: number, end: number): number {
    const input = this.#input;
    const content = input.slice(at + 2, contentEnd);
    const shown = content.length > SHOWN_CONTENT ? `${content.slice(0, SHOWN_CONTENT)}…` : content;
    this.#show(input.slice(at, at + 2) + shown + input.slice(contentEnd, end));
    return end;
  }

  /**
   * A sequence that will not end: only its introducer is shown, and what followed it is read
   * again as ordinary output, so none of the program's text is lost.
   */
  #unterminated(at: number, introducerEnd: number): number {
    this.#show(this.#input.slice(at, introducerEnd));
    return introducerEnd;
  }

  /** The input ends inside a sequence: hold it for the next chunk, unless nothing more comes. */
  #incomplete(at: number, introducerEnd: number): number {
    if (!this.#final && this.#input.length - at <= MAX_HELD) return -1;
    return this.#unterminated(at, introducerEnd);
  }
}

/** The safe form of `chunk`, given the state the previous chunk left. */
export function sanitize(state: SanitizerState, chunk: string): Sanitized {
  const input = state.held + chunk;
  if (input === "") return { text: "", state };
  return new Scanner(input, state.style, false).run();
}

/** Releases a held, incomplete sequence as unterminated (no more output is coming for now). */
export function endSanitize(state: SanitizerState): Sanitized {
  if (state.held === "") return { text: "", state };
  return new Scanner(state.held, state.style, true).run();
}
