/**
 * One SQLite file opened for the room service (Node's built-in `node:sqlite`: no native build
 * step on the instructor's laptop), upgraded to the current schema (./migrations.ts). WAL
 * journal, so the dashboard's reads never wait for writes and a crash loses nothing that was
 * acknowledged. Synchronous by design: one process, short statements.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { MIGRATIONS, migrate, type Migration } from "./migrations.ts";

export class Database {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  /** The schema version the database has now. */
  readonly version: number;

  constructor(file: string, migrations: readonly Migration[] = MIGRATIONS) {
    this.#db = new DatabaseSync(file);
    try {
      this.#db.exec("PRAGMA journal_mode = WAL");
      // NORMAL is durable across process crashes in WAL mode (an OS crash may lose the last commit).
      this.#db.exec("PRAGMA synchronous = NORMAL");
      this.#db.exec("PRAGMA foreign_keys = ON");
      this.#db.exec("PRAGMA busy_timeout = 5000");
      this.version = migrate(this.#db, file, migrations);
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  close(): void {
    this.#db.close();
  }

  /** A prepared statement, prepared once per text. */
  sql(text: string): StatementSync {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }
}
