/**
 * The Cost Drivers page: wires the data engine (this browser's calls, read and added up in a
 * worker, live from other tabs), the learner's choices (filters, tab, sorts) and the components
 * that draw them. Every snapshot from the engine holds all four tabs, so switching tabs or
 * sorting a small table redraws at once; a filter or the Calls tab's sort asks the engine again.
 */
import { formatTokens } from "../../shared/calls/format.ts";
import { startData } from "./data/client.ts";
import type { ExportFormat, Snapshot } from "./data/protocol.ts";
import type { ViewChoices } from "./data/view.ts";
import { attachTabs } from "./tabs.ts";
import { ChartsView } from "./page/charts.ts";
import { drawCallFilters, drawPageFilters, fillTimeRanges } from "./page/controls.ts";
import { download } from "./page/download.ts";
import { messageOf, partsOf } from "./page/markup.ts";
import { drawNotices } from "./page/notices.ts";
import {
  initialState,
  isTab,
  withCallFilter,
  withPageFilter,
  withSort,
  type PageState,
} from "./page/state.ts";
import { drawFigures, drawRun, drawStatus } from "./page/summary.ts";
import { TablePanels } from "./page/table-panel.ts";

function choicesOf(state: PageState): ViewChoices {
  return { filters: state.filters, callFilters: state.callFilters, sorts: state.sorts };
}

export function startCostDrivers(root: HTMLElement): void {
  const part = partsOf(root);
  const filtersForm = part<HTMLFormElement>("filters");
  const callFiltersForm = part<HTMLFormElement>("call-filters");
  let state: PageState = initialState(location.search);
  let snapshot: Snapshot | undefined;
  /** Problems of this page itself (an export that failed), after the engine's. */
  let pageErrors: string[] = [];
  const charts = new ChartsView(part, part("dashboard"));
  let chartsDrawnFor = -1;
  const panels = new TablePanels(
    root,
    (tab, sort) => {
      const sorted = withSort(state, tab, sort);
      // The small tables sort here; the Calls tab's order comes from the engine.
      if (tab === "calls") choose(sorted);
      else {
        state = sorted;
        draw();
      }
    },
    (view, from, to) => data.showCalls(view, from, to),
  );

  const notices = () => {
    if (!snapshot) return;
    const { meta, skipped, errors } = snapshot;
    drawNotices(part("notices"), { meta, skipped, errors: [...errors, ...pageErrors] });
  };

  const draw = () => {
    if (!snapshot) return;
    notices();
    if (!snapshot.loaded) {
      const { progress } = snapshot;
      if (progress)
        part("status").textContent =
          `Reading your calls: ${formatTokens(progress.read)} of ${formatTokens(progress.total)}…`;
      return;
    }
    if (!drawStatus(root, part, snapshot.recorded, state.filters.run)) return;
    const view = snapshot.view;
    if (!view) return;
    drawPageFilters(filtersForm, view.lessons, state);
    drawRun(part, view.run);
    drawFigures(part, view);
    drawCallFilters(callFiltersForm, view.callOptions, state);
    panels.show(view, state);
    // Later snapshots of one computation add the charts' points, then the Calls tab's rows.
    if (view.chart && view.id !== chartsDrawnFor) {
      chartsDrawnFor = view.id;
      charts.draw({ ...view.chart, users: view.users });
    }
  };

  const data = startData(
    choicesOf(state),
    (next) => {
      snapshot = next;
      draw();
    },
    (rows) => panels.rows(rows),
  );
  const choose = (next: PageState) => {
    state = next;
    draw();
    data.choose(choicesOf(state));
  };

  fillTimeRanges(filtersForm);
  filtersForm.addEventListener("change", (event) => {
    const select = event.target as HTMLSelectElement;
    choose(withPageFilter(state, select.name, select.value));
  });
  callFiltersForm.addEventListener("change", (event) => {
    const select = event.target as HTMLSelectElement;
    choose(withCallFilter(state, select.name, select.value));
  });
  attachTabs(part("tablist"), [...root.querySelectorAll<HTMLElement>("[role=tabpanel]")], (id) => {
    if (isTab(id)) state = { ...state, tab: id };
    if (snapshot?.view) panels.show(snapshot.view, state);
  });
  root.addEventListener("click", (event) => {
    const action = (event.target as HTMLElement).closest<HTMLElement>("[data-action]")?.dataset[
      "action"
    ];
    if (action === "export-csv") void exportShown("csv");
    else if (action === "export-json") void exportShown("json");
    else if (action === "clear") clear();
    else if (action === "dismiss") data.dismissNotices();
  });

  const exportShown = async (format: ExportFormat) => {
    if (!snapshot?.view) return;
    const now = new Date();
    const tab = state.tab;
    try {
      const text = await data.exportTable(format, tab, choicesOf(state), now);
      pageErrors = [];
      download(root, text, tab, format, now);
    } catch (error) {
      pageErrors = [`The export could not be made: ${messageOf(error)}.`];
    }
    notices();
  };

  const clear = () => {
    const count = snapshot?.recorded ?? 0;
    const ok = window.confirm(
      `Delete all ${formatTokens(count)} recorded call${count === 1 ? "" : "s"} from this browser? This cannot be undone.`,
    );
    if (ok) data.clear();
  };
}
