/**
 * Flow control between a program's output and xterm: `queue()` never blocks and never queues
 * without bound. xterm is fed at the pace it parses (its `write(data, callback)`), at most
 * `MAX_IN_FLIGHT_CHARS` ahead; the rest waits here, at most `keepLines` lines and `keepChars`
 * characters. A program that prints faster than that loses the *oldest* waiting output: the pump
 * keeps the newest (the end of a run is what a learner needs), and says once, where the gap is,
 * how much it left out.
 *
 * Also keeps the plain-text copy of what xterm was given (bounded), for `text()`.
 *
 * DOM-free: xterm is reached through `OutputSink`, frames and time through `FrameClock` (the
 * browser's by default), so the pump runs in a unit test as it does on the page.
 */
import { ESC, MUTED, ownLine, stripAnsi } from "./ansi.ts";
import { BoundedText } from "./bounded-text.ts";

/** Where the output goes (xterm): `parsed` is called once the data is parsed. */
export interface OutputSink {
  write(data: string, parsed: () => void): void;
}

/** Animation frames and their clock (`requestAnimationFrame`, `performance.now()`). */
export interface FrameClock {
  request(callback: (now: number) => void): number;
  cancel(frame: number): void;
  now(): number;
}

export interface PumpBounds {
  /** Lines of waiting output kept; the oldest beyond it are cut. */
  keepLines: number;
  /** The same bound in characters, for very long lines. */
  keepChars: number;
}

const BROWSER_CLOCK: FrameClock = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (frame) => cancelAnimationFrame(frame),
  now: () => performance.now(),
};

/**
 * Characters per xterm.write(): xterm parses one write without yielding and yields between writes
 * (every ~12 ms), so small writes keep its tasks short. And how far it may fall behind.
 */
const CHUNK_CHARS = 8 * 1024;
const MAX_IN_FLIGHT_CHARS = 32 * 1024;
/** The plain-text copy keeps this many characters across runs (the newest). */
const MAX_PLAIN_CHARS = 4_000_000;
/** Cut in one frame below which the program is taken to print no faster than xterm parses. */
const GAP_CLOSES_BELOW_CHARS = 16 * 1024;
/** How long the program must have printed slower than that before the cut note is shown. */
const GAP_QUIET_MS = 500;
/** Sequences a chunk must not be split inside of (the longest allowed CSI). */
const MAX_SEQUENCE = 64;

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lines += 1;
  return lines;
}

/** Index just past the `n`-th newline in `text`, or -1. */
function afterNthNewline(text: string, n: number): number {
  let at = -1;
  for (let seen = 0; seen < n; seen += 1) {
    at = text.indexOf("\n", at + 1);
    if (at === -1) return -1;
  }
  return at + 1;
}

/** Where to end a piece of at most `max` characters: after a newline if one is near, never inside a sequence. */
export function pieceEnd(text: string, max: number): number {
  if (text.length <= max) return text.length;
  const newline = text.lastIndexOf("\n", max - 1);
  if (newline >= max / 2) return newline + 1;
  const escape = text.lastIndexOf(ESC, max - 1);
  return escape > max - MAX_SEQUENCE && escape > 0 ? escape : max;
}

function formatSize(chars: number): string {
  if (chars < 1024) return `${chars} characters`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(1)} KB`;
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}

const grouped = new Intl.NumberFormat("en-US");

/** The note put where output was cut: what was left out, and what the terminal keeps. */
export function cutNote(
  cut: { lines: number; chars: number },
  bounds: PumpBounds,
  atLineStart: boolean,
): string {
  const { lines } = cut;
  const what =
    lines > 0
      ? `${grouped.format(lines)} ${lines === 1 ? "line" : "lines"}`
      : `${grouped.format(cut.chars)} characters`;
  const kept =
    lines > 0
      ? `${grouped.format(bounds.keepLines)} lines`
      : bounds.keepChars < 1024
        ? `${grouped.format(bounds.keepChars)} characters`
        : formatSize(bounds.keepChars);
  return ownLine(
    MUTED,
    `✂ ${what} not shown: the program printed faster than the terminal draws, so it keeps the last ${kept}.`,
    atLineStart,
  );
}

export class OutputPump {
  readonly #sink: OutputSink;
  readonly #bounds: PumpBounds;
  readonly #clock: FrameClock;
  /** Output not yet given to xterm, oldest first, with its size. */
  #pending: string[] = [];
  #pendingChars = 0;
  #pendingLines = 0;
  /** Characters given to xterm that it has not parsed yet. */
  #inFlight = 0;
  /** Whether the last character queued, and the last given to xterm, ended a line. */
  #queuedAtLineStart = true;
  #fedAtLineStart = true;
  /** Output cut since the gap opened; while it is open xterm waits, so the gap stays one. */
  #gapOpen = false;
  #gapLines = 0;
  #gapChars = 0;
  /** Characters cut since the gap was last checked (once a frame). */
  #cutSinceCheck = 0;
  /** When the program last printed faster than xterm parses (frame time). */
  #lastFastAt = 0;
  #gapFrame = 0;
  /** What xterm was given, as plain text (bounded). */
  readonly #plain = new BoundedText(MAX_PLAIN_CHARS);
  #disposed = false;

  constructor(sink: OutputSink, bounds: PumpBounds, clock: FrameClock = BROWSER_CLOCK) {
    this.#sink = sink;
    this.#bounds = bounds;
    this.#clock = clock;
  }

  /** Whether the last character queued ended a line (a line of one's own needs no newline first). */
  get atLineStart(): boolean {
    return this.#queuedAtLineStart;
  }

  /** Output waiting here, not yet given to xterm (bounded by `keepLines` and `keepChars`). */
  get backlog(): { lines: number; chars: number } {
    return { lines: this.#pendingLines, chars: this.#pendingChars };
  }

  /** Nothing waits, nothing is being parsed, and no gap is open. */
  get idle(): boolean {
    return this.#pending.length === 0 && this.#inFlight === 0 && !this.#gapOpen;
  }

  /** Everything given to xterm or about to be, as plain text (escapes removed, `\n` line ends). */
  text(): string {
    return this.#plain.toString() + stripAnsi(this.#pending.join(""));
  }

  /** Queues output for xterm; cuts the oldest waiting output beyond the bounds. Never blocks. */
  queue(text: string): void {
    const lines = countLines(text);
    this.#pending.push(text);
    this.#pendingChars += text.length;
    this.#pendingLines += lines;
    this.#queuedAtLineStart = text.endsWith("\n");
    const { keepLines, keepChars } = this.#bounds;
    if (this.#pendingLines > keepLines || this.#pendingChars > keepChars) this.#cut();
    this.#pump();
  }

  /** Puts the note about the cut output where the gap is (before what was kept), once. */
  closeGap(): void {
    if (!this.#gapOpen) return;
    if (this.#gapFrame !== 0) this.#clock.cancel(this.#gapFrame);
    this.#gapFrame = 0;
    this.#gapOpen = false;
    this.#cutSinceCheck = 0;
    const note = cutNote(
      { lines: this.#gapLines, chars: this.#gapChars },
      this.#bounds,
      this.#fedAtLineStart,
    );
    this.#gapLines = 0;
    this.#gapChars = 0;
    this.#pending.unshift(note);
    this.#pendingChars += note.length;
    this.#pendingLines += 1;
    this.#pump();
  }

  /**
   * Drops what waits, the gap and the plain-text copy; then gives xterm `reset` (not copied),
   * after what it has not parsed yet.
   */
  clear(reset: string): void {
    this.#pending = [];
    this.#pendingChars = 0;
    this.#pendingLines = 0;
    this.#queuedAtLineStart = true;
    this.#fedAtLineStart = true;
    this.#gapOpen = false;
    this.#gapLines = 0;
    this.#gapChars = 0;
    this.#plain.clear();
    this.#feed(reset, false);
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#gapFrame !== 0) this.#clock.cancel(this.#gapFrame);
    this.#pending = [];
  }

  /** Drops the oldest waiting output until what waits fits the bounds again. */
  #cut(): void {
    const { keepLines, keepChars } = this.#bounds;
    while (
      this.#pending.length > 0 &&
      (this.#pendingLines > keepLines || this.#pendingChars > keepChars)
    ) {
      const head = this.#pending[0] as string;
      const extraLines = this.#pendingLines - keepLines;
      const extraChars = this.#pendingChars - keepChars;
      let drop: number;
      if (extraLines > 0) {
        const at = afterNthNewline(head, extraLines);
        drop = at === -1 ? head.length : at;
      } else {
        // Too many characters: drop them, up to the next line start if there is one near.
        const next = head.indexOf("\n", extraChars - 1);
        drop = next !== -1 && next - extraChars < 1024 ? next + 1 : extraChars;
      }
      drop = Math.max(drop, Math.min(head.length, extraChars));
      const dropped = head.slice(0, drop);
      const droppedLines = countLines(dropped);
      if (drop >= head.length) this.#pending.shift();
      else this.#pending[0] = head.slice(drop);
      this.#pendingChars -= dropped.length;
      this.#pendingLines -= droppedLines;
      this.#gapChars += dropped.length;
      this.#gapLines += droppedLines;
      this.#cutSinceCheck += dropped.length;
    }
    if (!this.#gapOpen) {
      this.#gapOpen = true;
      this.#lastFastAt = this.#clock.now();
      this.#gapFrame = this.#clock.request(this.#checkGap);
    }
  }

  /**
   * Checked once a frame: once the program has printed no faster than xterm parses (several MB
   * a second) for half a second, say what was cut and go on drawing. A quiet time, not a
   * single quiet frame: a busy machine delays a program's output by whole frames.
   */
  readonly #checkGap = (now: number): void => {
    this.#gapFrame = 0;
    if (this.#disposed || !this.#gapOpen) return;
    if (this.#cutSinceCheck > GAP_CLOSES_BELOW_CHARS) this.#lastFastAt = now;
    this.#cutSinceCheck = 0;
    if (now - this.#lastFastAt < GAP_QUIET_MS) {
      this.#gapFrame = this.#clock.request(this.#checkGap);
      return;
    }
    this.closeGap();
  };

  /** Gives xterm the oldest waiting output, as fast as it parses and no faster. */
  #pump(): void {
    while (
      !this.#disposed &&
      !this.#gapOpen &&
      this.#pending.length > 0 &&
      this.#inFlight < MAX_IN_FLIGHT_CHARS
    ) {
      const head = this.#pending[0] as string;
      const end = pieceEnd(head, CHUNK_CHARS);
      const piece = head.slice(0, end);
      if (end >= head.length) this.#pending.shift();
      else this.#pending[0] = head.slice(end);
      this.#pendingChars -= piece.length;
      this.#pendingLines -= countLines(piece);
      this.#feed(piece, true);
    }
  }

  #feed(piece: string, copy: boolean): void {
    if (copy) {
      this.#plain.append(stripAnsi(piece).replace(/\r\n/g, "\n"));
      this.#fedAtLineStart = piece.endsWith("\n");
    }
    this.#inFlight += piece.length;
    this.#sink.write(piece, () => {
      this.#inFlight -= piece.length;
      this.#pump();
    });
  }
}
