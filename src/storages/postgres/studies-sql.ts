/**
 * The SQL of studies: create (name unique by the index), delete with all rows that hang on it,
 * and read studies with their directions and attributes in one query.
 * @module
 */
import { setOwn } from "../../core/own.js";
import type { StudyDirection } from "../../trial/state.js";
import type { JsonValue } from "../../trial/state.js";
import type { StudyRecord } from "../base.js";
import { directionFromDb, parseJsonLenient } from "../codec.js";
import type { Sql } from "./db.js";

/** Inside a transaction. @returns the new id, or undefined when the name is taken. */
export async function insertStudy(c: Sql, name: string, directions: readonly string[]): Promise<number | undefined> {
  const r = await c.query<{ id: number }>("INSERT INTO studies (study_name) VALUES ($1) ON CONFLICT (study_name) DO NOTHING RETURNING study_id AS id", [name]);
  const id = r.rows[0]?.id;
  if (id === undefined) return undefined;
  await c.query(
    "INSERT INTO study_directions (direction, study_id, objective) SELECT d::studydirection, $1, o - 1 FROM unnest($2::text[]) WITH ORDINALITY AS x(d, o)",
    [id, directions],
  );
  return id;
}

const TRIAL_TABLES = ["trial_params", "trial_values", "trial_intermediate_values", "trial_user_attributes", "trial_system_attributes", "trial_heartbeats"];
const STUDY_TABLES = ["study_user_attributes", "study_system_attributes", "study_directions"];

/** Inside a transaction. @returns whether the study existed. */
export async function deleteStudy(c: Sql, studyId: number): Promise<boolean> {
  const lock = await c.query("SELECT study_id FROM studies WHERE study_id = $1 FOR UPDATE", [studyId]);
  if (lock.rowCount === 0) return false;
  for (const t of TRIAL_TABLES) await c.query(`DELETE FROM ${t} WHERE trial_id IN (SELECT trial_id FROM trials WHERE study_id = $1)`, [studyId]);
  await c.query("DELETE FROM trials WHERE study_id = $1", [studyId]);
  for (const t of STUDY_TABLES) await c.query(`DELETE FROM ${t} WHERE study_id = $1`, [studyId]);
  await c.query("DELETE FROM studies WHERE study_id = $1", [studyId]);
  return true;
}

/** A study as the queries return it. */
export interface StudyRow {
  id: number;
  name: string;
  dirs: string[] | null;
  ua: [string, string][] | null;
  sa: [string, string][] | null;
}

function attrs(rows: [string, string][] | null): Readonly<Record<string, JsonValue>> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of rows ?? []) setOwn(out, k, parseJsonLenient(v) as JsonValue);
  return Object.freeze(out);
}

/** The select list of a study (alias s): id, name, dirs, ua, sa. */
export const STUDY_COLUMNS =
  "s.study_id AS id, s.study_name AS name, " +
  "(SELECT array_agg(d.direction::text ORDER BY d.objective) FROM study_directions d WHERE d.study_id = s.study_id) AS dirs, " +
  "(SELECT json_agg(json_build_array(a.key, a.value_json)) FROM study_user_attributes a WHERE a.study_id = s.study_id) AS ua, " +
  "(SELECT json_agg(json_build_array(a.key, a.value_json)) FROM study_system_attributes a WHERE a.study_id = s.study_id) AS sa";

/** A study row → its record. */
export function toStudyRecord(row: StudyRow): StudyRecord {
  const directions = (row.dirs ?? []).map(directionFromDb);
  return Object.freeze({
    studyId: row.id,
    studyName: row.name,
    directions: Object.freeze(directions.length > 0 ? directions : (["minimize"] as StudyDirection[])),
    userAttrs: attrs(row.ua),
    systemAttrs: attrs(row.sa),
  });
}

/** One study (by id) or all, ordered by id. */
export async function loadStudies(c: Sql, studyId?: number): Promise<StudyRecord[]> {
  const r = await c.query<StudyRow>(
    `SELECT ${STUDY_COLUMNS} FROM studies s ${studyId === undefined ? "" : "WHERE s.study_id = $1 "}ORDER BY s.study_id`,
    studyId === undefined ? [] : [studyId],
  );
  return r.rows.map(toStudyRecord);
}
