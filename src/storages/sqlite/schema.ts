/**
 * The database layout: where the `.sql` files live (storage/ at the package root, the one source
 * of truth), the revisions parzen knows, and the check a database passes before it is used.
 *
 *   open ─ empty file? ── yes ─→ run storage/schema.sql (head v3.2.0.a)
 *            │ no
 *            └─ studies + version_info + alembic_version? ── no ─→ StorageError (not a study database)
 *                 │ yes
 *                 └─ schema_version 12 and a known revision? ── no ─→ StorageVersionError
 *                      │ yes (v3.2.0.a, or v3.0.0.d: used as is, upgraded on request)
 *                      └─ ready
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Database } from "better-sqlite3";
import { StorageError, StorageVersionError } from "../../errors.js";

/** Optuna's SCHEMA_VERSION (unchanged from 3.0 to 5.0). */
export const SCHEMA_VERSION = 12;
/** The Alembic revision parzen writes: what Optuna >= 3.2 (4.x, 5.0) expects. */
export const HEAD_REVISION = "v3.2.0.a";
/** Optuna 3.0/3.1's revision: opened as is, upgraded to the head only when asked. */
export const OPTUNA_31_REVISION = "v3.0.0.d";
/** Revisions older than Optuna 3.0's schema: Python Optuna must upgrade those first. */
export const OLD_REVISIONS = [
  "v0.9.0.a",
  "v1.2.0.a",
  "v1.3.0.a",
  "v2.0.0.a",
  "v2.3.0.a",
  "v2.4.0.a",
  "v2.6.0.a",
  "v3.0.0.a",
  "v3.0.0.b",
  "v3.0.0.c",
];

/** The storage/ folder of the package (works from src/ under tsx and from dist/). @internal */
export const STORAGE_DIR = fileURLToPath(new URL("../../../storage/", import.meta.url));

/** Reads a file of storage/. @internal */
export function readSql(relative: string): string {
  try {
    return readFileSync(STORAGE_DIR + relative, "utf8");
  } catch (e) {
    throw new StorageError(
      `parzen's schema file ${STORAGE_DIR + relative} is missing: the package is incomplete (storage/*.sql ships with it). Reinstall parzen.`,
      { cause: e },
    );
  }
}

/** What a database holds, before it is used. */
export type SchemaState =
  | { kind: "empty" }
  | { kind: "ready"; revision: string }
  | { kind: "foreign"; tables: string[] };

/** Looks at a database without writing to it. @internal */
export function inspectSchema(db: Database): SchemaState {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).filter(
    (t) => !t.startsWith("sqlite_"),
  );
  if (tables.length === 0) return { kind: "empty" };
  for (const t of ["studies", "trials", "version_info", "alembic_version"]) {
    if (!tables.includes(t)) return { kind: "foreign", tables };
  }
  const version = db.prepare("SELECT schema_version FROM version_info WHERE version_info_id = 1").pluck().get() as
    | number
    | undefined;
  const revision = db.prepare("SELECT version_num FROM alembic_version").pluck().get() as string | undefined;
  return { kind: "ready", revision: checkVersion(version, revision) };
}

function checkVersion(version: number | undefined, revision: string | undefined): string {
  if (version !== SCHEMA_VERSION || revision === undefined) {
    throw new StorageVersionError(
      `This study database has schema version ${String(version)} (revision ${String(revision)}); parzen reads version ${SCHEMA_VERSION}. ` +
        "Upgrade it with Python Optuna (`optuna storage upgrade --storage sqlite:///FILE`) and open it again.",
    );
  }
  if (revision === HEAD_REVISION || revision === OPTUNA_31_REVISION) return revision;
  if (OLD_REVISIONS.includes(revision)) {
    throw new StorageVersionError(
      `This study database is at Optuna's revision ${revision}, older than Optuna 3.0's schema. ` +
        "Upgrade it with Python Optuna (`optuna storage upgrade --storage sqlite:///FILE`), then open it with parzen.",
    );
  }
  throw new StorageVersionError(
    `This study database is at revision ${revision}, newer than the ones this version of parzen knows ` +
      `(${OPTUNA_31_REVISION}, ${HEAD_REVISION}). Upgrade parzen, or open a copy written by an Optuna version <= 5.0.`,
  );
}

/** Creates the schema in an empty database (inside the caller's transaction). @internal */
export function createSchema(db: Database, libraryVersion: string): void {
  db.exec(readSql("schema.sql"));
  db.prepare("INSERT INTO version_info (version_info_id, schema_version, library_version) VALUES (1, ?, ?)").run(
    SCHEMA_VERSION,
    libraryVersion,
  );
}
