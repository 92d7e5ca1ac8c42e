/**
 * `createPostgresStorage`: opens a PostgreSQL storage with options, loading `pg` only when called
 * (this file imports types only).
 * @module
 */
import type { PostgresOpenOptions, PostgresStorage } from "./storage.js";

/**
 * Opens a PostgreSQL study database in Optuna's schema, creating the schema in an empty one.
 * @param url `postgresql://user:password@host:port/database` (also `postgres://`,
 *   `postgresql+psycopg2://`), options in the query string: pool_size, statement_timeout,
 *   heartbeat_interval, grace_period, retry_timeout, connect_timeout, sslmode …
 * @throws {StorageError} / {StorageVersionError} see PostgresStorage.open.
 * @example
 *   const storage = await createPostgresStorage("postgresql://me:pw@db:5432/studies", {
 *     heartbeatInterval: 30, failedTrialCallback: new RetryFailedTrialCallback({ maxRetry: 2 }),
 *   });
 */
export async function createPostgresStorage(url: string, options: PostgresOpenOptions = {}): Promise<PostgresStorage> {
  const { PostgresStorage: Ctor } = await import("./storage.js");
  return Ctor.open(url, options);
}
