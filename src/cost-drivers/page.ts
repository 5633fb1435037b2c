/**
 * The Cost Drivers page: reads this browser's store, applies the filters, and draws the summary,
 * the charts and the selected table. Live: recorders in other tabs announce each stored batch on
 * the `payi-cost-drivers` channel, and only the new calls are read. Redraws are throttled, so a
 * flood of calls elsewhere redraws a few times a second, not once per batch.
 */
import { formatTokens, formatUsd } from "../../shared/calls/format.ts";
import { el } from "../ui/dom.ts";
import { aggregate, spendOverTime, UNATTRIBUTED, type UserRow } from "./aggregate.ts";
import { describeTimeline, describeUserBars, userBars } from "./chart-data.ts";
import { isCostDriversMessage, openChannel } from "./broadcast.ts";
import {
  clearStore,
  dismissNotices,
  MAX_CALLS,
  readCalls,
  readMeta,
  type StoreMeta,
} from "./db.ts";
import { isRunnerKind } from "../../shared/calls/meta.ts";
import { toCsv } from "../../shared/csv.ts";
import { exportFileName, toJson } from "./export.ts";
import {
  callFilterOptions,
  filterCallList,
  filterCalls,
  filtersFromUrl,
  isTimeRange,
  lessonLabel,
  lessonsIn,
  TIME_RANGES,
  type CallFilters,
  type PageFilters,
} from "./filters.ts";
import type * as Charts from "../ui/spend-charts.ts";
import type { StoredCall } from "./record.ts";
import { nextSort, type SortState } from "./sort.ts";
import { attachTabs } from "./tabs.ts";
import { buildTable, formatTime, TABLES, type TabId, type TableSpec } from "./tables.ts";
import { renderTable } from "./table-view.ts";

/** Rows drawn per table; the rest are counted and exported. */
const MAX_ROWS = 500;
const REDRAW_MS = 200;

export function startCostDrivers(root: HTMLElement): void {
  new CostDriversPage(root).start();
}

function isTab(value: string): value is TabId {
  return Object.hasOwn(TABLES, value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class CostDriversPage {
  readonly #root: HTMLElement;
  #calls: StoredCall[] = [];
  #lastKey = 0;
  #skipped = 0;
  #meta: StoreMeta = { pruned: null, notices: [] };
  #errors: string[] = [];
  #filters: PageFilters;
  #callFilters: CallFilters = {};
  #tab: TabId = "users";
  #sorts = new Map<TabId, SortState>();
  #redrawTimer: ReturnType<typeof setTimeout> | undefined;
  #lastDraw = 0;
  #reading: Promise<void> = Promise.resolve();
  #charts: Promise<typeof Charts> | undefined;
  #chartWidth = 0;
  /** What the page shows now, for export: the current tab's filtered, sorted rows. */
  #view: { spec: TableSpec<never>; rows: unknown[]; unpriced: number } | undefined;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#filters = filtersFromUrl(location.search);
  }

  start(): void {
    const range = this.#part<HTMLFormElement>("filters").elements.namedItem(
      "range",
    ) as HTMLSelectElement;
    range.replaceChildren(
      ...Object.entries(TIME_RANGES).map(([value, { label }]) => el("option", { value }, [label])),
    );
    this.#part("filters").addEventListener("change", (event) => this.#onFilter(event));
    this.#part("call-filters").addEventListener("change", (event) => this.#onCallFilter(event));
    const panels = [...this.#root.querySelectorAll<HTMLElement>("[role=tabpanel]")];
    attachTabs(this.#part("tablist"), panels, (id) => {
      if (isTab(id)) this.#tab = id;
      this.#draw();
    });
    this.#root.addEventListener("click", (event) => {
      const action = (event.target as HTMLElement).closest<HTMLElement>("[data-action]")?.dataset[
        "action"
      ];
      if (action === "export-csv") this.#export("csv");
      else if (action === "export-json") this.#export("json");
      else if (action === "clear") void this.#clear();
      else if (action === "dismiss") void this.#dismiss();
    });

    const channel = openChannel();
    channel?.addEventListener("message", (event: MessageEvent) => {
      const message: unknown = event.data;
      if (!isCostDriversMessage(message)) return;
      if (message.type === "recorded") {
        // Pruned calls are gone from the store: start again rather than keep stale ones.
        void this.#read(message.pruned > 0);
      } else if (message.type === "reset") void this.#read(true);
      else {
        this.#errors = [...this.#errors, message.message].slice(-3);
        this.#drawNotices();
      }
    });
    let resizeFrame = 0;
    new ResizeObserver(() => {
      cancelAnimationFrame(resizeFrame);
      resizeFrame = requestAnimationFrame(() => {
        if (this.#chartBody("users").clientWidth !== this.#chartWidth) this.#drawCharts();
      });
    }).observe(this.#part("dashboard"));
    void this.#read(true);
  }

  /** Reads the store (everything, or only calls newer than the last read), then redraws. */
  #read(fromStart: boolean): Promise<void> {
    this.#reading = this.#reading.then(async () => {
      try {
        const [result, meta] = await Promise.all([
          readCalls(fromStart ? 0 : this.#lastKey),
          readMeta(),
        ]);
        if (fromStart) {
          this.#calls = result.calls;
          this.#skipped = result.skipped;
        } else {
          this.#calls = this.#calls.concat(result.calls);
          this.#skipped += result.skipped;
        }
        this.#lastKey = this.#calls.at(-1)?.key ?? (fromStart ? 0 : this.#lastKey);
        this.#meta = meta;
      } catch (error) {
        this.#errors = [
          `The recorded calls could not be read: ${messageOf(error)}. ` +
            "This browser may block storage for this site (private browsing, or storage disabled).",
        ];
      }
      this.#scheduleDraw();
    });
    return this.#reading;
  }

  #scheduleDraw(): void {
    if (this.#redrawTimer !== undefined) return;
    const wait = Math.max(0, this.#lastDraw + REDRAW_MS - performance.now());
    this.#redrawTimer = setTimeout(() => {
      this.#redrawTimer = undefined;
      this.#lastDraw = performance.now();
      this.#draw();
    }, wait);
  }

  #visibleCalls(): StoredCall[] {
    return filterCalls(this.#calls, this.#filters, Date.now());
  }

  #draw(): void {
    this.#drawNotices();
    const empty = this.#calls.length === 0;
    this.#root.dataset["state"] = empty ? "empty" : "ready";
    this.#part("empty").hidden = !empty || this.#filters.run !== null;
    this.#part("dashboard").hidden = empty && this.#filters.run === null;
    // Empty: the empty-state box says it (and how to fill the page); no second line saying so.
    this.#part("status").textContent = empty
      ? ""
      : `${formatTokens(this.#calls.length)} recorded call${this.#calls.length === 1 ? "" : "s"}.`;
    if (this.#part("dashboard").hidden) return;

    this.#drawFilters();
    const calls = this.#visibleCalls();
    this.#drawRun(calls);
    const figures = aggregate(calls);
    this.#drawFigures(figures.totals, figures.users);
    this.#drawCallFilterOptions(calls);
    this.#drawTable(calls);
    this.#drawCharts(calls, figures.users);
  }

  #drawFilters(): void {
    const form = this.#part<HTMLFormElement>("filters");
    const lesson = form.elements.namedItem("lesson") as HTMLSelectElement;
    const lessons = lessonsIn(this.#calls);
    const wanted = this.#filters.lesson;
    if (wanted && !lessons.includes(wanted)) lessons.push(wanted);
    const options = [
      el("option", { value: "" }, ["All lessons"]),
      ...lessons.map((slug) => el("option", { value: slug }, [lessonLabel(slug)])),
    ];
    // Rebuilt only when the set of lessons changed, so an open menu is not disturbed.
    const key = lessons.join("|");
    if (lesson.dataset["options"] !== key) {
      lesson.replaceChildren(...options);
      lesson.dataset["options"] = key;
    }
    lesson.value = wanted ?? "";
    (form.elements.namedItem("range") as HTMLSelectElement).value = this.#filters.range;
  }

  #drawRun(calls: StoredCall[]): void {
    const box = this.#part("run");
    const run = this.#filters.run;
    box.hidden = run === null;
    if (run === null) return;
    const first = calls[0];
    this.#part("run-text").textContent = first
      ? `Showing one run: ${run} (${lessonLabel(first.lesson)}, ${first.sandboxId}, ` +
        `${formatTokens(calls.length)} call${calls.length === 1 ? "" : "s"}). `
      : `Showing one run: ${run}. It has no recorded calls (yet, or any more). `;
  }

  #drawFigures(totals: ReturnType<typeof aggregate>["totals"], users: UserRow[]): void {
    const unattributed = users.find((user) => user.unattributed);
    const figure = (label: string, value: string, flag = false) =>
      el("div", { class: flag ? "cd__figure cd__figure--flag" : "cd__figure" }, [
        el("dt", {}, [label]),
        el("dd", {}, [value]),
      ]);
    const spend =
      totals.pricedCalls === 0 && totals.unpricedCalls > 0 ? "unknown" : formatUsd(totals.spendUsd);
    this.#part("figures").replaceChildren(
      figure("Spend", spend),
      figure("Requests", formatTokens(totals.requests)),
      figure("Users", formatTokens(totals.users)),
      figure(
        "Unattributed",
        unattributed
          ? `${formatTokens(unattributed.requests)} call${unattributed.requests === 1 ? "" : "s"}, ${formatUsd(unattributed.spendUsd)}`
          : "none",
        Boolean(unattributed),
      ),
      figure("Runs", formatTokens(totals.runs)),
    );
    const unpriced = this.#part("unpriced");
    unpriced.hidden = totals.unpricedCalls === 0;
    unpriced.textContent =
      totals.unpricedCalls === 0
        ? ""
        : `${formatTokens(totals.unpricedCalls)} unpriced call${totals.unpricedCalls === 1 ? "" : "s"} not included: ` +
          "their model has no price, so their cost is unknown (not $0).";
  }

  #drawCallFilterOptions(calls: StoredCall[]): void {
    const form = this.#part<HTMLFormElement>("call-filters");
    const options = callFilterOptions(calls);
    const fill = (
      name: string,
      values: (string | null)[],
      current: string | null | undefined,
      noneLabel: string,
    ) => {
      const select = form.elements.namedItem(name) as HTMLSelectElement;
      const key = values.map(String).join("|");
      if (select.dataset["options"] !== key) {
        select.replaceChildren(
          el("option", { value: "*" }, ["All"]),
          ...values.map((value) =>
            el("option", { value: value === null ? "" : `=${value}` }, [value ?? noneLabel]),
          ),
        );
        select.dataset["options"] = key;
      }
      select.value = current === undefined ? "*" : current === null ? "" : `=${current}`;
    };
    fill("user", options.users, this.#callFilters.user, UNATTRIBUTED);
    fill("useCase", options.useCases, this.#callFilters.useCase, "(no use case)");
    fill("runner", options.runners, this.#callFilters.runner, "");
  }

  #currentTable(calls: StoredCall[]) {
    const spec = TABLES[this.#tab] as TableSpec<unknown>;
    const rows = this.#tab === "calls" ? filterCallList(calls, this.#callFilters) : calls;
    return {
      table: buildTable(spec, rows as StoredCall[], this.#sorts.get(this.#tab)),
      calls: rows,
    };
  }

  #drawTable(calls: StoredCall[]): void {
    const { table, calls: inView } = this.#currentTable(calls);
    this.#view = {
      spec: table.spec as TableSpec<never>,
      rows: table.rows,
      unpriced: inView.filter((call) => call.event.cost.status === "unpriced").length,
    };
    const host = this.#root.querySelector<HTMLElement>(
      `[data-panel="${this.#tab}"] [data-role=table]`,
    );
    if (!host) return;
    renderTable(host, table, {
      maxRows: MAX_ROWS,
      emptyText:
        this.#tab === "limits"
          ? "No call in this view reported a limit. Limits appear once a program sets limitIds (Day 5)."
          : "No calls match these filters.",
      onSort: (key, numeric) => {
        this.#sorts.set(this.#tab, nextSort(table.sort, key, numeric));
        this.#draw();
      },
    });
  }

  #chartBody(which: "users" | "time"): HTMLElement {
    return this.#part(`chart-${which}`);
  }

  #drawCharts(calls = this.#visibleCalls(), users = aggregate(calls).users): void {
    const bars = userBars(users);
    const points = spendOverTime(calls);
    this.#part("chart-users-text").textContent = describeUserBars(bars, users);
    this.#part("chart-time-text").textContent = describeTimeline(
      points,
      calls.filter((call) => call.event.cost.status === "priced").length,
    );
    this.#charts ??= import("../ui/spend-charts.ts");
    void this.#charts
      .then((charts) => {
        const usersBody = this.#chartBody("users");
        const timeBody = this.#chartBody("time");
        const width = usersBody.clientWidth;
        if (!width) return;
        this.#chartWidth = width;
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
        for (const which of ["users", "time"] as const)
          this.#chartBody(which).replaceChildren(
            el("p", { class: "cd__none" }, [
              `The chart could not be loaded (${messageOf(error)}); the tables below have the same numbers.`,
            ]),
          );
      });
  }

  #drawNotices(): void {
    const items: HTMLElement[] = [];
    const { pruned, notices } = this.#meta;
    if (pruned)
      items.push(
        el("p", { class: "cd__notice" }, [
          `Storage limit: this page keeps the newest ${formatTokens(MAX_CALLS)} calls. ` +
            `${formatTokens(pruned.total)} older call${pruned.total === 1 ? " was" : "s were"} removed ` +
            `(last on ${formatTime(Date.parse(pruned.lastAt))}), so totals cover the calls kept.`,
        ]),
      );
    if (this.#skipped)
      items.push(
        el("p", { class: "cd__notice" }, [
          `${formatTokens(this.#skipped)} stored record${this.#skipped === 1 ? " is" : "s are"} not ` +
            "readable by this version of the page and are left out.",
        ]),
      );
    for (const notice of notices)
      items.push(
        el("p", { class: "cd__notice", "data-kind": "warning" }, [
          notice.text,
          " ",
          el("button", { type: "button", class: "cd__link-button", "data-action": "dismiss" }, [
            "Dismiss",
          ]),
        ]),
      );
    for (const error of this.#errors)
      items.push(el("p", { class: "cd__notice", "data-kind": "error", role: "alert" }, [error]));
    this.#part("notices").replaceChildren(...items);
  }

  #onFilter(event: Event): void {
    const select = event.target as HTMLSelectElement;
    if (select.name === "lesson")
      this.#filters = { ...this.#filters, lesson: select.value || null };
    else if (select.name === "range" && isTimeRange(select.value))
      this.#filters = { ...this.#filters, range: select.value };
    this.#draw();
  }

  #onCallFilter(event: Event): void {
    const select = event.target as HTMLSelectElement;
    const value =
      select.value === "*" ? undefined : select.value === "" ? null : select.value.slice(1);
    if (select.name === "user") this.#callFilters = { ...this.#callFilters, user: value };
    else if (select.name === "useCase")
      this.#callFilters = { ...this.#callFilters, useCase: value };
    else if (select.name === "runner")
      this.#callFilters = {
        ...this.#callFilters,
        runner: isRunnerKind(value) ? value : undefined,
      };
    this.#draw();
  }

  #export(format: "csv" | "json"): void {
    const view = this.#view;
    if (!view) return;
    const now = new Date();
    const text =
      format === "csv"
        ? toCsv(view.spec.columns, view.rows as never[])
        : toJson(
            {
              view: view.spec.id,
              exportedAt: now.toISOString(),
              filters: {
                lesson: this.#filters.lesson,
                range: this.#filters.range,
                run: this.#filters.run,
                ...(this.#tab === "calls"
                  ? {
                      user: filterText(this.#callFilters.user, UNATTRIBUTED),
                      useCase: filterText(this.#callFilters.useCase, "no use case"),
                      runner: this.#callFilters.runner ?? null,
                    }
                  : {}),
              },
              unpricedCalls: view.unpriced,
            },
            view.spec.columns,
            view.rows as never[],
          );
    const blob = new Blob([text], {
      type: format === "csv" ? "text/csv;charset=utf-8" : "application/json",
    });
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: exportFileName(view.spec.id, format, now) });
    link.hidden = true;
    this.#root.append(link);
    link.click();
    link.remove();
    // Revoked later: some browsers read the URL after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async #clear(): Promise<void> {
    const count = this.#calls.length;
    const ok = window.confirm(
      `Delete all ${formatTokens(count)} recorded call${count === 1 ? "" : "s"} from this browser? This cannot be undone.`,
    );
    if (!ok) return;
    try {
      await clearStore();
      this.#errors = [];
      const channel = openChannel();
      channel?.postMessage({ type: "reset" });
      channel?.close();
    } catch (error) {
      this.#errors = [`The data could not be cleared: ${messageOf(error)}.`];
    }
    await this.#read(true);
  }

  async #dismiss(): Promise<void> {
    try {
      await dismissNotices();
    } catch {
      // Nothing to do: the notice comes back on the next visit.
    }
    this.#meta = { ...this.#meta, notices: [] };
    this.#drawNotices();
  }

  #part<T extends HTMLElement = HTMLElement>(role: string): T {
    const element = this.#root.querySelector<T>(`[data-role="${role}"]`);
    if (!element) throw new Error(`Cost Drivers markup has no [data-role="${role}"]`);
    return element;
  }
}

function filterText(value: string | null | undefined, none: string): string | null {
  return value === undefined ? null : value === null ? `(${none})` : value;
}
