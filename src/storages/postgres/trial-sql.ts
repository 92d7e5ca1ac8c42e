/**
 * The SQL of trial writes. Each write of a running trial is one statement (one round trip, atomic
 * on its own) that checks the trial is not finished and writes; creating a trial is one
 * multi-statement round trip that locks the study row first, as Optuna does, so concurrent
 * creators on any host number trials 0, 1, 2 … without gaps or duplicates.
 * @module
 */
import { own } from "../../core/own.js";
import { distributionToJson } from "../../distributions/json.js";
import { toInternal } from "../../distributions/ops.js";
import type { Distribution, ParamValue } from "../../distributions/types.js";
import { InvalidArgumentError } from "../../errors.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { JsonValue } from "../../trial/state.js";
import { intermediateToDb, stringifyJsonLenient, toDbDatetime, valueToDb } from "../codec.js";
import type { Sql } from "./db.js";
import type { PendingBatch } from "./pending.js";
import { childColumns, type Delta, type DistParser, deltaColumns, type Row, toDelta } from "./read.js";
import type { StudyRow } from "./studies-sql.js";

const UNFINISHED = "state IN ('RUNNING', 'WAITING')";

/** The number a new trial of `studyId` gets (the study row must be locked). Inline integers only. */
const nextNumber = (studyId: number): string =>
  `COALESCE((SELECT number + 1 FROM trials WHERE study_id = ${studyId} ORDER BY trial_id DESC LIMIT 1), ` +
  `(SELECT count(*) FROM trials WHERE study_id = ${studyId}))`;

/** A study id must be a whole number (the SQL inlines it). @throws {InvalidArgumentError} */
export function checkStudyId(where: string, studyId: unknown): void {
  if (typeof studyId !== "number" || !Number.isSafeInteger(studyId)) {
    throw new InvalidArgumentError(
      `${where}: studyId must be a whole number, got ${String(studyId)}; pass the id createNewStudy or getStudyIdFromName returned.`,
    );
  }
}

/**
 * Creates a RUNNING trial in one round trip: BEGIN; lock the study row; insert the trial with the
 * next number (and its first heartbeat, in the same transaction); COMMIT. A separate statement
 * after the lock sees every trial committed before it (READ COMMITTED takes a snapshot per
 * statement). @returns [trial_id, number, datetime_start] or undefined when the study is missing.
 */
export async function insertRunningTrial(c: Sql, studyId: number, start: string, heartbeat: boolean): Promise<[number, number, string] | undefined> {
  if (!Number.isInteger(studyId) || !/^[\d :.-]+$/.test(start)) throw new Error(`bad trial insert ${studyId} ${start}`);
  const hb = heartbeat ? ", h AS (INSERT INTO trial_heartbeats (trial_id, heartbeat) SELECT trial_id, LOCALTIMESTAMP FROM t)" : "";
  const sql =
    "BEGIN; " +
    `SELECT study_id FROM studies WHERE study_id = ${studyId} FOR UPDATE; ` +
    `WITH t AS (INSERT INTO trials (number, study_id, state, datetime_start) SELECT ${nextNumber(studyId)}, study_id, 'RUNNING', '${start}' ` +
    `FROM studies WHERE study_id = ${studyId} RETURNING trial_id, number, datetime_start::text AS ds)${hb} SELECT * FROM t; ` +
    "COMMIT";
  try {
    const results = (await c.query(sql)) as unknown as { rows: Record<string, unknown>[] }[];
    const row = results[2]?.rows[0] as { trial_id: number; number: number; ds: string } | undefined;
    return row ? [row.trial_id, row.number, row.ds] : undefined;
  } catch (e) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw e;
  }
}

/** Inside a transaction: locks the study row and inserts a trial row. @returns trial_id, or undefined for a missing study. */
export async function insertTrialRow(
  c: Sql,
  studyId: number,
  state: string,
  start: string | null,
  complete: string | null,
): Promise<number | undefined> {
  const lock = await c.query("SELECT study_id FROM studies WHERE study_id = $1 FOR UPDATE", [studyId]);
  if (lock.rowCount === 0) return undefined;
  const r = await c.query<{ trial_id: number }>(
    `INSERT INTO trials (number, study_id, state, datetime_start, datetime_complete) VALUES (${nextNumber(studyId)}, $1, $2, $3, $4) RETURNING trial_id`,
    [studyId, state, start, complete],
  );
  return r.rows[0]?.trial_id;
}

/** Inside a transaction: a copy of `t` (any state) with all its rows. @returns its id, or undefined for a missing study. */
export async function insertTemplate(c: Sql, studyId: number, t: FrozenTrial): Promise<number | undefined> {
  const start = t.datetimeStart ? toDbDatetime(t.datetimeStart) : t.state === "RUNNING" ? toDbDatetime(new Date()) : null;
  const complete = t.datetimeComplete ? toDbDatetime(t.datetimeComplete) : null;
  const trialId = await insertTrialRow(c, studyId, t.state, start, complete);
  if (trialId === undefined) return undefined;
  for (const [name, d] of Object.entries(t.distributions)) await upsertParam(c, trialId, name, toInternal(d, own(t.params, name) as ParamValue), d, true);
  await upsertValues(c, trialId, t.values ?? []);
  for (const [step, v] of Object.entries(t.intermediateValues)) await upsertIntermediate(c, trialId, Number(step), v, true);
  for (const [k, v] of Object.entries(t.userAttrs)) await upsertAttr(c, "trial", "user", trialId, k, v, true);
  for (const [k, v] of Object.entries(t.systemAttrs)) await upsertAttr(c, "trial", "system", trialId, k, v, true);
  return trialId;
}

/** Upserts a param of an unfinished trial (or unconditionally with `any`). @returns whether it was written. */
export async function upsertParam(c: Sql, trialId: number, name: string, internal: number, d: Distribution, any = false): Promise<boolean> {
  const r = await c.query(
    "INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) " +
      `SELECT trial_id, $2, $3, $4 FROM trials WHERE trial_id = $1${any ? "" : ` AND ${UNFINISHED}`} ` +
      "ON CONFLICT (trial_id, param_name) DO UPDATE SET param_value = excluded.param_value, distribution_json = excluded.distribution_json",
    [trialId, name, internal, distributionToJson(d)],
  );
  return r.rowCount === 1;
}

/** Upserts an intermediate value of an unfinished trial (or unconditionally with `any`). */
export async function upsertIntermediate(c: Sql, trialId: number, step: number, v: number, any = false): Promise<boolean> {
  const [value, type] = intermediateToDb(v);
  const r = await c.query(
    "INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type) " +
      `SELECT trial_id, $2, $3, $4 FROM trials WHERE trial_id = $1${any ? "" : ` AND ${UNFINISHED}`} ` +
      "ON CONFLICT (trial_id, step) DO UPDATE SET intermediate_value = excluded.intermediate_value, intermediate_value_type = excluded.intermediate_value_type",
    [trialId, step, value, type],
  );
  return r.rowCount === 1;
}

/** Upserts a user or system attribute of a trial (unfinished unless `any`) or a study. */
export async function upsertAttr(
  c: Sql,
  owner: "trial" | "study",
  kind: "user" | "system",
  id: number,
  key: string,
  value: JsonValue,
  any = false,
): Promise<boolean> {
  const table = `${owner}_${kind}_attributes`;
  const from = owner === "trial" ? `trials WHERE trial_id = $1${any ? "" : ` AND ${UNFINISHED}`}` : "studies WHERE study_id = $1";
  const r = await c.query(
    `INSERT INTO ${table} (${owner}_id, key, value_json) SELECT ${owner}_id, $2, $3 FROM ${from} ` +
      `ON CONFLICT (${owner}_id, key) DO UPDATE SET value_json = excluded.value_json`,
    [id, key, stringifyJsonLenient(value)],
  );
  return r.rowCount === 1;
}

/** Upserts objective values (inside a transaction). */
export async function upsertValues(c: Sql, trialId: number, values: readonly number[]): Promise<void> {
  if (values.length === 0) return;
  const enc = values.map(valueToDb);
  await c.query(
    "INSERT INTO trial_values (trial_id, objective, value, value_type) " +
      "SELECT $1, v.o, v.x, v.k::trialvaluetype FROM unnest($2::int[], $3::float8[], $4::text[]) AS v(o, x, k) " +
      "ON CONFLICT (trial_id, objective) DO UPDATE SET value = excluded.value, value_type = excluded.value_type",
    [trialId, values.map((_, i) => i), enc.map((e) => e[0]), enc.map((e) => e[1])],
  );
}

/** What setStateValues found and did. */
export interface StateChange {
  /** The state before (undefined: no such trial). */
  before: string | undefined;
  changed: boolean;
  /** The trial as committed before this statement (its children without this statement's writes). */
  row: Row | undefined;
  /** With `since`: the study's record and changed trials as of this statement's snapshot. */
  delta?: Delta;
}

/**
 * Changes a trial's state and values in one statement (one transaction): locks the trial row,
 * refuses a finished trial and a RUNNING claim of a trial that is no longer WAITING, sets the
 * times, upserts the values and the trial's pending writes (only if the change is made) and, on
 * a claim with heartbeats on, the first heartbeat. It also reads the trial as it was, so the
 * caller can build the final trial without another round trip.
 */
export async function setStateValues(
  c: Sql,
  trialId: number,
  state: string,
  now: string,
  values: readonly number[],
  heartbeat: boolean,
  pending: PendingBatch,
  dist: DistParser,
  since?: { afterTrialId: number; ids: readonly number[] },
): Promise<StateChange> {
  const enc = values.map(valueToDb);
  const params: unknown[] = [trialId, state, now, values.map((_, i) => i), enc.map((e) => e[0]), enc.map((e) => e[1])];
  const extra = pendingCtes(pending, params.length + 1, "JOIN upd g ON g.trial_id = x.tid");
  params.push(...extra.params);
  const ctes = [
    "cur AS (SELECT trial_id, number, study_id, state::text AS state, datetime_start::text AS ds FROM trials WHERE trial_id = $1 FOR UPDATE)",
    "upd AS (UPDATE trials t SET state = $2::text::trialstate, " +
      "datetime_start = CASE WHEN $2::text = 'RUNNING' THEN $3::timestamp ELSE t.datetime_start END, " +
      "datetime_complete = CASE WHEN $2::text IN ('COMPLETE', 'PRUNED', 'FAIL') THEN $3::timestamp ELSE t.datetime_complete END " +
      "FROM cur WHERE t.trial_id = cur.trial_id AND cur.state IN ('RUNNING', 'WAITING') AND ($2::text <> 'RUNNING' OR cur.state = 'WAITING') " +
      "RETURNING t.trial_id)",
    "vals AS (INSERT INTO trial_values (trial_id, objective, value, value_type) " +
      "SELECT upd.trial_id, v.o, v.x, v.k::trialvaluetype FROM upd, unnest($4::int[], $5::float8[], $6::text[]) AS v(o, x, k) " +
      "ON CONFLICT (trial_id, objective) DO UPDATE SET value = excluded.value, value_type = excluded.value_type)",
    ...extra.ctes,
  ];
  if (heartbeat) {
    ctes.push(
      "hb AS (INSERT INTO trial_heartbeats (trial_id, heartbeat) SELECT trial_id, LOCALTIMESTAMP FROM upd " +
        "ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat)",
    );
  }
  // The next refresh's read rides along (the caller's next ask needs it): one round trip less.
  let delta = "";
  if (since) {
    params.push(since.afterTrialId, since.ids);
    delta = `, ${deltaColumns("cur.study_id", `$${params.length - 1}`, `$${params.length}`)}`;
  }
  const r = await c.query<Row & { before: string | null; changed: string; study: StudyRow | null; trials: Row[] | null }>(
    `WITH ${ctes.join(", ")} SELECT cur.trial_id, cur.number, cur.study_id, cur.state AS before, cur.ds, ` +
      `(SELECT count(*) FROM upd) AS changed, ${childColumns("cur.trial_id")}${delta} FROM cur`,
    params,
  );
  const row = r.rows[0];
  return { before: row?.before ?? undefined, changed: Number(row?.changed ?? 0) > 0, row, ...(since ? { delta: toDelta(row, dist) } : {}) };
}

/** The distribution JSON a study's trials used for a parameter, if any. */
export async function studyDistribution(c: Sql, studyId: number, name: string): Promise<string | undefined> {
  const r = await c.query<{ j: string }>(
    "SELECT p.distribution_json AS j FROM trial_params p JOIN trials t ON t.trial_id = p.trial_id WHERE t.study_id = $1 AND p.param_name = $2 LIMIT 1",
    [studyId, name],
  );
  return r.rows[0]?.j;
}

/** The state of a trial, or undefined. */
export async function trialState(c: Sql, trialId: number): Promise<{ state: string; number: number | null; studyId: number } | undefined> {
  const r = await c.query<{ state: string; number: number | null; study_id: number }>(
    "SELECT state::text AS state, number, study_id FROM trials WHERE trial_id = $1",
    [trialId],
  );
  const row = r.rows[0];
  return row ? { state: row.state, number: row.number, studyId: row.study_id } : undefined;
}

/** The ids of a study's RUNNING trials. */
export async function runningTrialIds(c: Sql, studyId: number): Promise<number[]> {
  const r = await c.query<{ id: number }>("SELECT trial_id AS id FROM trials WHERE study_id = $1 AND state = 'RUNNING'", [studyId]);
  return r.rows.map((x) => x.id);
}

/** Fails the trials among `ids` that are RUNNING with a heartbeat older than `graceSeconds` (server clock). @returns their ids. */
export async function failStale(c: Sql, ids: readonly number[], graceSeconds: number, now: string): Promise<number[]> {
  const r = await c.query<{ trial_id: number }>(
    "UPDATE trials SET state = 'FAIL', datetime_complete = $3 WHERE trial_id = ANY($1::int[]) AND state = 'RUNNING' " +
      "AND EXISTS (SELECT 1 FROM trial_heartbeats h WHERE h.trial_id = trials.trial_id AND h.heartbeat < LOCALTIMESTAMP - make_interval(secs => $2)) " +
      "RETURNING trial_id",
    [ids, graceSeconds, now],
  );
  return r.rows.map((x) => x.trial_id).sort((a, b) => a - b);
}

/** Sets the heartbeats of `ids` to the server's now (inserting missing rows). */
export async function beat(c: Sql, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await c.query(
    "INSERT INTO trial_heartbeats (trial_id, heartbeat) SELECT id, LOCALTIMESTAMP FROM unnest($1::int[]) AS id " +
      "ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat",
    [ids],
  );
}

/**
 * CTEs that upsert a batch of pending writes, for the rows whose trial passes `guard` (a join on
 * x.tid). Parameters are numbered from `first`. @returns the CTE texts and their parameters.
 */
export function pendingCtes(b: PendingBatch, first: number, guard: string): { ctes: string[]; params: unknown[] } {
  const ctes: string[] = [];
  const params: unknown[] = [];
  const add = (name: string, cols: unknown[][], types: string[], names: string[], insert: string, select = names.map((n) => `x.${n}`)): void => {
    if ((cols[0] as unknown[]).length === 0) return;
    const refs = types.map((t, i) => `$${first + params.length + i}::${t}[]`);
    params.push(...cols);
    ctes.push(`${name} AS (${insert} SELECT ${select.join(", ")} FROM unnest(${refs.join(", ")}) AS x(${names.join(", ")}) ${guard} ${CONFLICT[name]})`);
  };
  add("pp", b.params, ["int", "text", "float8", "text"], ["tid", "k", "v", "j"], "INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json)");
  add("pi", b.inter, ["int", "int", "float8", "text"], ["tid", "k", "v", "j"], "INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type)", [
    "x.tid",
    "x.k",
    "x.v",
    "x.j::trialintermediatevaluetype",
  ]);
  add("pu", b.userAttrs, ["int", "text", "text"], ["tid", "k", "v"], "INSERT INTO trial_user_attributes (trial_id, key, value_json)");
  add("ps", b.systemAttrs, ["int", "text", "text"], ["tid", "k", "v"], "INSERT INTO trial_system_attributes (trial_id, key, value_json)");
  return { ctes, params };
}

const CONFLICT: Record<string, string> = {
  pp: "ON CONFLICT (trial_id, param_name) DO UPDATE SET param_value = excluded.param_value, distribution_json = excluded.distribution_json",
  pi: "ON CONFLICT (trial_id, step) DO UPDATE SET intermediate_value = excluded.intermediate_value, intermediate_value_type = excluded.intermediate_value_type",
  pu: "ON CONFLICT (trial_id, key) DO UPDATE SET value_json = excluded.value_json",
  ps: "ON CONFLICT (trial_id, key) DO UPDATE SET value_json = excluded.value_json",
};

/** Sends a batch of pending writes of unfinished trials in one statement. */
export async function flushPending(c: Sql, b: PendingBatch): Promise<void> {
  if (b.size === 0) return;
  const { ctes, params } = pendingCtes(b, 1, "JOIN trials g ON g.trial_id = x.tid AND g.state IN ('RUNNING', 'WAITING')");
  await c.query(`WITH ${ctes.join(", ")} SELECT 1`, params);
}
