/**
 * The current view as a file: CSV for spreadsheets, JSON for programs. Pure (the download itself
 * is page/download.ts's). Values are the raw numbers behind the table (full-precision USD, ISO
 * times), not the rounded text on screen, so sums made from an export match the dashboard.
 */
import { fileStamp, toCsv, type CsvColumn } from "../../shared/csv.ts";
import { UNATTRIBUTED } from "./aggregate.ts";
import type { CallFilters, PageFilters } from "./filters.ts";

export interface ExportContext {
  /** Which table ("users", "use-cases", "limits", "calls"). */
  view: string;
  exportedAt: string;
  filters: Record<string, string | null>;
  /** Calls in the view whose cost is unknown: not included in any spend figure. */
  unpricedCalls: number;
}

export function toJson<Row>(
  context: ExportContext,
  columns: readonly CsvColumn<Row>[],
  rows: readonly Row[],
): string {
  const records = rows.map((row) =>
    Object.fromEntries(columns.map((column) => [column.key, column.value(row)])),
  );
  return `${JSON.stringify({ ...context, rows: records }, null, 2)}\n`;
}

/** "cost-drivers-users-2026-11-27T07-21-51.csv". */
export function exportFileName(view: string, extension: "csv" | "json", at: Date): string {
  return `cost-drivers-${view}-${fileStamp(at)}.${extension}`;
}

export interface ExportRequest<Row> {
  format: "csv" | "json";
  view: string;
  columns: readonly CsvColumn<Row>[];
  rows: readonly Row[];
  filters: PageFilters;
  /** The Calls tab's own filters; only its exports name them. */
  callFilters: CallFilters | null;
  unpricedCalls: number;
  exportedAt: string;
}

/** The file for one table: CSV, or JSON that also says which view and filters it holds. */
export function exportText<Row>(request: ExportRequest<Row>): string {
  const { columns, rows, filters, callFilters } = request;
  if (request.format === "csv") return toCsv(columns, rows);
  return toJson(
    {
      view: request.view,
      exportedAt: request.exportedAt,
      filters: {
        lesson: filters.lesson,
        range: filters.range,
        run: filters.run,
        ...(callFilters
          ? {
              user: filterText(callFilters.user, UNATTRIBUTED),
              useCase: filterText(callFilters.useCase, "no use case"),
              runner: callFilters.runner ?? null,
            }
          : {}),
      },
      unpricedCalls: request.unpricedCalls,
    },
    columns,
    rows,
  );
}

function filterText(value: string | null | undefined, none: string): string | null {
  return value === undefined ? null : value === null ? `(${none})` : value;
}
