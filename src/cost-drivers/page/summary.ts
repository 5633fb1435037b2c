/**
 * The top of the dashboard: the status line, the empty state, the "one run" box and the summary
 * figures. Renders the view it is given.
 */
import { formatTokens, formatUsd } from "../../../shared/calls/format.ts";
import { el } from "../../ui/dom.ts";
import { lessonLabel } from "../filters.ts";
import type { Parts } from "./markup.ts";
import type { DashboardView } from "../data/view.ts";

/**
 * Status line and empty state for `recorded` calls; returns whether the dashboard is shown (a run
 * link shows it even when the run has no calls, to say so).
 */
export function drawStatus(
  root: HTMLElement,
  part: Parts,
  recorded: number,
  runFilter: string | null,
): boolean {
  const empty = recorded === 0;
  root.dataset["state"] = empty ? "empty" : "ready";
  part("empty").hidden = !empty || runFilter !== null;
  part("dashboard").hidden = empty && runFilter === null;
  // Empty: the empty-state box says it (and how to fill the page); no second line saying so.
  part("status").textContent = empty
    ? ""
    : `${formatTokens(recorded)} recorded call${recorded === 1 ? "" : "s"}.`;
  return !part("dashboard").hidden;
}

export function drawRun(part: Parts, run: DashboardView["run"]): void {
  const box = part("run");
  box.hidden = run === null;
  if (run === null) return;
  part("run-text").textContent = run.first
    ? `Showing one run: ${run.id} (${lessonLabel(run.first.lesson)}, ${run.first.sandboxId}, ` +
      `${formatTokens(run.calls)} call${run.calls === 1 ? "" : "s"}). `
    : `Showing one run: ${run.id}. It has no recorded calls (yet, or any more). `;
}

export function drawFigures(part: Parts, view: DashboardView): void {
  const { totals, users } = view;
  const unattributed = users.find((user) => user.unattributed);
  const figure = (label: string, value: string, flag = false) =>
    el("div", { class: flag ? "cd__figure cd__figure--flag" : "cd__figure" }, [
      el("dt", {}, [label]),
      el("dd", {}, [value]),
    ]);
  const spend =
    totals.pricedCalls === 0 && totals.unpricedCalls > 0 ? "unknown" : formatUsd(totals.spendUsd);
  part("figures").replaceChildren(
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
  const unpriced = part("unpriced");
  unpriced.hidden = totals.unpricedCalls === 0;
  unpriced.textContent =
    totals.unpricedCalls === 0
      ? ""
      : `${formatTokens(totals.unpricedCalls)} unpriced call${totals.unpricedCalls === 1 ? "" : "s"} not included: ` +
        "their model has no price, so their cost is unknown (not $0).";
}
