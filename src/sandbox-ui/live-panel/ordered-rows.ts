/**
 * The calls table's rows, kept in `seq` order however calls arrive, in <tbody> groups of at most
 * GROUP_SIZE rows. Groups make a flood cheap: adding rows re-lays out only the last group, and
 * groups off screen skip layout and paint altogether (content-visibility in live-panel.css).
 * Several <tbody> in one table are ordinary HTML: row groups.
 */
import { el } from "../../ui/dom.ts";

const GROUP_SIZE = 25;

/** Index of the first element of sorted `list` greater than `value`. */
export function upperBound(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as number) <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class OrderedRows {
  readonly #table: HTMLTableElement;
  /** Seqs of the rows, ascending, and the rows in the same order. */
  #seqs: number[] = [];
  #rows: HTMLTableRowElement[] = [];
  #groups: HTMLTableSectionElement[] = [];
  /** Rows appended since the last `commit()`, headed for the last group. */
  #tail = document.createDocumentFragment();
  #lastGroupSize = 0;

  constructor(table: HTMLTableElement) {
    this.#table = table;
  }

  get size(): number {
    return this.#rows.length;
  }

  /** Adds `row` in its place by `seq`; appends are buffered until `commit()`. */
  insert(seq: number, row: HTMLTableRowElement): void {
    const last = this.#seqs.at(-1);
    if (last === undefined || seq > last) {
      this.#append(row);
    } else {
      // A call that finished after later ones: rare, so simply put it before its successor.
      this.commit();
      const at = upperBound(this.#seqs, seq);
      const next = this.#rows[at] as HTMLTableRowElement;
      next.before(row);
      this.#seqs.splice(at, 0, seq);
      this.#rows.splice(at, 0, row);
      return;
    }
    this.#seqs.push(seq);
    this.#rows.push(row);
  }

  /** Puts buffered rows into the document. */
  commit(): void {
    if (this.#tail.childNodes.length > 0) this.#groups.at(-1)?.append(this.#tail);
  }

  clear(): void {
    for (const group of this.#groups) group.remove();
    this.#groups = [];
    this.#seqs = [];
    this.#rows = [];
    this.#tail = document.createDocumentFragment();
    this.#lastGroupSize = 0;
  }

  #append(row: HTMLTableRowElement): void {
    if (this.#groups.length === 0 || this.#lastGroupSize >= GROUP_SIZE) {
      this.commit();
      const group = el("tbody", { class: "payi-calls__group" });
      this.#table.append(group);
      this.#groups.push(group);
      this.#lastGroupSize = 0;
    }
    this.#tail.append(row);
    this.#lastGroupSize += 1;
  }
}
