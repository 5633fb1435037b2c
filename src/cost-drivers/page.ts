/**
 * The Cost Drivers page: wires the store loader (this browser's calls, live from other tabs), the
 * learner's choices (filters, tab, sorts) and the components that draw them. Redraws are
 * throttled, so a flood of calls elsewhere redraws a few times a second, not once per batch.
 */
import { formatTokens } from "../../shared/calls/format.ts";
import { nextSort } from "./sort.ts";
import { attachTabs } from "./tabs.ts";
import { ChartsView } from "./page/charts.ts";
import { drawCallFilters, drawPageFilters, fillTimeRanges } from "./page/controls.ts";
import { download, exportText, type ExportFormat } from "./page/download.ts";
import { StoreLoader } from "./page/loader.ts";
import { partsOf } from "./page/markup.ts";
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
import { drawTable, shownTable, type ShownTable } from "./page/table-panel.ts";
import { buildView } from "./page/view.ts";

const REDRAW_MS = 200;

export function startCostDrivers(root: HTMLElement): void {
  const part = partsOf(root);
  const filtersForm = part<HTMLFormElement>("filters");
  const callFiltersForm = part<HTMLFormElement>("call-filters");
  let state: PageState = initialState(location.search);
  /** What the page shows now, for export: the current tab's filtered, sorted rows. */
  let shown: ShownTable | undefined;
  const charts = new ChartsView(part, part("dashboard"));

  const notices = () => {
    const { meta, skipped, errors } = loader.snapshot;
    drawNotices(part("notices"), { meta, skipped, errors });
  };

  const draw = () => {
    notices();
    const { calls } = loader.snapshot;
    if (!drawStatus(root, part, calls.length, state.filters.run)) return;
    const view = buildView(calls, state, Date.now());
    drawPageFilters(filtersForm, view.lessons, state);
    drawRun(part, view.run);
    drawFigures(part, view);
    drawCallFilters(callFiltersForm, view.callOptions, state);
    shown = shownTable(view, state);
    const tab = state.tab;
    drawTable(root, shown, tab, (key, numeric, current) => {
      state = withSort(state, tab, nextSort(current, key, numeric));
      draw();
    });
    charts.draw({ ...view.chart, users: view.users });
  };

  let redrawTimer: ReturnType<typeof setTimeout> | undefined;
  let lastDraw = 0;
  const scheduleDraw = () => {
    if (redrawTimer !== undefined) return;
    const wait = Math.max(0, lastDraw + REDRAW_MS - performance.now());
    redrawTimer = setTimeout(() => {
      redrawTimer = undefined;
      lastDraw = performance.now();
      draw();
    }, wait);
  };

  const loader = new StoreLoader({ changed: scheduleDraw, noticesChanged: notices });

  fillTimeRanges(filtersForm);
  filtersForm.addEventListener("change", (event) => {
    const select = event.target as HTMLSelectElement;
    state = withPageFilter(state, select.name, select.value);
    draw();
  });
  callFiltersForm.addEventListener("change", (event) => {
    const select = event.target as HTMLSelectElement;
    state = withCallFilter(state, select.name, select.value);
    draw();
  });
  const panels = [...root.querySelectorAll<HTMLElement>("[role=tabpanel]")];
  attachTabs(part("tablist"), panels, (id) => {
    if (isTab(id)) state = { ...state, tab: id };
    draw();
  });
  root.addEventListener("click", (event) => {
    const action = (event.target as HTMLElement).closest<HTMLElement>("[data-action]")?.dataset[
      "action"
    ];
    if (action === "export-csv") exportShown("csv");
    else if (action === "export-json") exportShown("json");
    else if (action === "clear") void clear();
    else if (action === "dismiss") void loader.dismissNotices();
  });

  const exportShown = (format: ExportFormat) => {
    if (!shown) return;
    const now = new Date();
    download(root, exportText(shown, state, format, now), shown.table.spec.id, format, now);
  };

  const clear = async () => {
    const count = loader.snapshot.calls.length;
    const ok = window.confirm(
      `Delete all ${formatTokens(count)} recorded call${count === 1 ? "" : "s"} from this browser? This cannot be undone.`,
    );
    if (ok) await loader.clear();
  };

  loader.start();
}
