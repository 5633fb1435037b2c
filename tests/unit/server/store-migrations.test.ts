/**
 * The room database's schema versions: a database from before versions were recorded opens with
 * its data, later steps upgrade a database in place (all or nothing), and a database from a newer
 * room service is refused with what to do.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, test } from "node:test";
import { hashSecret } from "../../../server/secrets.ts";
import { MIGRATIONS, migrate, type Migration } from "../../../server/store/migrations.ts";
import { DATABASE_FILE, RoomStore } from "../../../server/store/room-store.ts";
import { sampleForwardedCall } from "../../support/call-event.ts";

const SCHEMA_BEFORE_VERSIONS = readFileSync(
  join(import.meta.dirname, "fixtures/schema-before-versions.sql"),
  "utf8",
);
const ATTENDEE_TOKEN = "att_legacylegacylegacylegacylegacy";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "workshop-store-"));
  file = join(dir, DATABASE_FILE);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database as today's room service leaves it: one frozen room, one attendee, two calls. */
function writeDatabaseBeforeVersions(): void {
  const db = new DatabaseSync(file);
  db.exec(SCHEMA_BEFORE_VERSIONS);
  db.prepare(
    "INSERT INTO rooms (code, name, admin_key_hash, created_at, frozen, next_seq, call_count) VALUES (?, ?, ?, ?, 1, 3, 2)",
  ).run("K7PQ2M", "Tuesday", hashSecret("adm_key"), "2026-11-27T09:00:00.000Z");
  db.prepare(
    "INSERT INTO attendees (id, room_code, user_id, display_name, token_hash, joined_at) VALUES (1, 'K7PQ2M', 'ada', 'Ada', ?, ?)",
  ).run(hashSecret(ATTENDEE_TOKEN), "2026-11-27T09:01:00.000Z");
  const insertCall = db.prepare(
    `INSERT INTO calls (room_code, seq, attendee_id, client_id, received_at, time, resource, api,
       tagged_user_id, use_case, input_tokens, cached_input_tokens, output_tokens, cost_usd,
       cost_status, status, lesson, why, event, meta)
     VALUES ('K7PQ2M', ?, 1, ?, ?, ?, 'gpt-4o-mini', 'chat.completions', 'user_123',
       'answer-with-user', 11, 0, 12, ?, ?, 200, 'day-2', 'user id set by ingest() at line 7', ?, ?)`,
  );
  for (const [seq, costUsd] of [
    [1, 0.001],
    [2, null],
  ] as const) {
    const call = sampleForwardedCall({ costUsd });
    insertCall.run(
      seq,
      call.id,
      `2026-11-27T09:0${seq + 1}:00.000Z`,
      call.event.time,
      costUsd,
      costUsd === null ? "unpriced" : "priced",
      JSON.stringify(call.event),
      JSON.stringify(call.meta),
    );
  }
  assert.equal(userVersion(db), 0, "the fixture records no version, as today's databases");
  db.close();
}

function userVersion(db: DatabaseSync): number {
  return (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
}

function columnsOf(db: DatabaseSync, table: string): string[] {
  const rows = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  return rows.map((row) => row.name);
}

function rowCounts(db: DatabaseSync): number[] {
  return ["rooms", "attendees", "calls"].map(
    (table) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
  );
}

/** What a later schema might add: a test-only step, never shipped. */
const addRoomNote: Migration = {
  version: MIGRATIONS.length + 1,
  description: "rooms get a note",
  up: (db) => db.exec("ALTER TABLE rooms ADD COLUMN note TEXT NOT NULL DEFAULT ''"),
};

describe("a database written before schema versions were recorded", () => {
  test("opens as version 1 with every room, attendee, token and call, and says the latest version", () => {
    writeDatabaseBeforeVersions();
    const store = new RoomStore(dir);
    try {
      const room = store.room("K7PQ2M");
      assert.equal(room?.name, "Tuesday");
      assert.equal(room?.frozen, true);
      const attendee = store.attendeeByTokenHash(hashSecret(ATTENDEE_TOKEN));
      assert.equal(attendee?.userId, "ada");
      const snapshot = store.snapshot("K7PQ2M");
      assert.equal(snapshot?.totals.requests, 2);
      assert.equal(snapshot?.totals.unpricedCalls, 1);
      assert.ok(Math.abs((snapshot?.totals.spendUsd ?? 0) - 0.001) < 1e-12);
      assert.deepEqual(
        snapshot?.recent.map((call) => call.seq),
        [1, 2],
      );
      assert.deepEqual(
        [...store.exportRows("K7PQ2M")].map((row) => row.runId),
        ["run-1", "run-1"],
      );
      if (!attendee) throw new Error("no attendee");
      const more = store.insertCalls(attendee, [sampleForwardedCall()], "2026-11-27T10:00:00Z");
      assert.equal(more?.stored[0]?.seq, 3, "numbering carries on");
    } finally {
      store.close();
    }
    const db = new DatabaseSync(file);
    assert.equal(userVersion(db), MIGRATIONS.length);
    assert.deepEqual(rowCounts(db), [1, 1, 3]);
    db.close();
    new RoomStore(dir).close(); // and opens again as it is
  });

  test("gets a later step's column and keeps its rows", () => {
    writeDatabaseBeforeVersions();
    const db = new DatabaseSync(file);
    try {
      assert.equal(migrate(db, file, [...MIGRATIONS, addRoomNote]), addRoomNote.version);
      assert.ok(columnsOf(db, "rooms").includes("note"));
      assert.equal(userVersion(db), addRoomNote.version);
      assert.deepEqual(rowCounts(db), [1, 1, 2]);
      const room = db.prepare("SELECT name, note FROM rooms").get();
      assert.deepEqual({ ...room }, { name: "Tuesday", note: "" });
      // Applied once: running the list again finds nothing to do (a second ALTER would throw).
      assert.equal(migrate(db, file, [...MIGRATIONS, addRoomNote]), addRoomNote.version);
    } finally {
      db.close();
    }
  });
});

describe("upgrading", () => {
  test("a database the store has opened gets a later step in place", () => {
    const store = new RoomStore(dir);
    store.createRoom({ code: "ABCDEF", name: "Room", adminKeyHash: "h", createdAt: "2026" });
    store.close();
    const db = new DatabaseSync(file);
    try {
      assert.equal(userVersion(db), MIGRATIONS.length);
      migrate(db, file, [...MIGRATIONS, addRoomNote]);
      assert.ok(columnsOf(db, "rooms").includes("note"));
      assert.deepEqual(rowCounts(db), [1, 0, 0]);
    } finally {
      db.close();
    }
  });

  test("is all or nothing: a failing step leaves the database as it was", () => {
    writeDatabaseBeforeVersions();
    new RoomStore(dir).close();
    const failing: Migration = {
      version: addRoomNote.version + 1,
      description: "a step that fails",
      up: (db) => db.exec("ALTER TABLE no_such_table ADD COLUMN x TEXT"),
    };
    const db = new DatabaseSync(file);
    try {
      assert.throws(
        () => migrate(db, file, [...MIGRATIONS, addRoomNote, failing]),
        new RegExp(
          `to schema version ${failing.version} \\(a step that fails\\) failed, so it was left unchanged at version ${MIGRATIONS.length}: .*no_such_table`,
        ),
      );
      assert.equal(userVersion(db), MIGRATIONS.length);
      assert.ok(!columnsOf(db, "rooms").includes("note"), "the step before it is undone too");
      assert.deepEqual(rowCounts(db), [1, 1, 2]);
    } finally {
      db.close();
    }
  });

  test("refuses a list whose versions do not run 1, 2, 3…", () => {
    const db = new DatabaseSync(":memory:");
    try {
      assert.throws(
        () => migrate(db, ":memory:", [...MIGRATIONS, { ...addRoomNote, version: 5 }]),
        /is number 2 in the list but says version 5/,
      );
    } finally {
      db.close();
    }
  });
});

test("a database from a newer room service is refused with what to do, and left alone", () => {
  new RoomStore(dir).close();
  const newer = MIGRATIONS.length + 7;
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA user_version = ${newer}`);
  db.close();
  assert.throws(
    () => new RoomStore(dir),
    (error: Error) => {
      assert.match(error.message, new RegExp(file.replace(/[.\\/]/g, "\\$&")));
      assert.match(error.message, /written by a newer version of the room service/);
      assert.match(
        error.message,
        new RegExp(`schema version ${newer}; this one knows up to ${MIGRATIONS.length}`),
      );
      assert.match(error.message, /git pull, then npm install/);
      assert.match(error.message, /npm run workshop -- --data <folder>/);
      return true;
    },
  );
  const after = new DatabaseSync(file);
  assert.equal(userVersion(after), newer);
  after.close();
});
