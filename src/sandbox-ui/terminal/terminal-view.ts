/**
 * The program's output, in xterm.js: ANSI colours as the program printed them, a dim separator
 * between runs, coloured runner messages, and a plain-text copy (`getText()`, `tail()`).
 *
 * Output only: the terminal takes no input, leaves Tab to the page (no keyboard trap) and scrolls
 * with PageUp/PageDown/Home/End/arrows when focused.
 *
 * Safe output: a program's escape sequences go through `sanitize()` first (sanitize-output.ts):
 * colours and simple cursor moves reach xterm, anything else is shown as text.
 *
 * Flow control: `write()` never blocks and never queues without bound. xterm is fed at the pace
 * it parses (its `write(data, callback)`), at most `MAX_IN_FLIGHT_CHARS` ahead; the rest waits
 * here, at most `keepLines` lines and `keepChars` characters. A program that prints faster than
 * that loses the *oldest* waiting output: the terminal keeps the newest (the end of a run is what
 * a learner needs), and says once, where the gap is, how much it left out.
 *
 * Importing this module has no side effects beyond its CSS: nothing touches the DOM until
 * `new TerminalView(root)`.
 */
import { Terminal, type ITheme } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import "./terminal.css";
import {
  endSanitize,
  INITIAL_SANITIZER_STATE,
  sanitize,
  type SanitizerState,
} from "./sanitize-output.ts";

/** `"warning"` is accepted as a synonym of `"warn"`. */
export type StatusKind = "info" | "warn" | "warning" | "error";

export interface TerminalViewOptions {
  /** Accessible name of the output region (default "Program output"). */
  label?: string;
  /**
   * Lines kept of output that arrives faster than the terminal draws (default 10,000): the
   * newest are kept, the older ones cut. Scrollback holds at least this many, plus room for the
   * note and the runner's lines.
   */
  keepLines?: number;
  /** The same bound in characters, for very long lines (default 2 MB worth: 2,097,152). */
  keepChars?: number;
  /** Visible rows (default 14). */
  rows?: number;
  /** Lines kept for scrolling back (default and minimum: `keepLines` + 500). */
  scrollback?: number;
  /** xterm's screen reader mode; off by default (it announces every line). */
  screenReaderMode?: boolean;
  /** Font size in CSS pixels (default 13). */
  fontSize?: number;
}

const ESC = "\u001b";
const RESET = `${ESC}[0m`;
/** SGR colours per status kind: cyan, yellow, red. */
const STATUS_STYLE: Record<StatusKind, { sgr: string; mark: string }> = {
  info: { sgr: "36", mark: "›" },
  warn: { sgr: "33", mark: "!" },
  warning: { sgr: "33", mark: "!" },
  error: { sgr: "31", mark: "✖" },
};
/** Bright black: the theme's muted grey, readable unlike SGR 2 "dim" (half opacity). */
const MUTED = "90";

/**
 * Characters per xterm.write(): xterm parses one write without yielding and yields between writes
 * (every ~12 ms), so small writes keep its tasks short. And how far it may fall behind.
 */
const CHUNK_CHARS = 8 * 1024;
const MAX_IN_FLIGHT_CHARS = 32 * 1024;
/** The plain-text copy keeps this many characters across runs (the newest). */
const MAX_PLAIN_CHARS = 4_000_000;
/** The run's own plain-text tail (`tail()`), for finding where an uncaught error was thrown. */
const TAIL_CHARS = 64 * 1024;
/** How long an incomplete escape sequence may wait for the rest before it is shown as text. */
const HOLD_MS = 200;
/** Scrollback beyond `keepLines`: the cut note, separators and the runner's own lines. */
const SCROLLBACK_RESERVE = 500;
/** Cut in one frame below which the program is taken to print no faster than xterm parses. */
const GAP_CLOSES_BELOW_CHARS = 16 * 1024;
/** How long the program must have printed slower than that before the cut note is shown. */
const GAP_QUIET_MS = 500;
/** Sequences a chunk must not be split inside of (the longest allowed CSI). */
const MAX_SEQUENCE = 64;

// CSI, OSC (BEL or ST terminated) and two-character escapes: removed from the plain-text copy.
const ANSI_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

const THEME_KEYS = {
  background: "bg",
  foreground: "fg",
  cursor: "cursor",
  selectionBackground: "selection",
  black: "black",
  red: "red",
  green: "green",
  yellow: "yellow",
  blue: "blue",
  magenta: "magenta",
  cyan: "cyan",
  white: "white",
  brightBlack: "bright-black",
  brightRed: "bright-red",
  brightGreen: "bright-green",
  brightYellow: "bright-yellow",
  brightBlue: "bright-blue",
  brightMagenta: "bright-magenta",
  brightCyan: "bright-cyan",
  brightWhite: "bright-white",
} as const satisfies Partial<Record<keyof ITheme, string>>;

/** Strips terminal escape sequences; for the plain-text copy. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, "");
}

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
function pieceEnd(text: string, max: number): number {
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

/** Text bounded to its newest `max` characters, kept as pieces so appending never copies it all. */
class BoundedText {
  readonly #max: number;
  #pieces: string[] = [];
  #chars = 0;

  constructor(max: number) {
    this.#max = max;
  }

  append(text: string): void {
    if (text === "") return;
    this.#pieces.push(text);
    this.#chars += text.length;
    // Pieces are dropped whole, the oldest first; the string is cut exactly when read.
    while (this.#pieces.length > 1 && this.#chars - (this.#pieces[0] as string).length >= this.#max)
      this.#chars -= (this.#pieces.shift() as string).length;
  }

  clear(): void {
    this.#pieces = [];
    this.#chars = 0;
  }

  toString(): string {
    const text = this.#pieces.join("");
    return text.length > this.#max ? text.slice(text.length - this.#max) : text;
  }
}

export class TerminalView {
  readonly #root: HTMLElement;
  readonly #host: HTMLElement;
  readonly #probe: HTMLElement;
  readonly #terminal: Terminal;
  readonly #keepLines: number;
  readonly #keepChars: number;
  readonly #themeObserver: MutationObserver;
  readonly #resizeObserver: ResizeObserver;
  readonly #colorScheme: MediaQueryList;

  #sanitizer: SanitizerState = INITIAL_SANITIZER_STATE;
  #holdTimer: ReturnType<typeof setTimeout> | undefined;
  /** Output not yet given to xterm, oldest first (sanitized), with its size. */
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
  /** When the program last printed faster than xterm parses (rAF time). */
  #lastFastAt = 0;
  #gapFrame = 0;
  #fitFrame = 0;
  /** What xterm was given, as plain text (bounded), and the current run's output (for `tail()`). */
  readonly #plain = new BoundedText(MAX_PLAIN_CHARS);
  readonly #runTail = new BoundedText(TAIL_CHARS);
  #disposed = false;

  constructor(root: HTMLElement, options: TerminalViewOptions = {}) {
    this.#root = root;
    this.#keepLines = Math.max(1, options.keepLines ?? 10_000);
    this.#keepChars = Math.max(1, options.keepChars ?? 2 * 1024 * 1024);
    const label = options.label ?? "Program output";

    root.classList.add("payi-terminal", "not-content");
    // A labelled region, not role="log": a log would read every line of a flood aloud.
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", label);
    this.#probe = document.createElement("span");
    this.#probe.className = "payi-terminal__probe";
    this.#probe.setAttribute("aria-hidden", "true");
    this.#host = document.createElement("div");
    root.append(this.#probe, this.#host);

    this.#terminal = new Terminal({
      rows: options.rows ?? 14,
      scrollback: Math.max(options.scrollback ?? 0, this.#keepLines + SCROLLBACK_RESERVE),
      fontSize: options.fontSize ?? 13,
      fontFamily: this.#readFont(),
      theme: this.#readTheme(),
      disableStdin: true,
      cursorBlink: false,
      cursorInactiveStyle: "none",
      screenReaderMode: options.screenReaderMode ?? false,
      // A lone \n starts the next line at column 0, as in a pipe.
      convertEol: true,
      // Whatever colours a program picks, the text stays readable on our background (WCAG AA).
      minimumContrastRatio: 4.5,
      allowProposedApi: false,
    });
    this.#terminal.attachCustomKeyEventHandler(this.#onKey);
    this.#terminal.open(this.#host);
    const input = this.#terminal.textarea;
    if (input) {
      // xterm's hidden textarea is where focus goes; it takes no input here.
      input.readOnly = true;
      input.setAttribute("aria-label", `${label} (read only; PageUp and PageDown scroll)`);
    }
    this.#terminal.write(`${ESC}[?25l`); // no cursor: nobody types here
    this.#fit();

    this.#themeObserver = new MutationObserver(this.#retheme);
    this.#themeObserver.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme", "class", "style"],
    });
    this.#colorScheme = window.matchMedia("(prefers-color-scheme: dark)");
    this.#colorScheme.addEventListener("change", this.#retheme);
    this.#resizeObserver = new ResizeObserver(this.#scheduleFit);
    this.#resizeObserver.observe(root);
  }

  /** Program output, as it came (escapes included; they are sanitized). Never blocks. */
  write(text: string): void {
    if (this.#disposed || text === "") return;
    const result = sanitize(this.#sanitizer, text);
    this.#sanitizer = result.state;
    this.#queueProgramOutput(result.text);
    if (this.#holdTimer !== undefined) clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    // A sequence cut at the end of this write waits briefly for its rest, then shows as text.
    if (result.state.held !== "") this.#holdTimer = setTimeout(this.#releaseHeld, HOLD_MS);
  }

  /** A dim line between runs, e.g. "── run 2 · In your browser · 14:02:11 ──". */
  runSeparator(label: string): void {
    if (this.#disposed) return;
    this.#releaseHeld();
    this.#closeGap();
    this.#runTail.clear();
    this.#line(MUTED, `── ${label} ──`);
  }

  /** A runner message, coloured by kind, on a line of its own. */
  status(text: string, kind: StatusKind = "info"): void {
    if (this.#disposed) return;
    this.#releaseHeld();
    this.#closeGap();
    const { sgr, mark } = STATUS_STYLE[kind];
    this.#line(sgr, `${mark} ${text}`);
  }

  /** Empties the terminal and the plain-text copy, and starts a new run. */
  clear(): void {
    if (this.#disposed) return;
    if (this.#holdTimer !== undefined) clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#sanitizer = INITIAL_SANITIZER_STATE;
    this.#pending = [];
    this.#pendingChars = 0;
    this.#pendingLines = 0;
    this.#queuedAtLineStart = true;
    this.#fedAtLineStart = true;
    this.#gapOpen = false;
    this.#gapLines = 0;
    this.#gapChars = 0;
    this.#plain.clear();
    this.#runTail.clear();
    // Through write(), so it comes after what xterm has not parsed yet: RIS resets everything.
    this.#feed(`${ESC}c${ESC}[?25l`, false);
  }

  /** Everything shown or about to be shown, as plain text (escapes removed, `\n` line ends). */
  getText(): string {
    return this.#plain.toString() + stripAnsi(this.#pending.join(""));
  }

  /**
   * The current run's output as plain text: its last 64 KB (all of it when shorter), whatever
   * the terminal had to cut for speed. For finding where an uncaught error was thrown.
   */
  tail(): string {
    return stripAnsi(this.#runTail.toString());
  }

  /** Output waiting here, not yet given to xterm (bounded by `keepLines` and `keepChars`). */
  get backlog(): { lines: number; chars: number } {
    return { lines: this.#pendingLines, chars: this.#pendingChars };
  }

  /** Resolves once xterm has drawn everything written so far (for tests and screenshots). */
  flushed(): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        const idle =
          this.#pending.length === 0 &&
          this.#inFlight === 0 &&
          !this.#gapOpen &&
          this.#sanitizer.held === "";
        if (this.#disposed || idle) resolve();
        else setTimeout(check, 16);
      };
      check();
    });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#holdTimer !== undefined) clearTimeout(this.#holdTimer);
    if (this.#gapFrame !== 0) cancelAnimationFrame(this.#gapFrame);
    if (this.#fitFrame !== 0) cancelAnimationFrame(this.#fitFrame);
    this.#themeObserver.disconnect();
    this.#resizeObserver.disconnect();
    this.#colorScheme.removeEventListener("change", this.#retheme);
    this.#terminal.dispose();
    this.#host.remove();
    this.#probe.remove();
    this.#pending = [];
    this.#root.classList.remove("payi-terminal", "not-content");
    this.#root.removeAttribute("role");
    this.#root.removeAttribute("aria-label");
  }

  readonly #releaseHeld = (): void => {
    this.#holdTimer = undefined;
    if (this.#disposed || this.#sanitizer.held === "") return;
    const result = endSanitize(this.#sanitizer);
    this.#sanitizer = result.state;
    this.#queueProgramOutput(result.text);
  };

  #queueProgramOutput(text: string): void {
    if (text === "") return;
    this.#runTail.append(text);
    this.#queue(text);
  }

  /** A whole line of our own, in one colour, starting on a fresh line. */
  #line(sgr: string, text: string): void {
    const fresh = this.#queuedAtLineStart ? "" : "\n";
    this.#queue(`${RESET}${fresh}${ESC}[${sgr}m${text}${RESET}\n`);
  }

  #queue(text: string): void {
    const lines = countLines(text);
    this.#pending.push(text);
    this.#pendingChars += text.length;
    this.#pendingLines += lines;
    this.#queuedAtLineStart = text.endsWith("\n");
    if (this.#pendingLines > this.#keepLines || this.#pendingChars > this.#keepChars) this.#cut();
    this.#pump();
  }

  /** Drops the oldest waiting output until what waits fits the bounds again. */
  #cut(): void {
    while (
      this.#pending.length > 0 &&
      (this.#pendingLines > this.#keepLines || this.#pendingChars > this.#keepChars)
    ) {
      const head = this.#pending[0] as string;
      const extraLines = this.#pendingLines - this.#keepLines;
      const extraChars = this.#pendingChars - this.#keepChars;
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
      this.#lastFastAt = performance.now();
      this.#gapFrame = requestAnimationFrame(this.#checkGap);
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
      this.#gapFrame = requestAnimationFrame(this.#checkGap);
      return;
    }
    this.#closeGap();
  };

  /** Puts the note about the cut output where the gap is (before what was kept), once. */
  #closeGap(): void {
    if (!this.#gapOpen) return;
    if (this.#gapFrame !== 0) cancelAnimationFrame(this.#gapFrame);
    this.#gapFrame = 0;
    this.#gapOpen = false;
    this.#cutSinceCheck = 0;
    const lines = this.#gapLines;
    const what =
      lines > 0
        ? `${grouped.format(lines)} ${lines === 1 ? "line" : "lines"}`
        : `${grouped.format(this.#gapChars)} characters`;
    const kept =
      lines > 0
        ? `${grouped.format(this.#keepLines)} lines`
        : this.#keepChars < 1024
          ? `${grouped.format(this.#keepChars)} characters`
          : formatSize(this.#keepChars);
    const fresh = this.#fedAtLineStart ? "" : "\n";
    const note =
      `${RESET}${fresh}${ESC}[${MUTED}m✂ ${what} not shown: the program printed faster than the ` +
      `terminal draws, so it keeps the last ${kept}.${RESET}\n`;
    this.#gapLines = 0;
    this.#gapChars = 0;
    this.#pending.unshift(note);
    this.#pendingChars += note.length;
    this.#pendingLines += 1;
    this.#pump();
  }

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
    this.#terminal.write(piece, () => {
      this.#inFlight -= piece.length;
      this.#pump();
    });
  }

  /** Reads a custom property as a colour xterm understands (`rgb(...)`), via the probe's style. */
  #readColor(name: string): string {
    this.#probe.style.color = `var(--payi-term-${name})`;
    return getComputedStyle(this.#probe).color;
  }

  #readTheme(): ITheme {
    const theme: ITheme = {};
    for (const [key, name] of Object.entries(THEME_KEYS)) {
      theme[key as keyof typeof THEME_KEYS] = this.#readColor(name);
    }
    theme.cursorAccent = theme.background;
    return theme;
  }

  #readFont(): string {
    this.#probe.style.fontFamily = "var(--payi-term-font)";
    return getComputedStyle(this.#probe).fontFamily || "monospace";
  }

  readonly #retheme = (): void => {
    if (this.#disposed) return;
    this.#terminal.options.theme = this.#readTheme();
  };

  readonly #scheduleFit = (): void => {
    if (this.#fitFrame === 0 && !this.#disposed) {
      this.#fitFrame = requestAnimationFrame(() => {
        this.#fitFrame = 0;
        this.#fit();
      });
    }
  };

  /** Columns from the width available: no fit addon, so the cell width is measured with the probe. */
  #fit(): void {
    if (this.#disposed) return;
    const sample = "W".repeat(50);
    this.#probe.style.fontSize = `${this.#terminal.options.fontSize ?? 13}px`;
    this.#probe.textContent = sample;
    const cellWidth = this.#probe.getBoundingClientRect().width / sample.length;
    this.#probe.textContent = "";
    const width = this.#host.clientWidth - 14; // room for xterm's overlay scrollbar
    if (!(cellWidth > 0) || !(width > 0)) return;
    const cols = Math.max(20, Math.floor(width / cellWidth));
    if (cols !== this.#terminal.cols) this.#terminal.resize(cols, this.#terminal.rows);
  }

  /** Tab leaves the terminal; scrolling keys scroll it; nothing else reaches xterm. */
  readonly #onKey = (event: KeyboardEvent): boolean => {
    if (event.type !== "keydown") return false;
    const term = this.#terminal;
    const scroll: Record<string, () => void> = {
      PageUp: () => term.scrollPages(-1),
      PageDown: () => term.scrollPages(1),
      Home: () => term.scrollToTop(),
      End: () => term.scrollToBottom(),
      ArrowUp: () => term.scrollLines(-1),
      ArrowDown: () => term.scrollLines(1),
    };
    const action = scroll[event.key];
    if (action && !event.altKey && !event.ctrlKey && !event.metaKey) {
      action();
      event.preventDefault();
    }
    return false;
  };
}

/** Renders a terminal into `root` (which it labels; the caller owns `root`). */
export function createTerminalView(
  root: HTMLElement,
  options: TerminalViewOptions = {},
): TerminalView {
  return new TerminalView(root, options);
}
