/**
 * The room database's schema, as numbered steps. `PRAGMA user_version` records the last step a
 * database has; opening it applies the steps after that, in order, in one transaction, so a
 * database is either fully upgraded or left exactly as it was. A step, once released, never
 * changes: a new schema is a new step at the end.
 */
import type { DatabaseSync } from "node:sqlite";

export interface Migration {
  /** 1, 2, 3…: the `user_version` a database has once this step is applied. */
  version: number;
  description: string;
  /** Runs inside the upgrade's transaction, with foreign keys on. */
  up(db: DatabaseSync): void;
}

// Version 1 is the schema the room service had before versions were recorded: its databases say
// user_version 0 and are recognised by their tables (see `currentVersion`).
const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS rooms (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  admin_key_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  frozen INTEGER NOT NULL DEFAULT 0,
  next_seq INTEGER NOT NULL DEFAULT 1,
  call_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS attendees (
  id INTEGER PRIMARY KEY,
  room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  joined_at TEXT NOT NULL,
  UNIQUE (room_code, user_id)
);
CREATE TABLE IF NOT EXISTS calls (
  room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  time TEXT NOT NULL,
  resource TEXT NOT NULL,
  api TEXT NOT NULL,
  tagged_user_id TEXT,
  use_case TEXT,
  input_tokens INTEGER NOT NULL,
  cached_input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd REAL,
  cost_status TEXT NOT NULL,
  status INTEGER,
  lesson TEXT NOT NULL,
  why TEXT NOT NULL,
  event TEXT NOT NULL,
  meta TEXT NOT NULL,
  PRIMARY KEY (room_code, seq),
  UNIQUE (attendee_id, client_id)
);
CREATE INDEX IF NOT EXISTS calls_by_attendee ON calls (attendee_id);
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "rooms, attendees and calls",
    up: (db) => db.exec(SCHEMA_V1),
  },
];

function userVersion(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  return row.user_version;
}

/** The database's schema version; 1 for one written before versions were recorded. */
function currentVersion(db: DatabaseSync): number {
  const recorded = userVersion(db);
  if (recorded > 0) return recorded;
  const rooms = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rooms'");
  return rooms.get() ? 1 : 0;
}

function checkSteps(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(
        `Migration "${migration.description}" is number ${index + 1} in the list but says version ${migration.version}: versions run 1, 2, 3… in order.`,
      );
  });
}

/**
 * Brings the database at `file` up to the last of `migrations` and returns that version. Refuses
 * a database from a newer room service rather than guess at a schema it does not know.
 */
export function migrate(
  db: DatabaseSync,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  checkSteps(migrations);
  const latest = migrations.length;
  const current = currentVersion(db);
  if (current > latest)
    throw new Error(
      `The room database ${file} was written by a newer version of the room service (schema version ${current}; this one knows up to ${latest}). ` +
        "Run the newer version (update this project: git pull, then npm install), or start this one with another data folder (npm run workshop -- --data <folder>).",
    );
  const pending = migrations.slice(current);
  if (pending.length === 0) {
    // A database from before versions were recorded already has version 1's tables: say so.
    if (userVersion(db) !== current) db.exec(`PRAGMA user_version = ${current}`);
    return current;
  }
  db.exec("BEGIN IMMEDIATE");
  let step: Migration | undefined;
  try {
    for (step of pending) {
      step.up(db);
      db.exec(`PRAGMA user_version = ${step.version}`);
    }
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw new Error(
      `Upgrading the room database ${file} to schema version ${step?.version} (${step?.description}) failed, so it was left unchanged at version ${current}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return latest;
}
