/**
 * The SQLite backend (loads better-sqlite3). Reached through a dynamic import from
 * `storages/url.ts` and `createSqliteStorage`, so importing `parzen` never loads it.
 * @module
 */
import type { SqliteStorageOptions } from "./options.js";
import { SqliteStorage } from "./storage.js";
import { assertDatabaseExists } from "./open.js";
import { sqlitePathFromUrl } from "./url.js";

export type { SqliteStorageOptions } from "./options.js";
export { SqliteStorage } from "./storage.js";
export { sqlitePathFromUrl, isSqliteUrl } from "./url.js";

const open = new Map<string, SqliteStorage>();
let exitHook = false;

/** At exit, close the storages opened from URLs: SQLite folds the -wal file back into the database file. */
function closeAtExit(): void {
  for (const s of open.values()) void s.close().catch(() => undefined);
}

/**
 * The storage of a URL given as `storage` to createStudy and friends: one shared instance per
 * file in this process (until it is closed), a new database for each `:memory:` URL.
 * @internal
 */
export function openSqliteUrl(url: string, options?: SqliteStorageOptions, resolve: { mustExist?: boolean } = {}): SqliteStorage {
  const path = sqlitePathFromUrl(url);
  if (resolve.mustExist && path !== ":memory:" && !open.has(path)) assertDatabaseExists(path);
  if (path === ":memory:" || options !== undefined) return new SqliteStorage(url, options);
  let s = open.get(path);
  if (!s) {
    s = new SqliteStorage(url);
    const created = s;
    created.onClose = () => {
      if (open.get(path) === created) open.delete(path);
    };
    open.set(path, created);
    if (!exitHook) {
      exitHook = true;
      process.once("exit", closeAtExit);
    }
  }
  return s;
}
