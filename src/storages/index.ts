/**
 * The storages' public names: the `Storage` interface, the in-memory backend, SQLite (types and
 * the lazy `createSqliteStorage`: better-sqlite3 loads only when it is called), PostgreSQL (the
 * same, with `createPostgresStorage` and pg) and the
 * heartbeat policies. Explicit named re-exports only.
 * @module
 */
export type { Storage, StudyRecord, TrialStartOptions } from "./base.js";
export { InMemoryStorage } from "./in-memory.js";
export { CachedStorage, type IncrementalReads, type TrialsSince } from "./cached.js";
export type { StorageLike } from "./url.js";
export { createSqliteStorage } from "./sqlite/factory.js";
export type { SqliteStorage } from "./sqlite/storage.js";
export type { SqliteStorageOptions } from "./sqlite/options.js";
export { createPostgresStorage } from "./postgres/factory.js";
export type { PostgresStorage, PostgresOpenOptions } from "./postgres/storage.js";
export type { PostgresStorageOptions } from "./postgres/url.js";
export {
  RetryFailedTrialCallback,
  type RetryFailedTrialCallbackOptions,
  type FailedTrialCallback,
  type StaleTrialContext,
} from "./heartbeat.js";
