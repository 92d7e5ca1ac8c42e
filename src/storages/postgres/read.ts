/**
 * Reading trials in one round trip: a trials query whose params, values, intermediate values and
 * attributes come along as JSON arrays aggregated by the server, assembled into frozen trials
 * (internal param values → external ones, value types → ±inf / NaN, lenient JSON attributes).
 * @module
 */
import { setOwn } from "../../core/own.js";
import { toExternal } from "../../distributions/ops.js";
import type { Distribution, ParamValue } from "../../distributions/types.js";
import { type FrozenTrial, freezeTrial } from "../../trial/frozen.js";
import type { JsonValue, TrialState } from "../../trial/state.js";
import { fromDbDatetime, parseJsonLenient, valueFromDb, valueToDb } from "../codec.js";
import type { StudyRecord } from "../base.js";
import type { Sql } from "./db.js";
import type { PendingBatch } from "./pending.js";
import { STUDY_COLUMNS, type StudyRow, toStudyRecord } from "./studies-sql.js";

/** Optuna's TrialState names. */
export const STATES: readonly string[] = ["RUNNING", "COMPLETE", "PRUNED", "FAIL", "WAITING"];

const agg = (table: string, cols: string, id: string): string =>
  `(SELECT json_agg(json_build_array(${cols})) FROM ${table} x WHERE x.trial_id = ${id})`;

/** The aggregated child rows of the trial whose id is the SQL expression `id`: columns p, v, iv, ua, sa. */
export const childColumns = (id: string): string =>
  `${agg("trial_params", "x.param_name, x.param_value, x.distribution_json", id)} AS p, ` +
  `${agg("trial_values", "x.objective, x.value, x.value_type::text", id)} AS v, ` +
  `${agg("trial_intermediate_values", "x.step, x.intermediate_value, x.intermediate_value_type::text", id)} AS iv, ` +
  `${agg("trial_user_attributes", "x.key, x.value_json", id)} AS ua, ` +
  `${agg("trial_system_attributes", "x.key, x.value_json", id)} AS sa`;

/** The select list of a whole trial (alias t). */
const TRIAL_SELECT =
  "SELECT t.trial_id, t.number, t.study_id, t.state::text AS state, t.datetime_start::text AS ds, t.datetime_complete::text AS dc, " +
  `${childColumns("t.trial_id")} FROM trials t `;

/** A trial as the queries return it. @internal */
export interface Row {
  trial_id: number;
  number: number | null;
  study_id: number;
  state: string;
  ds: string | null;
  dc: string | null;
  p: [string, number, string][] | null;
  v: [number, number | null, string][] | null;
  iv: [number, number | null, string][] | null;
  ua: [string, string][] | null;
  sa: [string, string][] | null;
}

/** A trial read from the database, with its study. */
export interface Loaded {
  studyId: number;
  trial: FrozenTrial;
}

/** Parses distribution JSON once per distinct text. */
export type DistParser = (json: string) => Distribution;

function attrs(rows: [string, string][] | null): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of rows ?? []) setOwn(out, k, parseJsonLenient(v) as JsonValue);
  return out;
}

/** A row → a frozen trial. @internal */
export function toTrial(r: Row, dist: DistParser): Loaded {
  const params: Record<string, ParamValue> = {};
  const distributions: Record<string, Distribution> = {};
  for (const [name, value, json] of r.p ?? []) {
    const d = dist(json);
    setOwn(distributions, name, d);
    setOwn(params, name, toExternal(d, value));
  }
  const values: number[] = [];
  for (const [i, v, type] of r.v ?? []) values[i] = valueFromDb(v, type);
  const inter: Record<number, number> = {};
  for (const [step, v, type] of r.iv ?? []) inter[step] = valueFromDb(v, type);
  const datetimeStart = fromDbDatetime(r.ds);
  const datetimeComplete = fromDbDatetime(r.dc);
  return {
    studyId: r.study_id,
    trial: freezeTrial({
      number: r.number ?? -1,
      trialId: r.trial_id,
      state: (STATES.includes(r.state) ? r.state : "FAIL") as TrialState,
      values: values.length > 0 ? values.slice() : undefined,
      params,
      distributions,
      intermediateValues: inter,
      userAttrs: attrs(r.ua),
      systemAttrs: attrs(r.sa),
      ...(datetimeStart ? { datetimeStart } : {}),
      ...(datetimeComplete ? { datetimeComplete } : {}),
    }),
  };
}

/** Whole trials by id, in trial_id order. */
export async function loadTrials(c: Sql, ids: readonly number[], dist: DistParser): Promise<Loaded[]> {
  if (ids.length === 0) return [];
  const r = await c.query<Row>(`${TRIAL_SELECT}WHERE t.trial_id = ANY($1::int[]) ORDER BY t.trial_id`, [ids]);
  return r.rows.map((row) => toTrial(row, dist));
}

/** What an incremental read returns: the study's record (undefined: no such study) and the changed trials. */
export interface Delta {
  study: StudyRecord | undefined;
  trials: Loaded[];
}

/**
 * The select list of an incremental read (columns `study` and `trials`): the record of the study
 * `studyId` (an SQL expression) and its trials created after `$after` plus the trials `$ids`
 * (those unfinished at the last read), in trial_id order. Trials of a study commit in trial_id
 * order (each creation holds the study row lock until it commits), so "after the largest id
 * seen" misses none.
 */
export const deltaColumns = (studyId: string, after: string, ids: string): string =>
  `(SELECT row_to_json(s0) FROM (SELECT ${STUDY_COLUMNS} FROM studies s WHERE s.study_id = ${studyId}) s0) AS study, ` +
  `(SELECT json_agg(row_to_json(t0) ORDER BY t0.trial_id) FROM (${TRIAL_SELECT}` +
  `WHERE (t.study_id = ${studyId} AND t.trial_id > ${after}) OR t.trial_id = ANY(${ids}::int[])) t0) AS trials`;

/** Parses the deltaColumns of a row. */
export function toDelta(row: { study: StudyRow | null; trials: Row[] | null } | undefined, dist: DistParser): Delta {
  return {
    study: row?.study ? toStudyRecord(row.study) : undefined,
    trials: (row?.trials ?? []).map((t) => toTrial(t, dist)),
  };
}

/** The incremental read, in one query (see deltaColumns). */
export async function loadTrialsSince(c: Sql, studyId: number, afterTrialId: number, ids: readonly number[], dist: DistParser): Promise<Delta> {
  const r = await c.query<{ study: StudyRow | null; trials: Row[] | null }>(`SELECT ${deltaColumns("$1", "$2", "$3")}`, [studyId, afterTrialId, ids]);
  return toDelta(r.rows[0], dist);
}

/**
 * A trial this process just finished, without reading it back: the row as the server had it
 * before the final statement, with what that statement wrote (state, completion time, values, the
 * pending writes sent with it).
 */
export function finishedTrial(row: Row, state: string, now: string, values: readonly number[], sent: PendingBatch, dist: DistParser): FrozenTrial {
  const merge = <V extends unknown[]>(server: V[] | null, add: V[]): V[] => {
    const m = new Map<unknown, V>();
    for (const x of [...(server ?? []), ...add]) m.set(x[0], x);
    return [...m.values()];
  };
  const rows = (cols: unknown[][]): unknown[][] => (cols[0] as unknown[]).map((_, i) => cols.slice(1).map((col) => col[i]));
  const full: Row = {
    ...row,
    state,
    dc: now,
    p: merge(row.p, rows(sent.params) as [string, number, string][]),
    v: values.map((v, i) => [i, ...valueToDb(v)] as [number, number | null, string]),
    iv: merge(row.iv, rows(sent.inter) as [number, number | null, string][]),
    ua: merge(row.ua, rows(sent.userAttrs) as [string, string][]),
    sa: merge(row.sa, rows(sent.systemAttrs) as [string, string][]),
  };
  return toTrial(full, dist).trial;
}
