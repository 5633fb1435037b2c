/**
 * The "spend per attendee" chart: the heaviest part of the page (Observable Plot, loaded on
 * demand), so it is redrawn at most once a second, and only when its bars, its width or the
 * number of attendees changed. The bars themselves are worked out in attendee-bars.ts.
 */
import type * as Charts from "../../ui/spend-charts.ts";
import type { AttendeeRow } from "../../../shared/workshop/protocol.ts";
import { el } from "../../ui/dom.ts";
import { attendeeChart, describeAttendeeChart, describeRest } from "./attendee-bars.ts";
import { messageOf, type Markup } from "./markup.ts";

const CHART_INTERVAL_MS = 1_000;
/** The dashboard's normal font size (px): projector mode scales the chart by its own over this. */
const NORMAL_FONT_PX = 14;

export class ChartView {
  readonly #markup: Markup;
  /** The attendees to chart; null while the room is not known yet. */
  readonly #rows: () => readonly AttendeeRow[] | null;
  #charts: Promise<typeof Charts> | undefined;
  /** What the chart shows now (width, bars, attendees), to skip redraws that change nothing. */
  #shown = "";
  #drawnAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(markup: Markup, rows: () => readonly AttendeeRow[] | null) {
    this.#markup = markup;
    this.#rows = rows;
    let resizeFrame = 0;
    new ResizeObserver(() => {
      cancelAnimationFrame(resizeFrame);
      resizeFrame = requestAnimationFrame(() => this.draw());
    }).observe(markup.part("chart"));
  }

  /** Draws soon: at once when the last draw is a second old, else a second after it. */
  schedule(): void {
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#drawnAt + CHART_INTERVAL_MS - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#drawnAt = performance.now();
      this.draw();
    }, wait);
  }

  /** Drops a pending draw (the room is closed). */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Another room: its chart starts empty. */
  clear(): void {
    this.#shown = "";
    this.#markup.part("chart").replaceChildren();
    this.#markup.part("chart-note").hidden = true;
  }

  draw(): void {
    const { part } = this.#markup;
    const rows = this.#rows();
    if (rows === null) return;
    const chart = attendeeChart(rows);
    const { bars } = chart;
    const body = part("chart");
    const width = Math.round(body.clientWidth / this.#scale());
    const shown = `${width}|${JSON.stringify(chart)}|${rows.length}`;
    if (!width || shown === this.#shown) return;
    this.#shown = shown;
    part("chart-text").textContent = describeAttendeeChart(chart, rows);
    const note = part("chart-note");
    note.textContent = describeRest(chart.rest);
    note.hidden = !chart.rest;
    if (!bars.length) {
      body.replaceChildren(
        el("p", { class: "wd__none" }, [
          rows.length
            ? "No priced calls yet: each attendee's bar appears with their first priced call."
            : "No attendees yet.",
        ]),
      );
      return;
    }
    this.#charts ??= import("../../ui/spend-charts.ts");
    void this.#charts
      .then((charts) => {
        if (this.#shown !== shown) return;
        body.replaceChildren(
          charts.userChart(bars, width, { label: "wd-chart-title", text: "wd-chart-text" }),
        );
      })
      .catch((error: unknown) => {
        this.#charts = undefined;
        this.#shown = "";
        body.replaceChildren(
          el("p", { class: "wd__none" }, [
            `The chart could not be loaded (${messageOf(error)}); the attendees table has the same numbers.`,
          ]),
        );
      });
  }

  /** The chart is drawn narrower and scaled up with the text around it in projector mode. */
  #scale(): number {
    const size = parseFloat(getComputedStyle(this.#markup.root).fontSize) || NORMAL_FONT_PX;
    return Math.min(2, Math.max(1, size / NORMAL_FONT_PX));
  }
}
