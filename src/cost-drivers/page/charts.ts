/**
 * The two charts and their text alternatives. Observable Plot is loaded on first use (it is most of
 * the page's code, and the tables work without it); the charts are drawn again, with the same
 * numbers, when their width changes.
 */
import { el } from "../../ui/dom.ts";
import type { SpendPoint, UserBar } from "../../ui/spend-charts.ts";
import type { UserRow } from "../aggregate.ts";
import { describeTimeline, describeUserBars } from "../chart-data.ts";
import type * as Charts from "../../ui/spend-charts.ts";
import { messageOf, type Parts } from "./markup.ts";

export interface ChartData {
  bars: UserBar[];
  users: readonly UserRow[];
  points: SpendPoint[];
  pricedCalls: number;
}

export class ChartsView {
  readonly #part: Parts;
  #charts: Promise<typeof Charts> | undefined;
  #width = 0;
  #data: ChartData | undefined;

  constructor(part: Parts, resized: HTMLElement) {
    this.#part = part;
    let frame = 0;
    new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (this.#data && part("chart-users").clientWidth !== this.#width) this.draw(this.#data);
      });
    }).observe(resized);
  }

  draw(data: ChartData): void {
    this.#data = data;
    const part = this.#part;
    const { bars, points } = data;
    part("chart-users-text").textContent = describeUserBars(bars, data.users);
    part("chart-time-text").textContent = describeTimeline(points, data.pricedCalls);
    this.#charts ??= import("../../ui/spend-charts.ts");
    void this.#charts
      .then((charts) => {
        const usersBody = part("chart-users");
        const timeBody = part("chart-time");
        const width = usersBody.clientWidth;
        if (!width) return;
        this.#width = width;
        usersBody.replaceChildren(
          bars.length
            ? charts.userChart(bars, width, {
                label: "cd-chart-users-title",
                text: "cd-chart-users-text",
              })
            : el("p", { class: "cd__none" }, ["No priced calls in this view."]),
        );
        timeBody.replaceChildren(
          points.length
            ? charts.timeChart(points, timeBody.clientWidth || width, {
                label: "cd-chart-time-title",
                text: "cd-chart-time-text",
              })
            : el("p", { class: "cd__none" }, ["No priced calls in this view."]),
        );
      })
      .catch((error: unknown) => {
        this.#charts = undefined;
        for (const which of ["chart-users", "chart-time"])
          part(which).replaceChildren(
            el("p", { class: "cd__none" }, [
              `The chart could not be loaded (${messageOf(error)}); the tables below have the same numbers.`,
            ]),
          );
      });
  }
}
