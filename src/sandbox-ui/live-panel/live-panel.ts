/**
 * The live panel: one row per instrumented call, in `seq` order, with the user id it was tagged
 * with and why, then spend per user. It only renders what it is given (`add(event)`); it never
 * talks to a runner.
 *
 * Programs can make thousands of calls in a burst, so `add()` only queues: rows are built in
 * animation frames, a few milliseconds of work per frame, and all of them appear eventually. Past
 * `maxRows` calls are no longer listed (they are still counted in the summary) and the panel says
 * how many were left out.
 */
import type { RunLink } from "../../call-sinks.ts";
import "./live-panel.css";
import type { CallEvent } from "../../../shared/calls/event.ts";
import { createAnnouncer, type Announcer } from "./announcer.ts";
import { callRow, callsHeader, explanationList } from "./call-row.ts";
import { announceCall, describeCall } from "../../../shared/calls/describe.ts";
import { el, uniqueId } from "../../ui/dom.ts";
import { FramePacer } from "./frame-pacer.ts";
import { OrderedRows } from "./ordered-rows.ts";
import { formatTokens, formatUsd } from "../../../shared/calls/format.ts";
import {
  addToTally,
  createSpendTally,
  summarizeTally,
  type SpendTally,
} from "../../../shared/calls/summarize.ts";
import { renderSummary, summaryTable } from "./summary-table.ts";

export type RunState = "idle" | "running" | "finished" | "failed";

export interface LivePanelOptions {
  /** Where else the run can be seen ("Open in Cost Drivers"); none by default. */
  runLinks?: RunLink[];
  /** Calls listed per run before the rest are only counted (default 20,000). */
  maxRows?: number;
  /** Shortest time between two screen reader announcements (default 1,000 ms). */
  announceIntervalMs?: number;
  /** Main-thread budget for building rows per animation frame (default 8 ms). */
  frameBudgetMs?: number;
}

const DEFAULT_MAX_ROWS = 20_000;
/** Rows built before the clock is checked again: reading it per row costs more than a row. */
const ROWS_PER_CLOCK_CHECK = 4;
/** New rows are highlighted only when few arrive at once: a flood would just flicker. */
const HIGHLIGHT_AT_MOST = 10;
const SUMMARY_REFRESH_MS = 250;

const EMPTY_TEXT: Record<RunState, string> = {
  idle: "Run the example to see how each call is tagged.",
  running: "Waiting for the first call…",
  finished: "The program finished without making an OpenAI call.",
  failed: "The run stopped before making an OpenAI call.",
};

const STATE_WORD: Record<RunState, string> = {
  idle: "",
  running: "Running",
  finished: "Finished",
  failed: "Failed",
};

function isCallEvent(value: unknown): value is CallEvent {
  const event = value as CallEvent | null;
  return !!event && event.v === 1 && event.type === "call" && Number.isInteger(event.seq);
}

export class LivePanel {
  readonly #maxRows: number;
  readonly #frameBudgetMs: number;
  readonly #panel: HTMLElement;
  readonly #stateLine: HTMLElement;
  readonly #empty: HTMLElement;
  readonly #callsRegion: HTMLElement;
  readonly #runLabel: HTMLElement;
  readonly #rows: OrderedRows;
  readonly #cutNotice: HTMLElement;
  readonly #summarySection: HTMLElement;
  readonly #runLinks: HTMLElement = el("p", { class: "payi-lp__link" });
  readonly #summary: HTMLTableElement;
  readonly #announcer: Announcer;

  #state: RunState = "idle";
  #tally: SpendTally = createSpendTally();
  /** Calls accepted for listing, by seq; the queue holds those not yet in the table. */
  #events = new Map<number, CallEvent>();
  #queue: CallEvent[] = [];
  #queueUnsorted = false;
  #seen = new Set<number>();
  #cut = 0;
  #frame = 0;
  #summaryDirty = false;
  #summaryRenderedAt = -Infinity;
  #announceEnd = false;
  #pacer = new FramePacer();

  constructor(root: HTMLElement, options: LivePanelOptions = {}) {
    this.#maxRows = Math.max(1, options.maxRows ?? DEFAULT_MAX_ROWS);
    this.#frameBudgetMs = options.frameBudgetMs ?? 8;
    this.#announcer = createAnnouncer(options.announceIntervalMs);

    const callsCaption = uniqueId("payi-calls");
    const summaryCaption = uniqueId("payi-summary");
    this.#stateLine = el("p", { class: "payi-lp__state" });
    this.#empty = el("p", { class: "payi-lp__empty" }, [EMPTY_TEXT.idle]);
    this.#runLabel = el("span", { class: "payi-lp__run" });
    const callsTable = el("table", { class: "payi-calls" }, [
      el("caption", { id: callsCaption }, [
        el("span", { class: "payi-lp__caption" }, ["Calls, in order", this.#runLabel]),
      ]),
      callsHeader(),
    ]);
    this.#rows = new OrderedRows(callsTable);
    // The region scrolls on its own (both ways), so it must be reachable with the keyboard.
    this.#callsRegion = el(
      "div",
      {
        class: "payi-lp__scroll payi-lp__calls",
        role: "region",
        tabindex: "0",
        "aria-labelledby": callsCaption,
      },
      [callsTable],
    );
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
      this.#empty,
      this.#callsRegion,
      this.#cutNotice,
      this.#summarySection,
      this.#announcer.element,
    ]);
    this.#panel.addEventListener("toggle", this.#onToggle, true);
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
    this.#events = new Map();
    this.#queue = [];
    this.#queueUnsorted = false;
    this.#rows.clear();
    this.#seen = new Set();
    this.#cut = 0;
    this.#summaryDirty = false;
    this.#announceEnd = false;
    // The first rows of a run also pay for showing the table again: start small.
    this.#pacer = new FramePacer();
    this.#runLabel.textContent = runLabel ? ` — ${runLabel}` : "";
    this.#announcer.clear();
    this.#state = "idle";
    this.#showStatus();
  }

  /** Queues one call event; cheap, so it can be called for every event of a flood. */
  add(event: CallEvent): void {
    // Events of other schema versions are ignored, as the schema asks of every reader.
    if (!isCallEvent(event) || this.#seen.has(event.seq)) return;
    this.#seen.add(event.seq);
    addToTally(this.#tally, event);
    this.#summaryDirty = true;
    if (this.#events.size >= this.#maxRows) this.#cut += 1;
    else {
      this.#events.set(event.seq, event);
      if (event.seq < (this.#queue.at(-1)?.seq ?? -Infinity)) this.#queueUnsorted = true;
      this.#queue.push(event);
    }
    this.#schedule();
  }

  setRunState(state: RunState): void {
    this.#state = state;
    if (state === "finished" || state === "failed") this.#announceEnd = true;
    this.#schedule();
  }

  /** Calls shown in the table so far (for tests and callers that wait for a flood to settle). */
  get renderedCount(): number {
    return this.#rows.size;
  }

  /** Calls received (listed or cut) and not yet drawn. */
  get pendingCount(): number {
    return this.#queue.length;
  }

  destroy(): void {
    this.#cancelFrame();
    this.#announcer.dispose();
    this.#panel.removeEventListener("toggle", this.#onToggle, true);
    this.#panel.remove();
    this.#events.clear();
    this.#queue = [];
    this.#rows.clear();
  }

  #schedule(): void {
    if (this.#frame === 0) {
      this.#frame = requestAnimationFrame(this.#flush);
    }
  }

  #cancelFrame(): void {
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  readonly #flush = (frameTime: number): void => {
    this.#frame = 0;
    this.#drawQueuedRows(this.#pacer.next(frameTime));
    const drained = this.#queue.length === 0;
    const now = performance.now();
    if (this.#summaryDirty && (drained || now - this.#summaryRenderedAt > SUMMARY_REFRESH_MS)) {
      renderSummary(this.#summary, summarizeTally(this.#tally));
      this.#summaryDirty = false;
      this.#summaryRenderedAt = now;
    }
    this.#showStatus();
    if (drained && this.#announceEnd) {
      this.#announceEnd = false;
      this.#announcer.say(this.#endMessage());
    }
    if (!drained) this.#schedule();
  };

  /** Builds up to `limit` rows, within the frame's time budget; the rest wait for the next frame. */
  #drawQueuedRows(limit: number): void {
    const queue = this.#queue;
    if (queue.length === 0) return;
    if (this.#queueUnsorted) queue.sort((a, b) => a.seq - b.seq);
    this.#queueUnsorted = false;
    const started = performance.now();
    const highlight = queue.length <= HIGHLIGHT_AT_MOST && this.#rows.size > 0;
    let taken = 0;
    const count = Math.min(queue.length, limit);
    while (taken < count) {
      if (
        taken % ROWS_PER_CLOCK_CHECK === 0 &&
        taken > 0 &&
        performance.now() - started > this.#frameBudgetMs
      )
        break;
      const event = queue[taken] as CallEvent;
      taken += 1;
      const call = describeCall(event);
      const row = callRow(call);
      if (highlight) row.classList.add("payi-call--new");
      this.#rows.insert(event.seq, row);
      this.#announcer.call(announceCall(call));
    }
    this.#rows.commit();
    queue.splice(0, taken);
  }

  #endMessage(): string {
    const { totals } = summarizeTally(this.#tally);
    const calls = `${formatTokens(totals.requests)} ${totals.requests === 1 ? "call" : "calls"}`;
    if (this.#state === "failed") return `Run failed after ${calls}.`;
    if (totals.requests === 0) return "Run finished without OpenAI calls.";
    const unpriced =
      totals.unpricedCalls > 0 ? `, plus ${formatTokens(totals.unpricedCalls)} unpriced` : "";
    return `Run finished: ${calls}, ${formatUsd(totals.spendUsd)} spent${unpriced}.`;
  }

  /** Empty state, run state line and the notice about calls left out. */
  #showStatus(): void {
    const hasCalls = this.#rows.size > 0;
    this.#empty.hidden = hasCalls;
    this.#empty.textContent = EMPTY_TEXT[this.#state];
    this.#callsRegion.hidden = !hasCalls;
    this.#summarySection.hidden = !hasCalls;

    const total = this.#seen.size;
    const calls = `${formatTokens(total)} ${total === 1 ? "call" : "calls"}`;
    const state = STATE_WORD[this.#state];
    this.#stateLine.textContent = total === 0 ? state : state ? `${state} · ${calls}` : calls;
    this.#stateLine.dataset["state"] = this.#state;

    this.#cutNotice.hidden = this.#cut === 0;
    if (this.#cut > 0) {
      const cut = `${formatTokens(this.#cut)} later ${this.#cut === 1 ? "call is" : "calls are"}`;
      this.#cutNotice.textContent =
        `Only the first ${formatTokens(this.#maxRows)} calls are listed: ${cut} not shown here ` +
        "but counted in the spend per user below.";
    }
  }

  /** Builds a row's full explanation the first time it is opened. */
  readonly #onToggle = (event: Event): void => {
    const details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.open || details.dataset["filled"])
      return;
    const call = this.#events.get(Number(details.dataset["seq"]));
    if (!call) return;
    details.append(explanationList(describeCall(call)));
    details.dataset["filled"] = "true";
  };
}

/** Renders a live panel into `root` (appended; the caller owns `root`). */
export function createLivePanel(root: HTMLElement, options: LivePanelOptions = {}): LivePanel {
  return new LivePanel(root, options);
}
