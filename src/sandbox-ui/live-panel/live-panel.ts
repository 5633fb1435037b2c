/**
 * The live panel: every call of a run, in call order, with the user id it was tagged with and why
 * each tag has its value, then spend per user. It only renders what it is given (`addEvents`,
 * `setRunState`); it never talks to a runner.
 *
 * Built for floods: `addEvents()` only queues. Once a frame the queue is taken in (call-intake.ts:
 * the spend tally grows by the new calls only), and the calls table (a virtualized data table)
 * gets the new rows; only the rows in view are drawn, so 10,000 calls cost what 30 do. Calls that
 * reached the provider uncaptured are listed greyed in their place, counted apart, and never
 * enter the spend. What the panel says about the run is worded in run-status.ts.
 *
 * Memory bound: past `maxRows` calls a run's calls are counted in the spend but no longer listed,
 * and the panel says how many were left out.
 */
import type { RunLink } from "../../call-sinks.ts";
import "./live-panel.css";
import type { CallEvent, SandboxEvent } from "../../../shared/calls/event.ts";
import { createAnnouncer, type Announcer } from "./announcer.ts";
import {
  CALL_COLUMNS,
  compareRows,
  described,
  detailsLabel,
  explanation,
  rowAttributes,
  type EmphasisColumn,
  type PanelRow,
} from "./call-columns.ts";
import { CallIntake } from "./call-intake.ts";
import {
  cutText,
  emptyText,
  endMessage,
  endNoteText,
  normalizeRunState,
  stateLine,
  type LegacyRunState,
  type Run,
  type RunState,
} from "./run-status.ts";
import { announceCall } from "../../../shared/calls/describe.ts";
import { DataTable } from "../../ui/data-table/data-table.ts";
import { el, uniqueId } from "../../ui/dom.ts";
import { summarizeTally } from "../../../shared/calls/summarize.ts";
import { renderSummary, summaryTable } from "./summary-table.ts";

export type { LegacyRunState, RunOutcome, RunState } from "./run-status.ts";

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

  #run: Run = { phase: "idle" };
  #intake: CallIntake;
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
    this.#intake = new CallIntake(this.#maxRows);
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
    this.#intake = new CallIntake(this.#maxRows);
    this.#table.clear();
    this.#summaryDirty = false;
    this.#summaryRenderedAt = -Infinity;
    this.#announceEnd = false;
    this.#unannounced = 0;
    this.#lastCall = undefined;
    this.#runLabel.textContent = runLabel ? ` — ${runLabel}` : "";
    this.#announcer.clear();
    this.#run = { phase: "idle" };
    this.#showStatus();
  }

  /**
   * Queues a batch of events (1 or 10,000); cheap, so a runner can hand over what it has each
   * time. Events of other schema versions are ignored, as the schema asks of every reader.
   */
  addEvents(events: readonly SandboxEvent[]): void {
    if (events.length === 0) return;
    this.#intake.add(events);
    this.#schedule();
  }

  /** One event; the same as `addEvents([event])`. */
  add(event: SandboxEvent): void {
    this.addEvents([event]);
  }

  /** The run's phase; at the end, how it ended (said in the header and to screen readers). */
  setRunState(state: RunState | LegacyRunState): void {
    this.#run = normalizeRunState(state);
    if (this.#run.phase === "ended") this.#announceEnd = true;
    this.#schedule();
  }

  /** Rows in the calls table so far (captured and uncaptured; drawn or not: it is virtualized). */
  get renderedCount(): number {
    return this.#table.rowCount;
  }

  /** Events received and not yet taken in. */
  get pendingCount(): number {
    return this.#intake.pending;
  }

  destroy(): void {
    this.#cancelFrame();
    this.#announcer.dispose();
    this.#table.destroy();
    this.#panel.remove();
    this.#intake = new CallIntake(this.#maxRows);
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
      if (wait <= 0 || (drained && this.#run.phase === "ended")) this.#renderSummary(now);
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
    renderSummary(this.#summary, summarizeTally(this.#intake.tally));
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
    const { rows, newCalls, lastCall } = this.#intake.take(limit);
    if (newCalls > 0) this.#summaryDirty = true;
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

  #endMessage(): string {
    const { totals } = summarizeTally(this.#intake.tally);
    return endMessage(this.#run.end, this.#intake.counts, totals);
  }

  /** Empty state, run state line and the notice about calls left out. */
  #showStatus(): void {
    const hasRows = this.#table.rowCount > 0;
    const counts = this.#intake.counts;
    // Every write below happens only when it changes something: this runs once a frame during
    // a flood, and even an unchanged attribute or text set again invalidates style or layout.
    setHidden(this.#empty, hasRows);
    setText(this.#empty, emptyText(this.#run));
    setHidden(this.#callsSection, !hasRows);
    setHidden(this.#summarySection, counts.calls === 0);

    const line = stateLine(this.#run, counts);
    setText(this.#stateLine, line.text);
    if (this.#stateLine.dataset["state"] !== line.state)
      this.#stateLine.dataset["state"] = line.state;
    const note = this.#run.phase === "ended" ? endNoteText(this.#run.end) : "";
    setHidden(this.#endNote, note === "");
    setText(this.#endNote, note);

    const cut = this.#intake.cut;
    setHidden(this.#cutNotice, cut === 0);
    if (cut > 0) setText(this.#cutNotice, cutText(cut, this.#maxRows));
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
