/**
 * The live panel: every call of a run, in call order, with the user id it was tagged with and why
 * each tag has its value, then spend per user. It only renders what it is given (`addEvents`,
 * `setRunState`); it never talks to a runner.
 *
 * Built for floods: `addEvents()` only queues. Once a frame the queue is taken in: the spend tally
 * grows by the new calls only (never re-read from all calls), and the calls table (a virtualized
 * data table) gets the new rows; only the rows in view are drawn, so 10,000 calls cost what 30
 * do. Calls that reached the provider uncaptured are listed greyed in their place, counted apart,
 * and never enter the spend.
 *
 * Memory bound: past `maxRows` calls a run's calls are counted in the spend but no longer listed,
 * and the panel says how many were left out.
 */
import type { RunLink } from "../../call-sinks.ts";
import "./live-panel.css";
import type { CallEvent, SandboxEvent, UncapturedCall } from "../../../shared/calls/event.ts";
import { createAnnouncer, type Announcer } from "./announcer.ts";
import {
  CALL_COLUMNS,
  callKey,
  compareRows,
  described,
  detailsLabel,
  explanation,
  rowAttributes,
  uncapturedKey,
  type EmphasisColumn,
  type PanelRow,
} from "./call-columns.ts";
import { announceCall } from "../../../shared/calls/describe.ts";
import { DataTable } from "../../ui/data-table/data-table.ts";
import { el, uniqueId } from "../../ui/dom.ts";
import { formatTokens, formatUsd, plural } from "../../../shared/calls/format.ts";
import {
  addToTally,
  createSpendTally,
  summarizeTally,
  type SpendTally,
} from "../../../shared/calls/summarize.ts";
import { renderSummary, summaryTable } from "./summary-table.ts";

/** How a run ended, in the terminal's words. */
export type RunOutcome = "finished" | "exited" | "stopped" | "timed-out" | "crashed";

export type RunState =
  | { phase: "idle" }
  | { phase: "running" }
  | {
      phase: "ended";
      outcome: RunOutcome;
      /** For "exited": the program's exit code. */
      exitCode?: number;
      /**
       * The runner's sentence about the end, e.g. "Stopped after 30 s: the program did not
       * finish". Shown under the header (and announced) when it says more than the outcome.
       */
      text: string;
    };

/** The string states of the first panel; "failed" reads "Failed". Prefer a `RunState`. */
export type LegacyRunState = "idle" | "running" | "finished" | "failed";

export interface LivePanelOptions {
  /** Where else the run can be seen ("Open in Cost Drivers"); none by default. */
  runLinks?: RunLink[];
  /** Calls listed per run before the rest are only counted (default 20,000: a memory bound). */
  maxRows?: number;
  /** Shortest time between two screen reader announcements (default 1,000 ms). */
  announceIntervalMs?: number;
  /** Columns this sandbox is about (Day 5: `["limits"]`): always in view, first of the optional ones. */
  emphasis?: readonly EmphasisColumn[];
}

const DEFAULT_MAX_ROWS = 20_000;
/** Events taken in per frame: a 10,000-event batch spreads over a few frames. */
const EVENTS_PER_FRAME = 2_000;
/** The spend per user is redrawn at most this often while calls pour in (and once at the end). */
const SUMMARY_REFRESH_MS = 1_000;

interface Ended {
  outcome: RunOutcome | "failed";
  exitCode?: number;
  text: string;
}

/** The outcome in the terminal's words: "Stopped", "Exited with code 2". */
function outcomeWord(end: Ended): string {
  switch (end.outcome) {
    case "finished":
      return "Finished";
    case "exited":
      return end.exitCode === undefined ? "Exited" : `Exited with code ${end.exitCode}`;
    case "stopped":
      return "Stopped";
    case "timed-out":
      return "Timed out";
    case "crashed":
      return "Crashed";
    case "failed":
      return "Failed";
  }
}

function normalize(state: RunState | LegacyRunState): { phase: RunState["phase"]; end?: Ended } {
  if (typeof state === "string") {
    if (state === "finished") return { phase: "ended", end: { outcome: "finished", text: "" } };
    if (state === "failed") return { phase: "ended", end: { outcome: "failed", text: "" } };
    return { phase: state };
  }
  if (state.phase !== "ended") return { phase: state.phase };
  const end: Ended = { outcome: state.outcome, text: state.text ?? "" };
  if (state.exitCode !== undefined) end.exitCode = state.exitCode;
  return { phase: "ended", end };
}

function isCall(event: SandboxEvent): event is CallEvent {
  return event?.v === 1 && event.type === "call" && Number.isInteger(event.seq);
}

function isUncaptured(event: SandboxEvent): event is UncapturedCall {
  return event?.v === 1 && event.type === "uncaptured" && Number.isInteger(event.index);
}

export class LivePanel {
  readonly #maxRows: number;
  readonly #panel: HTMLElement;
  readonly #stateLine: HTMLElement;
  readonly #endNote: HTMLElement;
  readonly #empty: HTMLElement;
  readonly #callsSection: HTMLElement;
  readonly #runLabel: HTMLElement;
  readonly #table: DataTable<PanelRow>;
  readonly #cutNotice: HTMLElement;
  readonly #summarySection: HTMLElement;
  readonly #runLinks: HTMLElement = el("p", { class: "payi-lp__link" });
  readonly #summary: HTMLTableElement;
  readonly #announcer: Announcer;

  #phase: RunState["phase"] = "idle";
  #end: Ended | undefined;
  #tally: SpendTally = createSpendTally();
  #queue: SandboxEvent[] = [];
  #queueAt = 0;
  #seenCalls = new Set<number>();
  #seenUncaptured = new Set<number>();
  #listedCalls = 0;
  #cut = 0;
  #frame = 0;
  #summaryDirty = false;
  #summaryRenderedAt = -Infinity;
  #summaryTimer: ReturnType<typeof setTimeout> | undefined;
  #announceEnd = false;
  /** Calls taken in and not yet handed to the announcer, and the last of them. */
  #unannounced = 0;
  #lastCall: CallEvent | undefined;

  constructor(root: HTMLElement, options: LivePanelOptions = {}) {
    this.#maxRows = Math.max(1, options.maxRows ?? DEFAULT_MAX_ROWS);
    this.#announcer = createAnnouncer(options.announceIntervalMs);

    const callsHeading = uniqueId("payi-calls");
    const summaryCaption = uniqueId("payi-summary");
    this.#stateLine = el("p", { class: "payi-lp__state" });
    this.#endNote = el("p", { class: "payi-lp__end" });
    this.#empty = el("p", { class: "payi-lp__empty" }, [
      "Run the example to see how each call is tagged.",
    ]);
    this.#runLabel = el("span", { class: "payi-lp__run" });
    const heading = el("p", { class: "payi-lp__caption", id: callsHeading }, [
      "Calls, in order",
      this.#runLabel,
    ]);
    this.#callsSection = el("div", { class: "payi-lp__calls" }, [heading]);
    this.#table = new DataTable<PanelRow>(this.#callsSection, {
      labelledBy: callsHeading,
      columns: CALL_COLUMNS,
      key: (row) => row.key,
      order: compareRows,
      details: explanation,
      detailsLabel,
      rowAttributes,
      emphasis: options.emphasis ?? [],
      markNew: true,
      estimateRowHeight: 64,
    });
    this.#cutNotice = el("p", { class: "payi-lp__cut", role: "note" });
    this.#summary = summaryTable(summaryCaption);
    this.#summarySection = el("div", { class: "payi-lp__summary" }, [
      el(
        "div",
        {
          class: "payi-lp__scroll",
          role: "region",
          tabindex: "0",
          "aria-labelledby": summaryCaption,
        },
        [this.#summary],
      ),
      this.#runLinks,
    ]);
    this.setRunLinks(options.runLinks ?? []);
    this.#panel = el("div", { class: "payi-lp not-content" }, [
      this.#stateLine,
      this.#endNote,
      this.#empty,
      this.#callsSection,
      this.#cutNotice,
      this.#summarySection,
      this.#announcer.element,
    ]);
    root.append(this.#panel);
    this.#showStatus();
  }

  /** Links to where else this run can be seen (per run); none hides the line. */
  setRunLinks(links: readonly RunLink[]): void {
    this.#runLinks.hidden = links.length === 0;
    this.#runLinks.replaceChildren(
      ...links.map((link) => el("a", { href: link.href }, [link.label])),
    );
  }

  /** Empties the panel for a new run. */
  reset(runLabel?: string): void {
    this.#cancelFrame();
    this.#tally = createSpendTally();
    this.#queue = [];
    this.#queueAt = 0;
    this.#table.clear();
    this.#seenCalls = new Set();
    this.#seenUncaptured = new Set();
    this.#listedCalls = 0;
    this.#cut = 0;
    this.#summaryDirty = false;
    this.#summaryRenderedAt = -Infinity;
    this.#announceEnd = false;
    this.#unannounced = 0;
    this.#lastCall = undefined;
    this.#runLabel.textContent = runLabel ? ` — ${runLabel}` : "";
    this.#announcer.clear();
    this.#phase = "idle";
    this.#end = undefined;
    this.#showStatus();
  }

  /**
   * Queues a batch of events (1 or 10,000); cheap, so a runner can hand over what it has each
   * time. Events of other schema versions are ignored, as the schema asks of every reader.
   */
  addEvents(events: readonly SandboxEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.#queue.push(event);
    this.#schedule();
  }

  /** One event; the same as `addEvents([event])`. */
  add(event: SandboxEvent): void {
    this.addEvents([event]);
  }

  /** The run's phase; at the end, how it ended (said in the header and to screen readers). */
  setRunState(state: RunState | LegacyRunState): void {
    const { phase, end } = normalize(state);
    this.#phase = phase;
    this.#end = end;
    if (phase === "ended") this.#announceEnd = true;
    this.#schedule();
  }

  /** Rows in the calls table so far (captured and uncaptured; drawn or not: it is virtualized). */
  get renderedCount(): number {
    return this.#table.rowCount;
  }

  /** Events received and not yet taken in. */
  get pendingCount(): number {
    return this.#queue.length - this.#queueAt;
  }

  destroy(): void {
    this.#cancelFrame();
    this.#announcer.dispose();
    this.#table.destroy();
    this.#panel.remove();
    this.#queue = [];
  }

  #schedule(): void {
    if (this.#frame === 0) this.#frame = requestAnimationFrame(this.#flush);
  }

  #cancelFrame(): void {
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#cancelSummaryTimer();
  }

  readonly #flush = (): void => {
    this.#frame = 0;
    this.#takeIn(EVENTS_PER_FRAME);
    const drained = this.pendingCount === 0;
    const now = performance.now();
    // At most once per interval while calls pour in, whether or not this frame drained the
    // queue: a runner hands over a batch every frame, so "drained" is true at nearly every frame
    // of a flood. The first calls show at once, the last ones when the interval is over.
    if (this.#summaryDirty) {
      const wait = this.#summaryRenderedAt + SUMMARY_REFRESH_MS - now;
      if (wait <= 0 || (drained && this.#phase === "ended")) this.#renderSummary(now);
      else this.#summaryLater(wait);
    }
    this.#showStatus();
    // Last, once the frame's work is done: the live region changes when it is said.
    if (this.#lastCall) {
      this.#announcer.calls(this.#unannounced, announceCall(described(this.#lastCall)));
      this.#unannounced = 0;
      this.#lastCall = undefined;
    }
    if (drained && this.#announceEnd) {
      this.#announceEnd = false;
      this.#announcer.say(this.#endMessage());
    }
    if (!drained) this.#schedule();
  };

  #renderSummary(now: number): void {
    this.#cancelSummaryTimer();
    renderSummary(this.#summary, summarizeTally(this.#tally));
    this.#summaryDirty = false;
    this.#summaryRenderedAt = now;
  }

  /** A frame once the interval is over, for the calls that came in since the last refresh. */
  #summaryLater(wait: number): void {
    if (this.#summaryTimer !== undefined) return;
    this.#summaryTimer = setTimeout(() => {
      this.#summaryTimer = undefined;
      this.#schedule();
    }, wait);
  }

  #cancelSummaryTimer(): void {
    if (this.#summaryTimer !== undefined) clearTimeout(this.#summaryTimer);
    this.#summaryTimer = undefined;
  }

  /** Takes up to `limit` queued events into the tally and the table. */
  #takeIn(limit: number): void {
    const end = Math.min(this.#queue.length, this.#queueAt + limit);
    const rows: PanelRow[] = [];
    let newCalls = 0;
    let lastCall: CallEvent | undefined;
    for (let i = this.#queueAt; i < end; i += 1) {
      const event = this.#queue[i] as SandboxEvent;
      if (isCall(event)) {
        if (this.#seenCalls.has(event.seq)) continue;
        this.#seenCalls.add(event.seq);
        addToTally(this.#tally, event);
        this.#summaryDirty = true;
        newCalls += 1;
        lastCall = event;
        if (this.#listedCalls >= this.#maxRows) this.#cut += 1;
        else {
          this.#listedCalls += 1;
          rows.push({ kind: "call", key: callKey(event.seq), event });
        }
      } else if (isUncaptured(event)) {
        if (this.#seenUncaptured.has(event.index)) continue;
        this.#seenUncaptured.add(event.index);
        rows.push({ kind: "uncaptured", key: uncapturedKey(event.index), event });
      }
    }
    this.#queueAt = end;
    if (this.#queueAt === this.#queue.length) {
      this.#queue = [];
      this.#queueAt = 0;
    }
    if (rows.length > 0) {
      // Shown first: rows measured in a hidden box would measure 0.
      setHidden(this.#callsSection, false);
      setHidden(this.#empty, true);
      this.#table.upsert(rows);
    }
    if (lastCall) {
      this.#unannounced += newCalls;
      this.#lastCall = lastCall;
    }
  }

  /** "2 instrumented calls, 1 not captured". */
  #counts(): string {
    const calls = plural(this.#seenCalls.size, "instrumented call");
    const uncaptured = this.#seenUncaptured.size;
    return uncaptured > 0 ? `${calls}, ${formatTokens(uncaptured)} not captured` : calls;
  }

  #endMessage(): string {
    const word = this.#end ? outcomeWord(this.#end) : "Finished";
    const note = this.#endNoteText();
    const tail = note ? ` ${note}` : "";
    if (this.#seenCalls.size === 0 && this.#seenUncaptured.size === 0)
      return `${word}: no OpenAI calls.${tail}`;
    const { totals } = summarizeTally(this.#tally);
    const unpriced =
      totals.unpricedCalls > 0 ? `, plus ${plural(totals.unpricedCalls, "unpriced call")}` : "";
    return `${word}: ${this.#counts()}, ${formatUsd(totals.spendUsd)} spent${unpriced}.${tail}`;
  }

  /** The runner's sentence, when it says more than the outcome word does. */
  #endNoteText(): string {
    const end = this.#end;
    if (!end?.text) return "";
    return end.text.startsWith(outcomeWord(end)) ? "" : end.text;
  }

  /** Empty state, run state line and the notice about calls left out. */
  #showStatus(): void {
    const rows = this.#table.rowCount;
    const hasRows = rows > 0;
    const word =
      this.#phase === "running"
        ? "Running"
        : this.#phase === "ended" && this.#end
          ? outcomeWord(this.#end)
          : "";
    const emptyText =
      this.#phase === "idle"
        ? "Run the example to see how each call is tagged."
        : this.#phase === "running"
          ? "Waiting for the first call…"
          : this.#end?.outcome === "finished"
            ? "The program finished without making an OpenAI call."
            : `${word} before making an OpenAI call.`;
    // Every write below happens only when it changes something: this runs once a frame during
    // a flood, and even an unchanged attribute or text set again invalidates style or layout.
    setHidden(this.#empty, hasRows);
    setText(this.#empty, emptyText);
    setHidden(this.#callsSection, !hasRows);
    setHidden(this.#summarySection, this.#seenCalls.size === 0);

    const any = this.#seenCalls.size + this.#seenUncaptured.size > 0;
    const stateText = !any ? word : word ? `${word} · ${this.#counts()}` : this.#counts();
    setText(this.#stateLine, stateText);
    const state = this.#phase === "ended" ? (this.#end?.outcome ?? "ended") : this.#phase;
    if (this.#stateLine.dataset["state"] !== state) this.#stateLine.dataset["state"] = state;
    const note = this.#phase === "ended" ? this.#endNoteText() : "";
    setHidden(this.#endNote, note === "");
    setText(this.#endNote, note);

    setHidden(this.#cutNotice, this.#cut === 0);
    if (this.#cut > 0) {
      const cut = `${formatTokens(this.#cut)} later ${this.#cut === 1 ? "call is" : "calls are"}`;
      setText(
        this.#cutNotice,
        `Only the first ${formatTokens(this.#maxRows)} calls are listed: ${cut} not shown here ` +
          "but counted in the spend per user below.",
      );
    }
  }
}

function setHidden(element: HTMLElement, hidden: boolean): void {
  if (element.hidden !== hidden) element.hidden = hidden;
}

/**
 * Changes the text of its one text node rather than replacing the node: a node inserted or
 * removed makes the browser re-check `:empty` here and the page's `:has()` rules on every
 * ancestor (Starlight's `body:has(...)` scans the whole page), once a frame during a flood.
 */
function setText(element: HTMLElement, text: string): void {
  const node = element.firstChild;
  if (text !== "" && node instanceof Text && node === element.lastChild) {
    if (node.data !== text) node.data = text;
  } else if (element.textContent !== text) element.textContent = text;
}

/** Renders a live panel into `root` (appended; the caller owns `root`). */
export function createLivePanel(root: HTMLElement, options: LivePanelOptions = {}): LivePanel {
  return new LivePanel(root, options);
}
