/**
 * Export: the table shown, with the filters in force, as a CSV or JSON file the browser downloads.
 * The text is made by export.ts and shared/csv.ts; this module only names the filters and hands
 * the file to the browser.
 */
import { toCsv } from "../../../shared/csv.ts";
import { el } from "../../ui/dom.ts";
import { UNATTRIBUTED } from "../aggregate.ts";
import { exportFileName, toJson } from "../export.ts";
import type { PageState } from "./state.ts";
import type { ShownTable } from "./table-panel.ts";

export type ExportFormat = "csv" | "json";

export function exportText(
  shown: ShownTable,
  state: PageState,
  format: ExportFormat,
  now: Date,
): string {
  const { spec, rows } = shown.table;
  if (format === "csv") return toCsv(spec.columns, rows);
  const { filters, callFilters } = state;
  return toJson(
    {
      view: spec.id,
      exportedAt: now.toISOString(),
      filters: {
        lesson: filters.lesson,
        range: filters.range,
        run: filters.run,
        ...(state.tab === "calls"
          ? {
              user: filterText(callFilters.user, UNATTRIBUTED),
              useCase: filterText(callFilters.useCase, "no use case"),
              runner: callFilters.runner ?? null,
            }
          : {}),
      },
      unpricedCalls: shown.unpriced,
    },
    spec.columns,
    rows,
  );
}

function filterText(value: string | null | undefined, none: string): string | null {
  return value === undefined ? null : value === null ? `(${none})` : value;
}

/** Hands `text` to the browser as a download named for the table and the time. */
export function download(
  root: HTMLElement,
  text: string,
  view: string,
  format: ExportFormat,
  now: Date,
): void {
  const blob = new Blob([text], {
    type: format === "csv" ? "text/csv;charset=utf-8" : "application/json",
  });
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: exportFileName(view, format, now) });
  link.hidden = true;
  root.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
