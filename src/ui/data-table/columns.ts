/**
 * The data table's column model: what a column is, the order and grid tracks the columns take,
 * how a cell shows its value, and how rows sort by a column. It holds no table state; the table
 * (data-table.ts) keeps the rows and draws them.
 */
import { el } from "../dom.ts";

/** What a cell shows: text, nodes built for it, or text with a second line. */
export type CellValue =
  | string
  | Node
  | null
  | {
      text: string;
      /** A second, smaller line (an id, an explanation). */
      sub?: string;
      tone?: "flag" | "muted" | "bad";
      /** Full text on hover when `text` is shortened (put it in the details too). */
      title?: string;
    };

export type SortDirection = "ascending" | "descending";
export interface SortState {
  key: string;
  direction: SortDirection;
}

export interface DataColumn<Row> {
  key: string;
  /** The header as shown. */
  header: string;
  /** Said instead of `header` when that is a symbol ("#" is "Call"). */
  headerLabel?: string;
  cell(row: Row): CellValue;
  /** Makes the header a sort button; `null` sorts last. */
  sortValue?(row: Row): number | string | null;
  /** A sort button without `sortValue`: for a table whose owner sorts (`sortsExternally`). */
  sortable?: boolean;
  /** Grid track, e.g. "minmax(6rem, 1fr)" (default "minmax(0, 1fr)"). */
  width?: string;
  numeric?: boolean;
  /**
   * "always" (default): a column at every width. "wide": a column from 37.5rem, in the row's
   * details below that (unless emphasised). "details": only in the details.
   */
  placement?: "always" | "wide" | "details";
  /** The cell that names the row (a row header), e.g. the user id. */
  rowHeader?: boolean;
}

/** A row comparator: negative when `a` goes first. */
export type Compare<Row> = (a: Row, b: Row) => number;

/** Columns in display order: the emphasised "wide" ones first among the "wide" ones, and kept. */
export function arrangeColumns<Row>(
  columns: readonly DataColumn<Row>[],
  emphasis: readonly string[],
): DataColumn<Row>[] {
  const wide = columns.filter((column) => column.placement === "wide");
  const emphasised = emphasis
    .map((key) => wide.find((column) => column.key === key))
    .filter((column): column is DataColumn<Row> => column !== undefined)
    .map((column) => ({ ...column, placement: "always" as const }));
  const rest = wide.filter((column) => !emphasis.includes(column.key));
  const reordered = [...emphasised, ...rest];
  let slot = 0;
  return columns.map((column) => (column.placement === "wide" ? reordered[slot++]! : column));
}

/** The CSS grid tracks of `columns`, e.g. "minmax(0, 1fr) 6rem". */
export function gridTrack<Row>(columns: readonly DataColumn<Row>[]): string {
  return columns.map((column) => column.width ?? "minmax(0, 1fr)").join(" ");
}

/** The classes of a column's cells, its header's included. */
export function cellClass<Row>(column: DataColumn<Row>): string {
  return `payi-dt__cell payi-dt__cell--${column.key}${column.numeric ? " payi-dt__num" : ""}`;
}

/** Appends what `value` shows to `cell` (a grid cell or a details entry). */
export function fillCell(cell: HTMLElement, value: CellValue): void {
  if (value === null) return;
  if (typeof value === "string") cell.append(value);
  else if (value instanceof Node) cell.append(value);
  else {
    cell.append(el("span", { class: "payi-dt__main" }, [value.text]));
    if (value.sub) cell.append(el("span", { class: "payi-dt__sub" }, [value.sub]));
    if (value.tone) cell.dataset["tone"] = value.tone;
    if (value.title) cell.title = value.title;
  }
}

/** A header click: the sorted column flips, another starts largest-first if numeric. */
export function nextSort<Row>(current: SortState | undefined, column: DataColumn<Row>): SortState {
  const direction: SortDirection =
    current?.key === column.key
      ? current.direction === "ascending"
        ? "descending"
        : "ascending"
      : column.numeric
        ? "descending"
        : "ascending";
  return { key: column.key, direction };
}

/**
 * The order of rows: by the sorted column's `sortValue` (`null` last in both directions, ties
 * by `order`), or by `order` alone; `undefined` when nothing orders them.
 */
export function rowComparator<Row>(
  columns: readonly DataColumn<Row>[],
  sort: SortState | undefined,
  order: Compare<Row> | undefined,
): Compare<Row> | undefined {
  const column = sort && columns.find((c) => c.key === sort.key);
  if (!column?.sortValue) return order;
  const value = column.sortValue.bind(column);
  const sign = sort?.direction === "descending" ? -1 : 1;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return order ? order(a, b) : 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  };
}

/** Index of the first of the sorted `rows` that sorts after `row` (binary search). */
export function insertionPoint<Row>(rows: readonly Row[], row: Row, compare: Compare<Row>): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(rows[mid] as Row, row) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
