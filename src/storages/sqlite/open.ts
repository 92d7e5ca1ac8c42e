/**
 * Opening a study database: options, checks on the file before SQLite touches it, pragmas
 * (WAL, busy timeout, synchronous=NORMAL), the schema of an empty file, and the version check.
 * @module
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { InvalidArgumentError, StorageError } from "../../errors.js";
import { storageError } from "./errors.js";
import { migrate } from "./migrations.js";
import { checkOptionKeys } from "../../core/option-keys.js";
import { SQLITE_OPTION_KEYS, type SqliteStorageOptions } from "./options.js";
import { HEAD_REVISION, createSchema, inspectSchema } from "./schema.js";
import { sqlitePathFromUrl } from "./url.js";

const LIBRARY_VERSION = "parzen-0.1.0";
const SQLITE_HEADER = "SQLite format 3\u0000";

/** An open database and what the storage needs to know about it. @internal */
export interface Opened {
  path: string;
  /** How error messages name the database. */
  where: string;
  db: Database.Database;
  /** A transaction runner: tx(fn) deferred, tx.immediate(fn) BEGIN IMMEDIATE. */
  tx: Database.Transaction<(fn: () => unknown) => unknown>;
  revision: string;
  heartbeatInterval?: number;
  gracePeriod?: number;
}

/**
 * Opens (creating the file, its folders and the schema if needed) the database of a URL.
 * @throws {InvalidArgumentError} a malformed URL or option.
 * @throws {StorageError} a file that is not SQLite or not a study database, or unwritable.
 * @throws {StorageVersionError} a schema this version of parzen does not know.
 * @internal
 */
export function openDatabase(url: string, options: SqliteStorageOptions): Opened {
  checkOptionKeys("createSqliteStorage", options, SQLITE_OPTION_KEYS);
  const path = sqlitePathFromUrl(url);
  const memory = path === ":memory:";
  const where = memory ? "The in-memory SQLite database" : `The study database ${path}`;
  const interval = options.heartbeatInterval === undefined ? (memory ? null : 60) : options.heartbeatInterval;
  if (interval !== null && !(typeof interval === "number" && interval >= 0 && Number.isFinite(interval))) {
    throw new InvalidArgumentError(`heartbeatInterval must be a number of seconds >= 0 (0 or null: off), got ${String(interval)}.`);
  }
  if (options.gracePeriod !== undefined && !(options.gracePeriod > 0 && Number.isFinite(options.gracePeriod))) {
    throw new InvalidArgumentError(`gracePeriod must be a positive number of seconds, got ${String(options.gracePeriod)}.`);
  }
  const busy = options.busyTimeout ?? 30000;
  if (!(Number.isInteger(busy) && busy >= 0)) {
    throw new InvalidArgumentError(`busyTimeout must be a non-negative integer of milliseconds, got ${String(busy)}.`);
  }
  if (!memory) preflight(path);
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busy });
  } catch (e) {
    throw storageError(e, where);
  }
  const tx = db.transaction((fn: () => unknown) => fn());
  try {
    let state = inspectSchema(db);
    if (state.kind === "foreign") {
      throw new StorageError(
        `${where} is an SQLite database but not a study database (it has tables ${state.tables.join(", ")}, ` +
          "not Optuna's studies/trials/version_info/alembic_version). Use another file name for parzen's studies.",
      );
    }
    if (!memory) db.pragma("journal_mode = WAL");
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxPageCount))}`);
    db.pragma("synchronous = NORMAL");
    if (state.kind === "empty") {
      tx.immediate(() => {
        if (inspectSchema(db).kind === "empty") createSchema(db, LIBRARY_VERSION);
      });
      state = inspectSchema(db);
    }
    if (state.kind !== "ready") throw new StorageError(`${where}: the schema could not be created.`);
    let revision = state.revision;
    if (options.upgrade && revision !== HEAD_REVISION) {
      tx.immediate(() => migrate(db, revision));
      revision = HEAD_REVISION;
    }
    const opened: Opened = { path, where, db, tx, revision };
    if (interval) {
      opened.heartbeatInterval = interval;
      opened.gracePeriod = options.gracePeriod ?? 2 * interval;
    }
    return opened;
  } catch (e) {
    db.close();
    throw storageError(e, where);
  }
}

/**
 * A database that must exist already (read-only commands): a missing or empty file is an error,
 * and nothing (no folder, no file, no schema) is created. @throws {StorageError} @internal
 */
export function assertDatabaseExists(path: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new StorageError(`${path} is a folder, not a study database. Put a file name at the end of the URL.`);
    size = st.size;
  } catch (e) {
    if (e instanceof StorageError) throw e;
    const folder = existsSync(dirname(path)) ? "" : ` (nor does its folder ${dirname(path)})`;
    throw new StorageError(
      `The study database ${path} does not exist${folder}; nothing was created. Check the storage URL ` +
        "(sqlite:///relative/path.db is relative to the working directory, sqlite:////absolute/path.db is absolute), " +
        "or create a study there first.",
      { cause: e },
    );
  }
  if (size === 0) {
    throw new StorageError(`${path} is an empty file, not a study database; it was left untouched. Create a study there first.`);
  }
}

/** Checks the file before SQLite touches it: never write into a file that is not SQLite. */
function preflight(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw new StorageError(
      `Cannot create the folder ${dirname(path)} for the study database (${(e as Error).message}). Choose a writable location.`,
      { cause: e },
    );
  }
  const readOnly = (what: string, e: unknown): StorageError =>
    new StorageError(
      `${what} is read-only for this process, so the study database ${path} cannot be written ` +
        "(SQLite also writes -wal and -shm files beside it). Make it writable, or copy the database to a writable folder.",
      { cause: e },
    );
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch (e) {
    throw readOnly(`The folder ${dirname(path)}`, e);
  }
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    throw new StorageError(`${path} is a folder, not a study database. Put a file name at the end of the URL.`);
  }
  try {
    accessSync(path, constants.W_OK);
  } catch (e) {
    throw readOnly(`The file ${path}`, e);
  }
  const buf = Buffer.alloc(16);
  let n = 0;
  try {
    const fd = openSync(path, "r");
    try {
      n = readSync(fd, buf, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new StorageError(`Cannot read ${path} (${(e as Error).message}). Check its permissions.`, { cause: e });
  }
  // A header of zeros: another process is creating the file right now; SQLite itself decides.
  if (n > 0 && buf.subarray(0, n).some((b) => b !== 0) && buf.toString("latin1", 0, n) !== SQLITE_HEADER) {
    throw new StorageError(
      `${path} is not an SQLite database (its first bytes are not "SQLite format 3"). ` +
        "It was left untouched: point the storage URL at a study database, or at a new file name to create one.",
    );
  }
}
