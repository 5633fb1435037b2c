import assert from "node:assert/strict";
import { test } from "node:test";
import { csvField, toCsv } from "../../../../shared/csv.ts";
import { exportFileName, toJson } from "../../../../src/cost-drivers/export.ts";
import { buildTable, USERS } from "../../../../src/cost-drivers/tables.ts";
import { fixture, stored, user } from "./calls.ts";

test("csvField quotes commas, quotes and line breaks, and defuses formulas", () => {
  assert.equal(csvField("plain"), "plain");
  assert.equal(csvField("a,b"), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField("two\nlines"), '"two\nlines"');
  assert.equal(csvField(" padded "), '" padded "');
  assert.equal(csvField("=SUM(A1:A9)"), "'=SUM(A1:A9)");
  assert.equal(csvField("+1,2"), `"'+1,2"`);
  assert.equal(csvField(-0.5), "-0.5", "numbers are not defused");
  assert.equal(csvField(null), "");
  assert.equal(csvField(Number.NaN), "");
  assert.equal(csvField(true), "true");
  assert.equal(csvField(0.0000089), "0.0000089");
});

test("the users CSV has every column, raw numbers, and the view's rows in order", () => {
  const calls = [...fixture(), stored({ userId: user('evil, "quoted"\nuser') }, { key: 99 })];
  const table = buildTable(USERS, calls);
  const csv = toCsv(table.spec.columns, table.rows);
  const lines = csv.split("\r\n");
  assert.equal(
    lines[0],
    "user,spend_usd,unpriced_calls,requests,avg_cost_per_request_usd,input_tokens," +
      "cached_input_tokens,output_tokens,first_seen,last_seen,unattributed",
  );
  assert.equal(
    lines[1],
    "user_456,0.0002,1,2,0.0002,47,0,13,2026-11-27T07:02:00.000Z,2026-11-27T07:04:00.000Z,false",
  );
  assert.match(lines[2]!, /^user_123,0\.00013,0,3,0\.0000433+,110,20,55,/);
  assert.ok(
    csv.includes('"evil, ""quoted""\nuser",0.00000885,0,1,'),
    "a hostile id stays one field",
  );
  assert.equal(
    lines[3],
    ",0.00001,0,1,0.00001,5,0,5,2026-11-27T07:03:00.000Z,2026-11-27T07:03:00.000Z,true",
    "unattributed: an empty user cell, flagged in its own column",
  );
  assert.ok(csv.endsWith("\r\n"));
});

test("JSON export: the same rows with their context", () => {
  const table = buildTable(USERS, fixture());
  const json = JSON.parse(
    toJson(
      {
        view: "users",
        exportedAt: "2026-11-27T08:00:00.000Z",
        filters: { lesson: "day-2", range: "all", run: null },
        unpricedCalls: 1,
      },
      table.spec.columns,
      table.rows,
    ),
  ) as { view: string; unpricedCalls: number; filters: object; rows: Record<string, unknown>[] };
  assert.equal(json.view, "users");
  assert.equal(json.unpricedCalls, 1);
  assert.deepEqual(json.filters, { lesson: "day-2", range: "all", run: null });
  assert.equal(json.rows.length, 3);
  assert.deepEqual(json.rows[0], {
    user: "user_456",
    requests: 2,
    input_tokens: 47,
    cached_input_tokens: 0,
    output_tokens: 13,
    spend_usd: 0.0002,
    unpriced_calls: 1,
    avg_cost_per_request_usd: 0.0002,
    first_seen: "2026-11-27T07:02:00.000Z",
    last_seen: "2026-11-27T07:04:00.000Z",
    unattributed: false,
  });
  assert.equal(json.rows[2]!["user"], null);
});

test("export file names are stamped and safe", () => {
  assert.equal(
    exportFileName("use-cases", "csv", new Date("2026-11-27T07:21:51.123Z")),
    "cost-drivers-use-cases-2026-11-27T07-21-51.csv",
  );
});
