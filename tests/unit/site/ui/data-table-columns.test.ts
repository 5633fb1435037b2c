import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  arrangeColumns,
  cellClass,
  fillCell,
  gridTrack,
  insertionPoint,
  nextSort,
  rowComparator,
  type DataColumn,
} from "../../../../src/ui/data-table/columns.ts";

interface Row {
  id: string;
  spend: number | null;
  name: string;
}

function column(key: string, extra: Partial<DataColumn<Row>> = {}): DataColumn<Row> {
  return { key, header: key.toUpperCase(), cell: (row) => row.id, ...extra };
}

const rows: Row[] = [
  { id: "a", spend: 3, name: "Carol" },
  { id: "b", spend: null, name: "alice" },
  { id: "c", spend: 10, name: "Bob" },
  { id: "d", spend: 3, name: "Dave" },
];
const ids = (list: readonly Row[]) => list.map((row) => row.id).join("");
const bySpend = column("spend", { numeric: true, sortValue: (row) => row.spend });
const byName = column("name", { sortValue: (row) => row.name });
const byId = (a: Row, b: Row) => a.id.localeCompare(b.id);

describe("arrangeColumns", () => {
  const columns = [
    column("user"),
    column("model", { placement: "wide" }),
    column("tokens", { placement: "details" }),
    column("cost", { placement: "wide" }),
    column("limits", { placement: "wide" }),
    column("spend"),
  ];

  test("without emphasis the columns keep their order and placement", () => {
    const arranged = arrangeColumns(columns, []);
    assert.deepEqual(
      arranged.map((c) => c.key),
      ["user", "model", "tokens", "cost", "limits", "spend"],
    );
    assert.deepEqual(arranged, columns);
  });

  test("emphasised wide columns come first among the wide ones, in the emphasis order, and always show", () => {
    const arranged = arrangeColumns(columns, ["limits", "unknown", "cost"]);
    assert.deepEqual(
      arranged.map((c) => `${c.key}:${c.placement ?? "always"}`),
      [
        "user:always",
        "limits:always",
        "tokens:details",
        "cost:always",
        "model:wide",
        "spend:always",
      ],
    );
    assert.equal(columns[4]!.placement, "wide", "the given columns are not changed");
  });

  test("emphasis on a column that is not wide changes nothing", () => {
    assert.deepEqual(
      arrangeColumns(columns, ["user", "tokens"]).map((c) => c.key),
      ["user", "model", "tokens", "cost", "limits", "spend"],
    );
  });
});

test("gridTrack: each column's width, or a shrinkable fraction", () => {
  assert.equal(
    gridTrack([column("a", { width: "6rem" }), column("b"), column("c", { width: "1fr" })]),
    "6rem minmax(0, 1fr) 1fr",
  );
  assert.equal(gridTrack([]), "");
});

test("cellClass: the column's key, and numeric columns aligned as numbers", () => {
  assert.equal(cellClass(column("user")), "payi-dt__cell payi-dt__cell--user");
  assert.equal(cellClass(bySpend), "payi-dt__cell payi-dt__cell--spend payi-dt__num");
});

test("nextSort: the sorted column flips; another starts largest-first when numeric, else A to Z", () => {
  assert.deepEqual(nextSort(undefined, bySpend), { key: "spend", direction: "descending" });
  assert.deepEqual(nextSort(undefined, byName), { key: "name", direction: "ascending" });
  assert.deepEqual(nextSort({ key: "spend", direction: "descending" }, bySpend), {
    key: "spend",
    direction: "ascending",
  });
  assert.deepEqual(nextSort({ key: "name", direction: "ascending" }, byName), {
    key: "name",
    direction: "descending",
  });
  assert.deepEqual(nextSort({ key: "name", direction: "descending" }, bySpend), {
    key: "spend",
    direction: "descending",
  });
});

describe("rowComparator", () => {
  const columns = [column("id"), bySpend, byName];

  test("sorts by the column's value, empty values last in both directions, ties by order", () => {
    const ascending = rowComparator(columns, { key: "spend", direction: "ascending" }, byId)!;
    assert.equal(ids([...rows].sort(ascending)), "adcb");
    const descending = rowComparator(columns, { key: "spend", direction: "descending" }, byId)!;
    assert.equal(ids([...rows].sort(descending)), "cadb");
    const reversedTies = rowComparator(
      columns,
      { key: "spend", direction: "ascending" },
      (a, b) => -byId(a, b),
    )!;
    assert.equal(ids([...rows].sort(reversedTies)), "dacb");
  });

  test("text compares by code unit (capitals first), without an order ties stay equal", () => {
    const compare = rowComparator(columns, { key: "name", direction: "ascending" }, undefined)!;
    assert.equal(ids([...rows].sort(compare)), "cadb");
    const same = { id: "e", spend: 3, name: "Carol" };
    assert.equal(compare(rows[0]!, same), 0);
  });

  test("no sort, or a sort on a column without sortValue, is the table's own order", () => {
    assert.equal(rowComparator(columns, undefined, byId), byId);
    assert.equal(rowComparator(columns, { key: "id", direction: "descending" }, byId), byId);
    assert.equal(rowComparator(columns, { key: "gone", direction: "ascending" }, byId), byId);
    assert.equal(rowComparator(columns, undefined, undefined), undefined);
  });
});

describe("insertionPoint", () => {
  const numbers = [1, 3, 3, 5, 8];
  const compare = (a: number, b: number) => a - b;

  test("after every row that sorts before or equal to it", () => {
    assert.equal(insertionPoint(numbers, 0, compare), 0);
    assert.equal(insertionPoint(numbers, 1, compare), 1);
    assert.equal(insertionPoint(numbers, 3, compare), 3, "after the equal rows: arrival order");
    assert.equal(insertionPoint(numbers, 4, compare), 3);
    assert.equal(insertionPoint(numbers, 8, compare), 5);
    assert.equal(insertionPoint(numbers, 9, compare), 5);
    assert.equal(insertionPoint([], 4, compare), 0);
  });

  test("inserting row by row gives the sorted order, equal rows in arrival order", () => {
    const compareRows = rowComparator(
      [bySpend],
      { key: "spend", direction: "descending" },
      undefined,
    )!;
    const sorted: Row[] = [];
    for (const row of [...rows, { id: "e", spend: 3, name: "Eve" }])
      sorted.splice(insertionPoint(sorted, row, compareRows), 0, row);
    assert.equal(ids(sorted), "cadeb");
  });
});

/** Just enough of the DOM for `fillCell` (and `el`, which it builds spans with). */
class FakeNode {}
class FakeElement extends FakeNode {
  readonly children: (FakeNode | string)[] = [];
  readonly dataset: Record<string, string> = {};
  className = "";
  title = "";
  setAttribute(name: string, value: string): void {
    (this as unknown as Record<string, string>)[name] = value;
  }
  append(...nodes: (FakeNode | string)[]): void {
    this.children.push(...nodes);
  }
  get text(): string {
    return this.children
      .map((child) => (child instanceof FakeElement ? `[${child.className}:${child.text}]` : child))
      .join("");
  }
}

describe("fillCell", () => {
  const scope = globalThis as Record<string, unknown>;
  before(() => {
    scope["Node"] = FakeNode;
    scope["document"] = { createElement: () => new FakeElement() };
  });
  after(() => {
    delete scope["Node"];
    delete scope["document"];
  });
  const fill = (value: Parameters<typeof fillCell>[1]) => {
    const cell = new FakeElement();
    fillCell(cell as unknown as HTMLElement, value);
    return cell;
  };

  test("text as it is, nothing for null", () => {
    assert.equal(fill("user_123").text, "user_123");
    assert.deepEqual(fill(null).children, []);
  });

  test("a node built for the cell goes in as it is", () => {
    const node = new FakeElement();
    assert.equal(fill(node as unknown as Node).children[0], node);
  });

  test("text with a second line, a tone and a hover title", () => {
    const cell = fill({ text: "$0.01", sub: "2 calls", tone: "flag", title: "$0.0123" });
    assert.equal(cell.text, "[payi-dt__main:$0.01][payi-dt__sub:2 calls]");
    assert.equal(cell.dataset["tone"], "flag");
    assert.equal(cell.title, "$0.0123");
  });

  test("without the optional parts only the main line", () => {
    const cell = fill({ text: "gpt-4o" });
    assert.equal(cell.text, "[payi-dt__main:gpt-4o]");
    assert.deepEqual(cell.dataset, {});
    assert.equal(cell.title, "");
  });
});
