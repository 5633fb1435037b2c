import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { KeyedRows, PENDING } from "../../../../src/ui/data-table/keyed-rows.ts";

interface Row {
  id: string;
  n: number;
}

const row = (id: string, n = 0): Row => ({ id, n });
const keys = (rows: KeyedRows<Row>) =>
  Array.from({ length: rows.length }, (_, i) => rows.keyAt(i)).join(",");
const byN = (a: Row, b: Row) => a.n - b.n;

describe("KeyedRows", () => {
  test("replace keeps the first row of a key, and tells of each while the old rows are still there", () => {
    const rows = new KeyedRows<Row>((r) => r.id);
    const old = row("b", 1);
    rows.replace([old]);
    const seen: string[] = [];
    const b = row("b", 2);
    rows.replace([row("a"), b, row("a", 9), row("c")], (key, r) => {
      const before = rows.get(key);
      seen.push(`${key}:${r.n}:${before === undefined ? "new" : before === old ? "was old" : "?"}`);
    });
    assert.deepEqual(seen, ["a:0:new", "b:2:was old", "c:0:new"]);
    assert.equal(keys(rows), "a,b,c");
    assert.equal(rows.get("a")!.n, 0, "the first of the two rows keyed a");
    assert.equal(rows.get("b"), b);
    assert.equal(rows.indexOfKey("c"), 2);
    assert.equal(rows.indexOfKey("gone"), -1);
  });

  test("placeholders have keys of their own until their rows arrive", () => {
    const rows = new KeyedRows<Row>((r) => r.id);
    rows.reserve(4);
    assert.equal(rows.length, 4);
    assert.equal(rows.at(1), undefined);
    assert.equal(rows.keyAt(1), `${PENDING}1`);
    assert.equal(rows.indexOfKey(`${PENDING}1`), 1);
    assert.equal(rows.indexOfKey(`${PENDING}4`), -1, "past the end");

    const filled: string[] = [];
    const onFilled = (index: number, key: string) => filled.push(`${index}=${key}`);
    const x = row("x");
    assert.equal(rows.fill(1, [x, row("y")], onFilled), true);
    assert.deepEqual(filled, ["1=x", "2=y"]);
    assert.equal(keys(rows), `${PENDING}0,x,y,${PENDING}3`);
    assert.equal(rows.indexOfKey(`${PENDING}1`), -1, "the placeholder is gone once filled");
    assert.equal(rows.indexOfKey("y"), 2);

    assert.equal(rows.fill(1, [x], onFilled), false, "the same row again changes nothing");
    assert.equal(rows.fill(3, [row("z"), row("past the end")], onFilled), true);
    assert.equal(rows.fill(-1, [row("before the start")], onFilled), false);
    assert.equal(rows.length, 4);
    assert.deepEqual(filled, ["1=x", "2=y", "3=z"]);

    // A filled place given another row forgets the old one's key; no placeholder was filled.
    assert.equal(rows.fill(2, [row("w")], onFilled), true);
    assert.equal(rows.has("y"), false);
    assert.equal(rows.indexOfKey("w"), 2);
    assert.equal(filled.length, 3);

    rows.reserve(2);
    assert.equal(keys(rows), `${PENDING}0,${PENDING}1`);
    assert.equal(rows.has("x"), false);
  });

  test("put appends rows in order, places a late one by the comparator, and moves a replaced one", () => {
    const rows = new KeyedRows<Row>((r) => r.id);
    for (const r of [row("a", 1), row("b", 3), row("c", 5)]) rows.put(r.id, r, byN);
    rows.put("d", row("d", 2), byN);
    assert.equal(keys(rows), "a,d,b,c");
    rows.put("e", row("e", 3), byN);
    assert.equal(keys(rows), "a,d,b,e,c", "after the rows that sort equal");
    const moved = row("a", 4);
    rows.put("a", moved, byN);
    assert.equal(keys(rows), "d,b,e,a,c");
    assert.equal(rows.get("a"), moved);
    assert.equal(rows.length, 5);
    rows.put("f", row("f", -1), undefined);
    assert.equal(keys(rows), "d,b,e,a,c,f", "without a comparator, at the end");
  });

  test("sort orders the rows in place; clear empties them", () => {
    const rows = new KeyedRows<Row>((r) => r.id);
    rows.replace([row("a", 3), row("b", 1), row("c", 2)]);
    rows.sort(byN);
    assert.equal(keys(rows), "b,c,a");
    assert.equal(rows.indexOfKey("a"), 2);
    rows.clear();
    assert.equal(rows.length, 0);
    assert.equal(rows.has("a"), false);
  });
});
