/**
 * The PostgreSQL layout: storage/postgres/schema.sql on a schema without Optuna's tables, and the
 * check a database passes before it is used (the same rules as SQLite's):
 *
 *   open ─ no tables in the schema? ── yes ─→ run schema.sql under an advisory lock (head v3.2.0.a)
 *            │ no
 *            └─ Optuna's tables? ── none / some missing ─→ StorageError (not a study database)
 *                 │ all there
 *                 └─ schema_version 12 and a known revision? ── no ─→ StorageVersionError
 *                      │ yes (v3.2.0.a, or v3.0.0.d: used read-write as is, upgraded on request)
 *                      └─ ready
 * @module
 */
import { readdirSync } from "node:fs";
import { StorageError, StorageVersionError } from "../../errors.js";
import { HEAD_REVISION, OLD_REVISIONS, OPTUNA_31_REVISION, SCHEMA_VERSION, STORAGE_DIR, readSql } from "../sqlite/schema.js";
import type { Db, Sql } from "./db.js";

const LIBRARY_VERSION = "parzen-0.1.0";
/** Optuna's tables; a schema with all of them is a study database. */
export const OPTUNA_TABLES = [
  "studies",
  "study_directions",
  "study_user_attributes",
  "study_system_attributes",
  "trials",
  "trial_user_attributes",
  "trial_system_attributes",
  "trial_params",
  "trial_values",
  "trial_intermediate_values",
  "trial_heartbeats",
  "version_info",
  "alembic_version",
];
/** pg_advisory_xact_lock key of schema creation and migration ("parzen" in ASCII). */
const LOCK_KEY = 0x7061727a656e;

async function tables(c: Sql): Promise<string[]> {
  const r = await c.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
  );
  return r.rows.map((x) => x.t);
}

async function revision(c: Sql, where: string): Promise<string> {
  const v = await c.query<{ v: number }>("SELECT schema_version AS v FROM version_info WHERE version_info_id = 1");
  const a = await c.query<{ r: string }>("SELECT version_num AS r FROM alembic_version");
  const version = v.rows[0]?.v;
  const rev = a.rows[0]?.r;
  const upgrade = "Upgrade it with Python Optuna (`optuna storage upgrade --storage URL`) and open it again.";
  if (version !== SCHEMA_VERSION || rev === undefined) {
    throw new StorageVersionError(
      `${where} has Optuna schema version ${String(version)} (revision ${String(rev)}); parzen reads version ${SCHEMA_VERSION}. ${upgrade}`,
    );
  }
  if (rev === HEAD_REVISION || rev === OPTUNA_31_REVISION) return rev;
  if (OLD_REVISIONS.includes(rev)) {
    throw new StorageVersionError(`${where} is at Optuna's revision ${rev}, older than Optuna 3.0's schema. ${upgrade}`);
  }
  throw new StorageVersionError(
    `${where} is at revision ${rev}, newer than the ones this version of parzen knows (${OPTUNA_31_REVISION}, ${HEAD_REVISION}). ` +
      "Upgrade parzen, or point the URL at a database written by an Optuna version <= 5.0.",
  );
}

/**
 * Makes sure the URL's schema holds a study database parzen can use, creating it when the schema
 * is empty. @returns the Alembic revision.
 */
export async function prepareSchema(db: Db, options: { upgrade?: boolean }): Promise<string> {
  const where = db.where;
  return db.run(
    async (c) => {
      let found = await tables(c);
      if (found.length === 0 || (options.upgrade && found.includes("alembic_version"))) {
        await c.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
        found = await tables(c);
        if (found.length === 0) {
          await c.query(readSql("postgres/schema.sql"));
          await c.query("INSERT INTO version_info (version_info_id, schema_version, library_version) VALUES (1, $1, $2)", [
            SCHEMA_VERSION,
            LIBRARY_VERSION,
          ]);
          found = await tables(c);
        }
      }
      const missing = OPTUNA_TABLES.filter((t) => !found.includes(t));
      if (missing.length > 0) {
        const schema = (await c.query<{ s: string }>("SELECT current_schema() AS s")).rows[0]?.s ?? "public";
        throw new StorageError(
          `${where} (schema ${schema}) holds tables ${found.slice(0, 8).join(", ")}${found.length > 8 ? " …" : ""} but not Optuna's ` +
            `(missing ${missing.slice(0, 4).join(", ")}${missing.length > 4 ? " …" : ""}), so parzen will not write into it. ` +
            "Create a database of its own (createdb parzen) and name it in the URL, or give parzen a schema of its own: " +
            "CREATE SCHEMA parzen, then add ?options=-csearch_path%3Dparzen to the URL.",
        );
      }
      let rev = await revision(c, where);
      if (options.upgrade && rev !== HEAD_REVISION) rev = await migrate(c, rev);
      return rev;
    },
    { transaction: true, retry: "open" },
  );
}

/** Applies storage/postgres/migrations/ from `rev` to the head (inside the caller's transaction). */
async function migrate(c: Sql, rev: string): Promise<string> {
  const files = readdirSync(`${STORAGE_DIR}postgres/migrations`).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
  let current = rev;
  while (current !== HEAD_REVISION) {
    const next = files.map((f) => readSql(`postgres/migrations/${f}`)).find((sql) => /^-- from: (\S+)/m.exec(sql)?.[1] === current);
    if (!next) throw new StorageVersionError(`No PostgreSQL migration from revision ${current} to ${HEAD_REVISION}.`);
    await c.query(next);
    current = /^-- to: (\S+)/m.exec(next)?.[1] ?? HEAD_REVISION;
  }
  return current;
}
