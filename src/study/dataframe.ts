/**
 * trialsDataframe: the trials as a table with Optuna's flattened column names.
 * @module
 */
import type { FrozenTrial } from "../trial/frozen.js";
import type { JsonValue } from "../trial/state.js";
import { own } from "../core/own.js";

/** A table: column names and one object per row keyed by those names. */
export interface TrialsTable {
  readonly columns: string[];
  readonly rows: Record<string, JsonValue | Date | undefined>[];
}

/** Which groups of columns to include. */
export type DataframeAttr =
  | "number"
  | "value"
  | "datetime_start"
  | "datetime_complete"
  | "duration"
  | "params"
  | "user_attrs"
  | "system_attrs"
  | "intermediate_values"
  | "constraints"
  | "state";

const DEFAULT_ATTRS: readonly DataframeAttr[] = [
  "number",
  "value",
  "datetime_start",
  "datetime_complete",
  "duration",
  "params",
  "user_attrs",
  "constraints",
  "state",
];

/**
 * Builds the table; `nObjectives` > 1 gives values_0, values_1 … columns; trials with
 * constraints add one `constraints_<name>` column per constraint name.
 */
export function trialsTable(
  trials: readonly FrozenTrial[],
  nObjectives: number,
  attrs: readonly DataframeAttr[] = DEFAULT_ATTRS,
): TrialsTable {
  const keysOf = (pick: (t: FrozenTrial) => object): string[] =>
    [...new Set(trials.flatMap((t) => Object.keys(pick(t))))].sort();
  const columns: string[] = [];
  const groups: Record<string, string[]> = {
    params: keysOf((t) => t.params),
    user_attrs: keysOf((t) => t.userAttrs),
    system_attrs: keysOf((t) => t.systemAttrs),
    intermediate_values: keysOf((t) => t.intermediateValues).sort((a, b) => Number(a) - Number(b)),
    constraints: keysOf((t) => t.constraints ?? {}),
  };
  for (const a of attrs) {
    if (a === "value") {
      if (nObjectives > 1) for (let i = 0; i < nObjectives; i++) columns.push(`values_${i}`);
      else columns.push("value");
    } else if (a in groups) {
      const prefix = a === "intermediate_values" ? "intermediate_values" : a;
      for (const k of groups[a] as string[]) columns.push(a === "constraints" ? `constraints_${k}` : `${prefix}_${k.replace(/^_+/, "")}`);
    } else columns.push(a);
  }
  const rows = trials.map((t) => {
    const r: Record<string, JsonValue | Date | undefined> = {};
    for (const a of attrs) {
      switch (a) {
        case "number":
          r.number = t.number;
          break;
        case "value":
          if (nObjectives > 1) for (let i = 0; i < nObjectives; i++) r[`values_${i}`] = t.values?.[i];
          else r.value = t.values?.[0];
          break;
        case "datetime_start":
          r.datetime_start = t.datetimeStart;
          break;
        case "datetime_complete":
          r.datetime_complete = t.datetimeComplete;
          break;
        case "duration":
          r.duration = t.duration;
          break;
        case "state":
          r.state = t.state;
          break;
        case "params":
          for (const k of groups.params as string[]) r[`params_${k.replace(/^_+/, "")}`] = own(t.params, k);
          break;
        case "user_attrs":
          for (const k of groups.user_attrs as string[]) r[`user_attrs_${k.replace(/^_+/, "")}`] = own(t.userAttrs, k);
          break;
        case "system_attrs":
          for (const k of groups.system_attrs as string[]) r[`system_attrs_${k.replace(/^_+/, "")}`] = own(t.systemAttrs, k);
          break;
        case "constraints":
          for (const k of groups.constraints as string[]) r[`constraints_${k}`] = t.constraints?.[k];
          break;
        case "intermediate_values":
          for (const k of groups.intermediate_values as string[]) r[`intermediate_values_${k}`] = t.intermediateValues[Number(k)];
          break;
      }
    }
    return r;
  });
  return { columns, rows };
}
