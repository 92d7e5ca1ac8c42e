/**
 * Reading trials: one query per table for a set of trial ids, assembled into frozen trials
 * (internal param values → external ones, value types → ±inf / NaN, JSON attributes).
 * @module
 */
import type Database from "better-sqlite3";
import { toExternal } from "../../distributions/ops.js";
import type { Distribution, ParamValue } from "../../distributions/types.js";
import { type FrozenTrial, freezeTrial } from "../../trial/frozen.js";
import type { JsonValue, StudyDirection, TrialState } from "../../trial/state.js";
import type { StudyRecord } from "../base.js";
import type { TrialStamp } from "../cached.js";
import { directionFromDb, fromDbDatetime, parseJsonLenient, valueFromDb } from "../codec.js";
import { setOwn } from "../../core/own.js";

/** A row of the trials table. @internal */
export interface TrialRow {
  trial_id: number;
  number: number | null;
  study_id: number;
  state: string;
  datetime_start: string | null;
  datetime_complete: string | null;
}

/** A trial read from the database, with its study. @internal */
export interface Loaded {
  studyId: number;
  trial: FrozenTrial;
}

/** What loadTrials needs from the storage: its prepared statements and parsed distributions. @internal */
export interface TrialReader {
  st(sql: string): Database.Statement;
  dist(json: string): Distribution;
}

/** Optuna's TrialState names. */
export const STATES: readonly string[] = ["RUNNING", "COMPLETE", "PRUNED", "FAIL", "WAITING"];
export const IN_IDS = "trial_id IN (SELECT value FROM json_each(?))";

/** Reads whole trials by id, in trial_id order (call it inside a read transaction). */
export function loadTrials(r: TrialReader, ids: readonly number[]): Loaded[] {
  if (ids.length === 0) return [];
  const j = JSON.stringify(ids);
  interface Acc {
    row: TrialRow;
    params: Record<string, ParamValue>;
    distributions: Record<string, Distribution>;
    values: number[];
    inter: Record<number, number>;
    ua: Record<string, JsonValue>;
    sa: Record<string, JsonValue>;
  }
  const acc = new Map<number, Acc>();
  const rows = r.st(
    `SELECT trial_id, number, study_id, state, datetime_start, datetime_complete FROM trials WHERE ${IN_IDS} ORDER BY trial_id`,
  ).all(j) as TrialRow[];
  for (const row of rows) acc.set(row.trial_id, { row, params: {}, distributions: {}, values: [], inter: {}, ua: {}, sa: {} });
  for (const p of r.st(`SELECT trial_id, param_name, param_value, distribution_json FROM trial_params WHERE ${IN_IDS}`).raw().all(j) as [
    number,
    string,
    number,
    string,
  ][]) {
    const a = acc.get(p[0]);
    if (!a) continue;
    const d = r.dist(p[3]);
    setOwn(a.distributions, p[1], d);
    setOwn(a.params, p[1], toExternal(d, p[2]));
  }
  for (const v of r.st(`SELECT trial_id, objective, value, value_type FROM trial_values WHERE ${IN_IDS}`).raw().all(j) as [
    number,
    number,
    number | null,
    string,
  ][]) {
    const a = acc.get(v[0]);
    if (a) a.values[v[1]] = valueFromDb(v[2], v[3]);
  }
  for (const v of r.st(
    `SELECT trial_id, step, intermediate_value, intermediate_value_type FROM trial_intermediate_values WHERE ${IN_IDS}`,
  )
    .raw()
    .all(j) as [number, number, number | null, string][]) {
    const a = acc.get(v[0]);
    if (a) a.inter[v[1]] = valueFromDb(v[2], v[3]);
  }
  for (const [table, key] of [
    ["trial_user_attributes", "ua"],
    ["trial_system_attributes", "sa"],
  ] as const) {
    for (const v of r.st(`SELECT trial_id, "key", value_json FROM ${table} WHERE ${IN_IDS}`).raw().all(j) as [
      number,
      string,
      string,
    ][]) {
      const a = acc.get(v[0]);
      if (a) setOwn(a[key], v[1], parseJsonLenient(v[2]) as JsonValue);
    }
  }
  const out: Loaded[] = [];
  for (const a of acc.values()) {
    const r = a.row;
    const datetimeStart = fromDbDatetime(r.datetime_start);
    const datetimeComplete = fromDbDatetime(r.datetime_complete);
    out.push({
      studyId: r.study_id,
      trial: freezeTrial({
        number: r.number ?? -1,
        trialId: r.trial_id,
        state: (STATES.includes(r.state) ? r.state : "FAIL") as TrialState,
        values: a.values.length > 0 ? a.values.slice(0, a.values.length) : undefined,
        params: a.params,
        distributions: a.distributions,
        intermediateValues: a.inter,
        userAttrs: a.ua,
        systemAttrs: a.sa,
        ...(datetimeStart ? { datetimeStart } : {}),
        ...(datetimeComplete ? { datetimeComplete } : {}),
      }),
    });
  }
  return out;
}

/** A study's record: name, directions (default minimize), user and system attributes. */
export function readStudyRecord(r: TrialReader, studyId: number, studyName: string): StudyRecord {
  const directions = (
    r.st("SELECT direction FROM study_directions WHERE study_id = ? ORDER BY objective").pluck().all(studyId) as string[]
  ).map(directionFromDb);
  const attrs = (table: string): Record<string, JsonValue> => {
    const out: Record<string, JsonValue> = {};
    for (const row of r.st(`SELECT "key" AS k, value_json AS v FROM ${table} WHERE study_id = ?`).all(studyId) as { k: string; v: string }[]) {
      setOwn(out, row.k, parseJsonLenient(row.v) as JsonValue);
    }
    return Object.freeze(out);
  };
  return Object.freeze({
    studyId,
    studyName,
    directions: Object.freeze(directions.length > 0 ? directions : (["minimize"] as StudyDirection[])),
    userAttrs: attrs("study_user_attributes"),
    systemAttrs: attrs("study_system_attributes"),
  });
}

/** A trial's number, state and times (CachedStorage's replaced-study probe), or null when the study has no such trial. */
export function readStamp(r: TrialReader, studyId: number, trialId: number): TrialStamp | null {
  const row = r.st("SELECT number, state, datetime_start, datetime_complete FROM trials WHERE trial_id = ? AND study_id = ?").get(trialId, studyId) as
    | Pick<TrialRow, "number" | "state" | "datetime_start" | "datetime_complete">
    | undefined;
  if (row === undefined) return null;
  const datetimeStart = fromDbDatetime(row.datetime_start);
  const datetimeComplete = fromDbDatetime(row.datetime_complete);
  return {
    number: row.number ?? -1,
    state: (STATES.includes(row.state) ? row.state : "FAIL") as TrialState,
    ...(datetimeStart ? { datetimeStart } : {}),
    ...(datetimeComplete ? { datetimeComplete } : {}),
  };
}
