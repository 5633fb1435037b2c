/**
 * The data table's rows in order, found by key. A place may hold no row yet: a row held elsewhere
 * (Cost Drivers' worker) and not received, a placeholder with a key of its own. No DOM here; the
 * table (data-table.ts) draws what this holds.
 */
import { insertionPoint, type Compare } from "./columns.ts";

/** Keys of placeholders (rows held elsewhere, not received yet) start with this. */
export const PENDING = "\u0000pending:";

export class KeyedRows<Row> {
  readonly #key: (row: Row) => string;
  /** Every row in order; `undefined` for a row held elsewhere and not received yet. */
  #rows: (Row | undefined)[] = [];
  #byKey = new Map<string, Row>();

  constructor(key: (row: Row) => string) {
    this.#key = key;
  }

  /** Places, placeholders included. */
  get length(): number {
    return this.#rows.length;
  }

  /** The row at `index`; `undefined` for a placeholder (or past the end). */
  at(index: number): Row | undefined {
    return this.#rows[index];
  }

  get(key: string): Row | undefined {
    return this.#byKey.get(key);
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  /** The key of place `index`: its row's, or a placeholder's. */
  keyAt(index: number): string {
    const row = this.#rows[index];
    return row === undefined ? PENDING + index : this.#key(row);
  }

  /** Where the row (or placeholder) of `key` is; -1 when it is not here. */
  indexOfKey(key: string): number {
    if (key.startsWith(PENDING)) {
      const index = Number(key.slice(PENDING.length));
      return index < this.#rows.length && this.#rows[index] === undefined ? index : -1;
    }
    const row = this.#byKey.get(key);
    return row === undefined ? -1 : this.#rows.indexOf(row);
  }

  /**
   * Replaces every row, in this order; of rows with the same key the first is kept. `arriving`
   * sees each row kept while the old rows are still here.
   */
  replace(rows: readonly Row[], arriving?: (key: string, row: Row) => void): void {
    const byKey = new Map<string, Row>();
    for (const row of rows) {
      const key = this.#key(row);
      if (byKey.has(key)) continue;
      byKey.set(key, row);
      arriving?.(key, row);
    }
    this.#byKey = byKey;
    this.#rows = [...byKey.values()];
  }

  /** Makes `count` placeholders the only rows. */
  reserve(count: number): void {
    this.#rows = new Array<Row | undefined>(Math.max(0, count));
    this.#byKey = new Map();
  }

  /**
   * Puts `rows` in place from `start` (places past the end are left alone); true when any was
   * missing or different. `filled` hears of each placeholder that got its row.
   */
  fill(
    start: number,
    rows: readonly Row[],
    filled?: (index: number, key: string) => void,
  ): boolean {
    let changed = false;
    rows.forEach((row, offset) => {
      const index = start + offset;
      if (index < 0 || index >= this.#rows.length) return;
      const old = this.#rows[index];
      if (old === row) return;
      const key = this.#key(row);
      if (old !== undefined) this.#byKey.delete(this.#key(old));
      else filled?.(index, key);
      this.#rows[index] = row;
      this.#byKey.set(key, row);
      changed = true;
    });
    return changed;
  }

  /**
   * Adds `row` under `key`, or replaces the row there, in its place by `compare` (at the end
   * without one). Cheap for the common case of rows arriving in order (a stream of calls).
   */
  put(key: string, row: Row, compare: Compare<Row> | undefined): void {
    const old = this.#byKey.get(key);
    this.#byKey.set(key, row);
    if (old !== undefined) this.#rows.splice(this.#rows.indexOf(old), 1);
    const last = this.#rows.at(-1);
    if (!compare || last === undefined || compare(last, row) <= 0) this.#rows.push(row);
    else this.#rows.splice(insertionPoint(this.#rows as Row[], row, compare), 0, row);
  }

  sort(compare: Compare<Row>): void {
    (this.#rows as Row[]).sort(compare);
  }

  clear(): void {
    this.#rows = [];
    this.#byKey.clear();
  }
}
