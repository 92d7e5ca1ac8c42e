/**
 * Storage URLs → storages. A `Storage` object is used as is; no storage means a new in-memory
 * one. Backends with native dependencies are imported lazily, so in-memory users never load them.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { Storage } from "./base.js";
import { withTrialCache } from "./cached.js";
import { InMemoryStorage } from "./in-memory.js";
import { isPostgresUrl } from "./postgres/url.js";
import { isSqliteUrl } from "./sqlite/url.js";

/** What createStudy and friends accept as `storage`. */
export type StorageLike = string | Storage;

/** How a storage is resolved. */
export interface ResolveOptions {
  /**
   * Open an existing database only: a URL naming a database that does not exist is a
   * StorageError naming it, and nothing is created (what read-only commands use).
   */
  mustExist?: boolean;
}

type Loader = (url: string, options: ResolveOptions) => Promise<Storage>;

const loaders: Array<{ test: (url: string) => boolean; load: Loader }> = [];

// The scheme tests are the backends' own (their url.ts modules load no driver); the backend
// itself is imported on first use only.
// sqlite:… URLs: the backend (and better-sqlite3) on first use only.
loaders.push({
  test: isSqliteUrl,
  load: async (url, options) => (await import("./sqlite/index.js")).openSqliteUrl(url, undefined, options),
});

// postgresql:// postgres:// postgresql+psycopg2:// … URLs: the backend (and pg) on first use only.
loaders.push({
  test: isPostgresUrl,
  load: async (url) => (await import("./postgres/index.js")).openPostgresUrl(url),
});

/**
 * Resolves a storage option to the storage studies use: a storage that offers incremental reads
 * (SQLite) comes back inside its shared CachedStorage.
 * @throws {InvalidArgumentError} for a URL no backend understands.
 * @throws {StorageError} with `mustExist`, when the URL names no existing database.
 */
export async function resolveStorage(storage: StorageLike | undefined, options: ResolveOptions = {}): Promise<Storage> {
  if (storage === undefined) return new InMemoryStorage();
  if (typeof storage !== "string") return withTrialCache(storage);
  for (const l of loaders) if (l.test(storage)) return withTrialCache(await l.load(storage, options));
  throw new InvalidArgumentError(
    `Unsupported storage URL ${JSON.stringify(storage)}. Use sqlite:///relative/path.db, sqlite:////absolute/path.db, ` +
      "sqlite:///:memory:, or postgresql://user:password@host:port/database; or omit storage for an in-memory study.",
  );
}
