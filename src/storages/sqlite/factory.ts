/**
 * `createSqliteStorage`: opens an SQLite storage with options, loading better-sqlite3 only when
 * called (this file imports types only).
 * @module
 */
import type { SqliteStorageOptions } from "./options.js";
import type { SqliteStorage } from "./storage.js";

/**
 * Opens (or creates) an SQLite study database in Optuna's schema.
 * @param url `sqlite:///relative.db`, `sqlite:////absolute.db` or `sqlite:///:memory:`.
 * @throws {StorageError} / {StorageVersionError} see SqliteStorage.
 * @example
 *   const storage = await createSqliteStorage("sqlite:///storage/study.db", { heartbeatInterval: 10 });
 *   const study = await createStudy({ storage, studyName: "s", loadIfExists: true });
 */
export async function createSqliteStorage(url: string, options: SqliteStorageOptions = {}): Promise<SqliteStorage> {
  const { SqliteStorage: Ctor } = await import("./storage.js");
  return new Ctor(url, options);
}
