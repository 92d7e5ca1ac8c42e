/**
 * The options of an SQLite storage, in a file of their own so that the public declarations
 * (the .d.ts files in dist) never mention better-sqlite3's types: a consumer that installs only parzen
 * (no @types/better-sqlite3) type-checks with skipLibCheck: false.
 * @module
 */
import { optionKeys } from "../../core/option-keys.js";
import type { FailedTrialCallback } from "../heartbeat.js";

/** Options of {@link SqliteStorage}. */
export interface SqliteStorageOptions {
  /**
   * Seconds between heartbeats of a running trial. Default 60 for a file, off for `:memory:`;
   * 0 or null turns heartbeats (and failing stale trials) off.
   */
  heartbeatInterval?: number | null;
  /** Seconds without heartbeat after which a RUNNING trial is stale. Default 2 × heartbeatInterval. */
  gracePeriod?: number;
  /** Called for each trial this process failed for a stale heartbeat (e.g. RetryFailedTrialCallback). */
  failedTrialCallback?: FailedTrialCallback;
  /** Milliseconds to wait for another process's write lock. Default 30000. */
  busyTimeout?: number;
  /** Upgrade a database at Optuna 3.1's revision (v3.0.0.d) to v3.2.0.a when opening it. Default false. */
  upgrade?: boolean;
  /**
   * Caps the database's size in pages (SQLite's max_page_count, pages of 4 KiB). A write beyond
   * it fails with a StorageError as on a full disk, and is rolled back. Default: no cap.
   */
  maxPageCount?: number;
}

/** @internal */
export const SQLITE_OPTION_KEYS = optionKeys<SqliteStorageOptions>({
  heartbeatInterval: true,
  gracePeriod: true,
  failedTrialCallback: true,
  busyTimeout: true,
  upgrade: true,
  maxPageCount: true,
});
