/**
 * The upserts of trial data (call them inside a write transaction): params as internal values,
 * objective and intermediate values with Optuna's value types, JSON attributes.
 * @module
 */
import { distributionToJson } from "../../distributions/json.js";
import type { Distribution } from "../../distributions/types.js";
import type { JsonValue } from "../../trial/state.js";
import { intermediateToDb, stringifyJsonLenient, valueToDb } from "./codec.js";
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
