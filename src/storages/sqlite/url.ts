/**
 * SQLite storage URLs, as Optuna (SQLAlchemy) writes them:
 * `sqlite:///relative/path.db` (relative to the working directory), `sqlite:////absolute/path.db`,
 * `sqlite:///:memory:` (also `sqlite://`).
 * @module
 */
import { resolve } from "node:path";
import { InvalidArgumentError } from "../../errors.js";

/** Whether a URL is an SQLite storage URL. */
export function isSqliteUrl(url: string): boolean {
  return url.startsWith("sqlite:");
}

/**
 * The file a URL names, or ":memory:".
 * @throws {InvalidArgumentError} for a malformed URL.
 */
export function sqlitePathFromUrl(url: string): string {
  if (url === "sqlite://" || url === "sqlite:///:memory:" || url === "sqlite://:memory:") return ":memory:";
  if (!url.startsWith("sqlite:///") || url.length === "sqlite:///".length || url.includes("?")) {
    throw new InvalidArgumentError(
      `Malformed SQLite URL ${JSON.stringify(url)}. Use sqlite:///relative/path.db, sqlite:////absolute/path.db ` +
        "or sqlite:///:memory: (no query string).",
    );
  }
  const path = url.slice("sqlite:///".length);
  return resolve(path);
}
