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
 * Flow control: `write()` never blocks and never queues without bound. The output pump
 * (output-pump.ts) feeds xterm at the pace it parses and keeps at most `keepLines` lines and
 * `keepChars` characters waiting; a program that prints faster than that loses the *oldest*
 * waiting output, and the terminal says once, where the gap is, how much it left out.
 *
 * Shadow root: xterm draws inside a shadow root of its own, with its stylesheet adopted there.
 * xterm writes its cell sizes and theme into `<style>` elements as it opens and measures; in a
 * shadow root the restyle each one causes stays there (under 1 ms), whatever the page links. (In
 * the document, while lesson pages linked a stylesheet twice, each restyled and laid out the whole
 * page: 3 passes of 90-300 ms at 4x CPU on /day-2/, the largest part of a first run.) The outer
 * box (border, colours as custom properties, the measuring probe) stays in the page, styled by
 * terminal.css, which the lesson page links itself.
 *
 * Importing this module has no side effects beyond its CSS: nothing touches the DOM until
 * `new TerminalView(root)`.
 */
import { Terminal, type ITheme } from "@xterm/xterm";
import xtermCss from "@xterm/xterm/css/xterm.css?inline";
import "./terminal.css";
import { ESC, MUTED, ownLine, stripAnsi } from "./ansi.ts";
import { BoundedText } from "./bounded-text.ts";
import { OutputPump } from "./output-pump.ts";
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

/** SGR colours per status kind: cyan, yellow, red. */
const STATUS_STYLE: Record<StatusKind, { sgr: string; mark: string }> = {
  info: { sgr: "36", mark: "›" },
  warn: { sgr: "33", mark: "!" },
  warning: { sgr: "33", mark: "!" },
  error: { sgr: "31", mark: "✖" },
};
/** The run's own plain-text tail (`tail()`), for finding where an uncaught error was thrown. */
const TAIL_CHARS = 64 * 1024;
/** How long an incomplete escape sequence may wait for the rest before it is shown as text. */
const HOLD_MS = 200;
/** Scrollback beyond `keepLines`: the cut note, separators and the runner's own lines. */
const SCROLLBACK_RESERVE = 500;

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

/** xterm's stylesheet, made once and adopted by every terminal's shadow root. */
let xtermSheet: CSSStyleSheet | undefined;
function xtermStyles(): CSSStyleSheet {
  if (!xtermSheet) {
    xtermSheet = new CSSStyleSheet();
    xtermSheet.replaceSync(xtermCss);
  }
  return xtermSheet;
}

export class TerminalView {
  readonly #root: HTMLElement;
  readonly #host: HTMLElement;
  /** Where xterm draws: the host's shadow root. */
  readonly #screen: ShadowRoot;
  /** xterm's own element's parent, inside the shadow root: its height is the terminal's. */
  readonly #drawing: HTMLElement;
  readonly #probe: HTMLElement;
  readonly #terminal: Terminal;
  readonly #themeObserver: MutationObserver;
  readonly #resizeObserver: ResizeObserver;
  readonly #colorScheme: MediaQueryList;

  #sanitizer: SanitizerState = INITIAL_SANITIZER_STATE;
  #holdTimer: ReturnType<typeof setTimeout> | undefined;
  /** Sanitized output on its way to xterm, at the pace xterm parses it. */
  readonly #pump: OutputPump;
  #fitFrame = 0;
  /** The current run's output (for `tail()`). */
  readonly #runTail = new BoundedText(TAIL_CHARS);
  #disposed = false;

  constructor(root: HTMLElement, options: TerminalViewOptions = {}) {
    this.#root = root;
    const bounds = {
      keepLines: Math.max(1, options.keepLines ?? 10_000),
      keepChars: Math.max(1, options.keepChars ?? 2 * 1024 * 1024),
    };
    const label = options.label ?? "Program output";

    root.classList.add("payi-terminal", "not-content");
    // A labelled region, not role="log": a log would read every line of a flood aloud.
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", label);
    this.#probe = document.createElement("span");
    this.#probe.className = "payi-terminal__probe";
    this.#probe.setAttribute("aria-hidden", "true");
    this.#host = document.createElement("div");
    this.#host.className = "payi-terminal__screen";
    this.#screen = this.#host.attachShadow({ mode: "open" });
    this.#screen.adoptedStyleSheets = [xtermStyles()];
    const container = document.createElement("div");
    this.#screen.append(container);
    this.#drawing = container;
    root.append(this.#probe, this.#host);

    this.#terminal = new Terminal({
      rows: options.rows ?? 14,
      scrollback: Math.max(options.scrollback ?? 0, bounds.keepLines + SCROLLBACK_RESERVE),
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
    this.#terminal.open(container);
    const input = this.#terminal.textarea;
    if (input) {
      // xterm's hidden textarea is where focus goes; it takes no input here.
      input.readOnly = true;
      input.setAttribute("aria-label", `${label} (read only; PageUp and PageDown scroll)`);
    }
    this.#terminal.write(`${ESC}[?25l`); // no cursor: nobody types here
    this.#pump = new OutputPump(this.#terminal, bounds);
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
    this.#pump.closeGap();
    this.#runTail.clear();
    this.#line(MUTED, `── ${label} ──`);
  }

  /** A runner message, coloured by kind, on a line of its own. */
  status(text: string, kind: StatusKind = "info"): void {
    if (this.#disposed) return;
    this.#releaseHeld();
    this.#pump.closeGap();
    const { sgr, mark } = STATUS_STYLE[kind];
    this.#line(sgr, `${mark} ${text}`);
  }

  /** Empties the terminal and the plain-text copy, and starts a new run. */
  clear(): void {
    if (this.#disposed) return;
    if (this.#holdTimer !== undefined) clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#sanitizer = INITIAL_SANITIZER_STATE;
    this.#runTail.clear();
    // Through write(), so it comes after what xterm has not parsed yet: RIS resets everything.
    this.#pump.clear(`${ESC}c${ESC}[?25l`);
  }

  /** Everything shown or about to be shown, as plain text (escapes removed, `\n` line ends). */
  getText(): string {
    return this.#pump.text();
  }

  /**
   * The current run's output as plain text: its last 64 KB (all of it when shorter), whatever
   * the terminal had to cut for speed. For finding where an uncaught error was thrown.
   */
  tail(): string {
    return stripAnsi(this.#runTail.toString());
  }

  /**
   * The rows xterm draws (its DOM renderer: the visible lines), and the node to observe for their
   * changes: they live in the terminal's shadow root.
   */
  get drawn(): { rows: HTMLElement[]; root: ShadowRoot } {
    const rows = this.#screen.querySelector(".xterm-rows");
    return { rows: rows ? ([...rows.children] as HTMLElement[]) : [], root: this.#screen };
  }

  /** Output waiting here, not yet given to xterm (bounded by `keepLines` and `keepChars`). */
  get backlog(): { lines: number; chars: number } {
    return this.#pump.backlog;
  }

  /** Resolves once xterm has drawn everything written so far (for tests and screenshots). */
  flushed(): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.#disposed || (this.#pump.idle && this.#sanitizer.held === "")) resolve();
        else setTimeout(check, 16);
      };
      check();
    });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#holdTimer !== undefined) clearTimeout(this.#holdTimer);
    this.#pump.dispose();
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
    this.#pump.queue(text);
  }

  /** A whole line of our own, in one colour, starting on a fresh line. */
  #line(sgr: string, text: string): void {
    this.#pump.queue(ownLine(sgr, text, this.#pump.atLineStart));
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
    this.#holdHeight();
  }

  /**
   * The screen is a layout boundary (`contain: size layout`, terminal.css), so that xterm's
   * measuring as it draws lays out the terminal only, not the lesson page around it (each forced
   * layout of the page was 3-10 ms at 4x CPU, dozens per run); its height is therefore given.
   */
  #holdHeight(): void {
    const height = this.#drawing.offsetHeight;
    if (height > 0) this.#host.style.height = `${height}px`;
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
