/**
 * The program's output, in xterm.js: ANSI colours as the program printed them, a dim separator
 * between runs, coloured runner messages, and a plain-text copy of everything (`getText()`).
 *
 * Output only: the terminal takes no input, leaves Tab to the page (no keyboard trap) and scrolls
 * with PageUp/PageDown/Home/End/arrows when focused. A program printing in a tight loop cannot
 * freeze the page: writes are batched once per frame, xterm gets more only when it has caught up,
 * and one run may print at most `maxCharsPerRun` characters or `maxLinesPerRun` lines; the rest is
 * dropped and the terminal says how much.
 *
 * Importing this module has no side effects beyond its CSS: nothing touches the DOM until
 * `new TerminalView(root)`.
 */
import { Terminal, type ITheme } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import "./terminal.css";

/** `"warning"` is accepted as a synonym of `"warn"`. */
export type StatusKind = "info" | "warn" | "warning" | "error";

export interface TerminalViewOptions {
  /** Accessible name of the output region (default "Program output"). */
  label?: string;
  /** Characters one run may print before the rest is cut (default 2 MB worth: 2,097,152). */
  maxCharsPerRun?: number;
  /** Lines one run may print before the rest is cut (default 20,000). */
  maxLinesPerRun?: number;
  /** Visible rows (default 14). */
  rows?: number;
  /** Lines kept for scrolling back (default 10,000). */
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
 * (every ~12 ms), so small writes keep its tasks short. And how far it may fall behind before we wait.
 */
const CHUNK_CHARS = 8 * 1024;
const MAX_IN_FLIGHT_CHARS = 32 * 1024;
/** The plain-text copy keeps this many characters across runs (the newest). */
const MAX_PLAIN_CHARS = 4_000_000;

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

function formatSize(chars: number): string {
  if (chars < 1024) return `${chars} characters`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(1)} KB`;
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}

const grouped = new Intl.NumberFormat("en-US");

export class TerminalView {
  readonly #root: HTMLElement;
  readonly #host: HTMLElement;
  readonly #probe: HTMLElement;
  readonly #terminal: Terminal;
  readonly #maxChars: number;
  readonly #maxLines: number;
  readonly #themeObserver: MutationObserver;
  readonly #resizeObserver: ResizeObserver;
  readonly #colorScheme: MediaQueryList;

  /** Output waiting for the next frame, already converted for xterm. */
  #pending = "";
  #inFlight = 0;
  #frame = 0;
  #fitFrame = 0;
  #plain: string[] = [];
  #plainChars = 0;
  #atLineStart = true;
  #runChars = 0;
  #runLines = 0;
  #cutting = false;
  #cutChars = 0;
  #cutLines = 0;
  #disposed = false;

  constructor(root: HTMLElement, options: TerminalViewOptions = {}) {
    this.#root = root;
    this.#maxChars = options.maxCharsPerRun ?? 2 * 1024 * 1024;
    this.#maxLines = options.maxLinesPerRun ?? 20_000;
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
      scrollback: options.scrollback ?? 10_000,
      fontSize: options.fontSize ?? 13,
      fontFamily: this.#readFont(),
      theme: this.#readTheme(),
      disableStdin: true,
      cursorBlink: false,
      cursorInactiveStyle: "none",
      screenReaderMode: options.screenReaderMode ?? false,
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

  /** Program output, ANSI escapes included; lone `\n` become `\r\n`. */
  write(text: string): void {
    if (this.#disposed || text === "") return;
    if (this.#cutting) {
      this.#cutChars += text.length;
      this.#cutLines += countLines(text);
      return;
    }
    let kept = text;
    const lines = countLines(text);
    if (this.#runChars + text.length > this.#maxChars || this.#runLines + lines > this.#maxLines) {
      const byChars = this.#maxChars - this.#runChars;
      const byLines = afterNthNewline(text, this.#maxLines - this.#runLines);
      const cut = Math.max(0, Math.min(byChars, byLines === -1 ? text.length : byLines));
      kept = text.slice(0, cut);
      this.#cutChars = text.length - cut;
      this.#cutLines = lines - countLines(kept);
      this.#cutting = true;
    }
    this.#runChars += kept.length;
    this.#runLines += countLines(kept);
    this.#emit(kept);
    if (this.#cutting) {
      this.#line(
        MUTED,
        `✂ Output limit reached (${grouped.format(this.#maxLines)} lines or ${formatSize(this.#maxChars)} per run): ` +
          "the rest of this run's output is not shown.",
      );
    }
  }

  /** A dim line between runs, e.g. "── run 2 · In your browser · 14:02:11 ──". */
  runSeparator(label: string): void {
    if (this.#disposed) return;
    this.#reportCut();
    this.#runChars = 0;
    this.#runLines = 0;
    this.#cutting = false;
    this.#line(MUTED, `── ${label} ──`);
  }

  /** A runner message, coloured by kind, on a line of its own. */
  status(text: string, kind: StatusKind = "info"): void {
    if (this.#disposed) return;
    this.#reportCut();
    const { sgr, mark } = STATUS_STYLE[kind];
    this.#line(sgr, `${mark} ${text}`);
  }

  /** Empties the terminal and the plain-text copy, and starts a new run. */
  clear(): void {
    if (this.#disposed) return;
    this.#pending = "";
    this.#plain = [];
    this.#plainChars = 0;
    this.#atLineStart = true;
    this.#runChars = 0;
    this.#runLines = 0;
    this.#cutting = false;
    this.#cutChars = 0;
    this.#cutLines = 0;
    this.#terminal.reset();
    this.#terminal.write(`${ESC}[?25l`);
  }

  /** Everything shown so far as plain text (escapes removed, `\n` line ends). */
  getText(): string {
    return this.#plain.join("");
  }

  /** Resolves once xterm has drawn everything written so far (for tests and screenshots). */
  flushed(): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.#disposed || (this.#pending === "" && this.#inFlight === 0)) resolve();
        else setTimeout(check, 16);
      };
      check();
    });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    if (this.#fitFrame !== 0) cancelAnimationFrame(this.#fitFrame);
    this.#themeObserver.disconnect();
    this.#resizeObserver.disconnect();
    this.#colorScheme.removeEventListener("change", this.#retheme);
    this.#terminal.dispose();
    this.#host.remove();
    this.#probe.remove();
    this.#root.classList.remove("payi-terminal", "not-content");
    this.#root.removeAttribute("role");
    this.#root.removeAttribute("aria-label");
  }

  /** Prints how much of the run was cut, once, at the run's next boundary. */
  #reportCut(): void {
    if (this.#cutChars === 0 && this.#cutLines === 0) return;
    const lines = `${grouped.format(this.#cutLines)} ${this.#cutLines === 1 ? "line" : "lines"}`;
    this.#line(MUTED, `✂ ${lines} (${formatSize(this.#cutChars)}) of output were cut.`);
    this.#cutChars = 0;
    this.#cutLines = 0;
  }

  /** A whole line of our own, in one colour, starting on a fresh line. */
  #line(sgr: string, text: string): void {
    const fresh = this.#atLineStart ? "" : "\n";
    this.#emit(`${RESET}${fresh}${ESC}[${sgr}m${text}${RESET}\n`);
  }

  #emit(text: string): void {
    if (text === "") return;
    this.#appendPlain(stripAnsi(text).replace(/\r\n/g, "\n"));
    this.#atLineStart = text.endsWith("\n");
    this.#pending += text.replace(/\r?\n/g, "\r\n");
    if (this.#frame === 0) this.#frame = requestAnimationFrame(this.#flush);
  }

  #appendPlain(text: string): void {
    this.#plain.push(text);
    this.#plainChars += text.length;
    while (this.#plainChars > MAX_PLAIN_CHARS && this.#plain.length > 1) {
      this.#plainChars -= (this.#plain.shift() as string).length;
    }
  }

  readonly #flush = (): void => {
    this.#frame = 0;
    // xterm parses in its own time slices; feeding it faster than it parses only grows its queue.
    while (!this.#disposed && this.#pending !== "" && this.#inFlight <= MAX_IN_FLIGHT_CHARS) {
      const chunk = this.#pending.slice(0, CHUNK_CHARS);
      this.#pending = this.#pending.slice(chunk.length);
      this.#inFlight += chunk.length;
      this.#terminal.write(chunk, () => {
        this.#inFlight -= chunk.length;
        if (this.#pending !== "" && this.#frame === 0 && !this.#disposed) {
          this.#frame = requestAnimationFrame(this.#flush);
        }
      });
    }
  };

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
