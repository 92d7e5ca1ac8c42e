/**
 * Numbered migrations: storage/migrations/NNN_<from>_to_<to>.sql, applied in order inside one
 * IMMEDIATE transaction. Each file names its `from` and `to` revision in its header comment.
 * @module
 */
import { readdirSync } from "node:fs";
import type { Database } from "better-sqlite3";
import { StorageVersionError } from "../../errors.js";
import { HEAD_REVISION, STORAGE_DIR, readSql } from "./schema.js";

interface Migration {
  file: string;
  from: string;
  to: string;
  sql: string;
}

function migrations(): Migration[] {
  const files = readdirSync(`${STORAGE_DIR}migrations`).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
  return files.map((file) => {
    const sql = readSql(`migrations/${file}`);
    const from = /^-- from: (\S+)/m.exec(sql)?.[1];
    const to = /^-- to: (\S+)/m.exec(sql)?.[1];
    if (!from || !to) throw new StorageVersionError(`Migration ${file} lacks its "-- from:" / "-- to:" header.`);
    return { file, from, to, sql };
  });
}

/**
 * Upgrades a database from `revision` to the head. Runs inside the caller's transaction.
 * @returns the migrations applied (file names).
 * @throws {StorageVersionError} when no chain of migrations leads from `revision` to the head.
 */
export function migrate(db: Database, revision: string): string[] {
  const applied: string[] = [];
  const all = migrations();
  let current = revision;
  while (current !== HEAD_REVISION) {
    const m = all.find((x) => x.from === current);
    if (!m) throw new StorageVersionError(`No migration from revision ${current} to ${HEAD_REVISION}.`);
    db.exec(m.sql);
    applied.push(m.file);
    current = m.to;
  }
  return applied;
}
