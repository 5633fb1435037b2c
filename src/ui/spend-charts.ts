/**
 * The two charts (spend per user, spend over time), drawn as SVG with Observable Plot. Loaded on
 * demand by page.ts: Plot is most of the page's code, and the tables work without it. Each SVG is
 * an image named by its figure caption and described by a text version of the same numbers.
 */
import * as Plot from "@observablehq/plot";
import { formatUsd, usdAxis } from "../../shared/calls/format.ts";

/** One bar of the spend-per-user chart. */
export interface UserBar {
  label: string;
  spendUsd: number;
  /** The unattributed bucket, or the "other users" bar. */
  kind: "user" | "unattributed" | "others";
}

/** One point of the spend-over-time chart. */
export interface SpendPoint {
  time: number;
  /** Priced spend of all calls up to and including this one. */
  cumulativeUsd: number;
}

const COLOURS = {
  user: "var(--sl-color-accent)",
  unattributed: "var(--sl-color-orange)",
  others: "var(--sl-color-gray-4)",
};

const STYLE = { background: "transparent", fontSize: "12px", overflow: "visible" };

function label(svg: Element, labelId: string, textId: string): Element {
  // The SVG is one image described in words; Plot's per-mark labels would be read by nobody
  // (an image's content is presentational) and are not allowed on plain groups.
  for (const part of svg.querySelectorAll("[aria-label], [aria-description]")) {
    part.removeAttribute("aria-label");
    part.removeAttribute("aria-description");
  }
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", labelId);
  svg.setAttribute("aria-describedby", textId);
  return svg;
}

function shorten(text: string, max = 18): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function userChart(
  bars: UserBar[],
  width: number,
  ids: { label: string; text: string },
): Element {
  const longest = Math.max(...bars.map((bar) => shorten(bar.label).length), 4);
  // Round ticks whose labels share one number of decimals: tiny amounts stay readable.
  const axis = usdAxis(Math.max(...bars.map((bar) => bar.spendUsd), 0), width < 500 ? 2 : 4);
  const svg = Plot.plot({
    width,
    // At least as tall as the time chart beside it; bars never thicker than about 32 px.
    height: Math.max(200, 40 + bars.length * 32),
    marginLeft: Math.min(150, 16 + longest * 7.5),
    marginRight: 84,
    style: STYLE,
    x: {
      domain: [0, axis.top],
      ticks: axis.ticks,
      tickFormat: axis.format,
      label: null,
      grid: true,
    },
    y: { domain: bars.map((bar) => bar.label), tickFormat: (d: string) => shorten(d), label: null },
    marks: [
      Plot.barX(bars, { x: "spendUsd", y: "label", fill: (bar: UserBar) => COLOURS[bar.kind] }),
      Plot.text(bars, {
        x: "spendUsd",
        y: "label",
        text: (bar: UserBar) => formatUsd(bar.spendUsd),
        textAnchor: "start",
        dx: 4,
        fill: "currentColor",
      }),
      Plot.ruleX([0]),
    ],
  });
  return label(svg, ids.label, ids.text);
}

export function timeChart(
  points: SpendPoint[],
  width: number,
  ids: { label: string; text: string },
): Element {
  const data = points.map((point) => ({ time: new Date(point.time), usd: point.cumulativeUsd }));
  const axis = usdAxis(Math.max(...data.map((point) => point.usd), 0), 4);
  const svg = Plot.plot({
    width,
    height: 200,
    marginLeft: 78,
    marginRight: 16,
    style: STYLE,
    x: { type: "time", label: null, ticks: width < 500 ? 3 : 6 },
    y: {
      domain: [0, axis.top],
      ticks: axis.ticks,
      tickFormat: axis.format,
      label: null,
      grid: true,
    },
    marks: [
      Plot.lineY(data, {
        x: "time",
        y: "usd",
        curve: "step-after",
        stroke: COLOURS.user,
        strokeWidth: 2,
      }),
      // Dots make a handful of calls visible (a line needs two points).
      data.length <= 60 ? Plot.dot(data, { x: "time", y: "usd", fill: COLOURS.user, r: 3 }) : null,
    ],
  });
  return label(svg, ids.label, ids.text);
}
