/**
 * Export: hands a file (the text made by export.ts in the data engine) to the browser as a
 * download named for the table and the time.
 */
import { el } from "../../ui/dom.ts";
import type { ExportFormat } from "../data/protocol.ts";
import { exportFileName } from "../export.ts";

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
