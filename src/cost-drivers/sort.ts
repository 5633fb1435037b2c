/**
 * Sorting table rows by one column. Pure. Empty values (`null`: no user, unknown cost) always go
 * last, whichever the direction, so flipping the order never buries the rows that have a value.
 */
import type { CellValue } from "../../shared/csv.ts";

export type SortDirection = "ascending" | "descending";

export interface SortState {
  key: string;
  direction: SortDirection;
}

const TEXT = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

export function compareValues(a: CellValue, b: CellValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return TEXT.compare(String(a), String(b));
}

function isEmpty(value: CellValue): boolean {
  return value === null || (typeof value === "number" && Number.isNaN(value));
}

/** A sorted copy; rows that compare equal keep their order (stable). */
export function sortRows<Row>(
  rows: readonly Row[],
  value: (row: Row) => CellValue,
  direction: SortDirection,
): Row[] {
  const sign = direction === "ascending" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: value(row) }))
    .sort((a, b) => {
      const aEmpty = isEmpty(a.value);
      const bEmpty = isEmpty(b.value);
      if (aEmpty || bEmpty) return aEmpty === bEmpty ? a.index - b.index : aEmpty ? 1 : -1;
      return sign * compareValues(a.value, b.value) || a.index - b.index;
    })
    .map((entry) => entry.row);
}

/** Clicking a header: the same column flips, a new one starts in its natural direction. */
export function nextSort(current: SortState, key: string, numeric: boolean): SortState {
  if (current.key === key)
    return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  // Numbers read best largest first (who spent most); text alphabetically.
  return { key, direction: numeric ? "descending" : "ascending" };
}
