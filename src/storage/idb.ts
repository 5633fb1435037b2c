/**
 * One IndexedDB database of this site, opened through `idb`, that survives what browsers and other
 * tabs do to storage. Each store module (Cost Drivers, the workshop outbox) says what its database
 * looks like; this module opens it, repairs it and keeps one connection:
 *
 * - repair: a database under our name that is not ours (a newer or unknown version, or stores that
 *   are not the expected ones) is deleted and created again, and the owner is told what was wrong
 *   (Cost Drivers shows it as a notice);
 * - reconnect: when another tab asks to upgrade or delete the database (`versionchange`), or the
 *   browser closes the connection, the connection is dropped and reopened on next use.
 */
import {
  deleteDB,
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from "idb";

export interface DatabaseSpec<Schema extends DBSchema> {
  name: string;
  version: number;
  /**
   * Creates the stores (`oldVersion` 0) or migrates them from an older version of ours. When what
   * it finds is not ours, it deletes it, creates the stores empty and returns what was wrong (e.g.
   * "an older, unknown version"), which is passed on to `repaired`.
   */
  upgrade(
    db: IDBPDatabase<Schema>,
    oldVersion: number,
    tx: IDBPTransaction<Schema, StoreNames<Schema>[], "versionchange">,
  ): string | undefined;
  /** True when an open database has the stores and layout this code reads and writes. */
  hasLayout(db: IDBPDatabase<Schema>): boolean;
  /** Called once the database was deleted and created again, with what was wrong with it. */
  repaired?(db: IDBPDatabase<Schema>, problem: string): Promise<void>;
}

export interface Database<Schema extends DBSchema> {
  /** The open database: opened (and repaired) on first use, reopened after it was closed. */
  connect(): Promise<IDBPDatabase<Schema>>;
}

/** Deletes every object store: the first step of rebuilding a database that is not ours. */
export function deleteAllStores<Schema extends DBSchema>(db: IDBPDatabase<Schema>): void {
  for (const name of [...db.objectStoreNames]) db.deleteObjectStore(name);
}

export function database<Schema extends DBSchema>(spec: DatabaseSpec<Schema>): Database<Schema> {
  let connection: Promise<IDBPDatabase<Schema>> | undefined;

  function openCurrent(onProblem: (problem: string) => void): Promise<IDBPDatabase<Schema>> {
    return openDB<Schema>(spec.name, spec.version, {
      upgrade(db, oldVersion, _newVersion, tx) {
        const problem = spec.upgrade(db, oldVersion, tx);
        if (problem) onProblem(problem);
      },
      // Another tab wants to delete or upgrade the database: let it, and reopen on next use.
      blocking(_current, _blocked, event) {
        (event.target as IDBDatabase).close();
        connection = undefined;
      },
      terminated() {
        connection = undefined;
      },
    });
  }

  async function open(): Promise<IDBPDatabase<Schema>> {
    if (typeof indexedDB === "undefined") throw new Error("this browser has no IndexedDB");
    let problem: string | null = null;
    const noted = (found: string) => (problem = found);
    let db: IDBPDatabase<Schema>;
    try {
      db = await openCurrent(noted);
    } catch (error) {
      if ((error as DOMException | null)?.name !== "VersionError") throw error;
      problem = "a newer or unknown version";
      await deleteDB(spec.name);
      db = await openCurrent(noted);
    }
    if (!spec.hasLayout(db)) {
      problem = "an unknown layout";
      db.close();
      await deleteDB(spec.name);
      db = await openCurrent(noted);
    }
    if (problem) await spec.repaired?.(db, problem);
    db.addEventListener("close", () => (connection = undefined));
    return db;
  }

  return {
    connect() {
      connection ??= open().catch((error: unknown) => {
        connection = undefined;
        throw error;
      });
      return connection;
    },
  };
}
