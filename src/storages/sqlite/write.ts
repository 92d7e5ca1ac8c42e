/**
 * The writes of rows (call them inside a write transaction): a study with its directions, a trial
 * (new, or a copy of a template), and the upserts of trial data — params as internal values,
 * objective and intermediate values with Optuna's value types, JSON attributes.
 * @module
 */
import { distributionToJson } from "../../distributions/json.js";
import { toInternal } from "../../distributions/ops.js";
import type { Distribution, ParamValue } from "../../distributions/types.js";
import { DuplicatedStudyError, InvalidArgumentError } from "../../errors.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { JsonValue, StudyDirection } from "../../trial/state.js";
import { directionToDb, intermediateToDb, stringifyJsonLenient, toDbDatetime, valueToDb } from "../codec.js";
import type { TrialReader } from "./read.js";

export function upsertParam(r: TrialReader, trialId: number, name: string, internal: number, d: Distribution): void {
  r.st(
    "INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, ?, ?) " +
      "ON CONFLICT (trial_id, param_name) DO UPDATE SET param_value = excluded.param_value, distribution_json = excluded.distribution_json",
  ).run(trialId, name, internal, distributionToJson(d));
}

export function upsertValue(r: TrialReader, trialId: number, objective: number, v: number): void {
  const [value, type] = valueToDb(v);
  r.st(
    "INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, ?, ?, ?) " +
      "ON CONFLICT (trial_id, objective) DO UPDATE SET value = excluded.value, value_type = excluded.value_type",
  ).run(trialId, objective, value, type);
}

export function upsertIntermediate(r: TrialReader, trialId: number, step: number, v: number): void {
  const [value, type] = intermediateToDb(v);
  r.st(
    "INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type) VALUES (?, ?, ?, ?) " +
      "ON CONFLICT (trial_id, step) DO UPDATE SET intermediate_value = excluded.intermediate_value, " +
      "intermediate_value_type = excluded.intermediate_value_type",
  ).run(trialId, step, value, type);
}

export function upsertAttr(r: TrialReader, table: string, idColumn: string, id: number, key: string, value: JsonValue): void {
  r.st(
    `INSERT INTO ${table} (${idColumn}, "key", value_json) VALUES (?, ?, ?) ` +
      `ON CONFLICT (${idColumn}, "key") DO UPDATE SET value_json = excluded.value_json`,
  ).run(id, key, stringifyJsonLenient(value));
}

/** Inserts a study and its directions. @returns its id. @throws {DuplicatedStudyError} */
export function insertStudy(r: TrialReader, directions: readonly StudyDirection[], studyName: string): number {
  if (r.st("SELECT 1 FROM studies WHERE study_name = ?").get(studyName)) throw new DuplicatedStudyError(studyName);
  const id = Number(r.st("INSERT INTO studies (study_name) VALUES (?)").run(studyName).lastInsertRowid);
  directions.forEach((d, i) => {
    r.st("INSERT INTO study_directions (direction, study_id, objective) VALUES (?, ?, ?)").run(directionToDb(d), id, i);
  });
  return id;
}

/**
 * Inserts a trial of an existing study: RUNNING and started `now`, or a copy of `template` (any
 * state, its number ignored); `check` checks each parameter's distribution against the study's.
 * @returns [trial id, number]
 */
export function insertTrial(
  r: TrialReader,
  studyId: number,
  template: FrozenTrial | undefined,
  now: Date,
  check: (name: string, d: Distribution) => void,
): readonly [number, number] {
  const last = r.st("SELECT number FROM trials WHERE study_id = ? ORDER BY trial_id DESC LIMIT 1").get(studyId) as
    | { number: number | null }
    | undefined;
  const number =
    last === undefined
      ? 0
      : last.number !== null
        ? last.number + 1
        : (r.st("SELECT COUNT(*) FROM trials WHERE study_id = ?").pluck().get(studyId) as number);
  const start = template ? template.datetimeStart : now;
  const complete = template?.datetimeComplete;
  const id = Number(
    r.st("INSERT INTO trials (number, study_id, state, datetime_start, datetime_complete) VALUES (?, ?, ?, ?, ?)").run(
      number,
      studyId,
      template?.state ?? "RUNNING",
      start ? toDbDatetime(start) : null,
      complete ? toDbDatetime(complete) : null,
    ).lastInsertRowid,
  );
  if (template) {
    for (const [name, d] of Object.entries(template.distributions)) {
      if (!Object.hasOwn(template.params, name)) throw new InvalidArgumentError(`The trial has a distribution for "${name}" but no value.`);
      check(name, d);
      upsertParam(r, id, name, toInternal(d, template.params[name] as ParamValue), d);
    }
    template.values?.forEach((v, i) => upsertValue(r, id, i, v));
    for (const [step, v] of Object.entries(template.intermediateValues)) upsertIntermediate(r, id, Number(step), v);
    for (const [k, v] of Object.entries(template.userAttrs)) upsertAttr(r, "trial_user_attributes", "trial_id", id, k, v);
    for (const [k, v] of Object.entries(template.systemAttrs)) upsertAttr(r, "trial_system_attributes", "trial_id", id, k, v);
  }
  return [id, number] as const;
}
