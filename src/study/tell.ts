/**
 * The rules of tell (Optuna's): which states take values, and what counts as a valid value.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { TrialState } from "../trial/state.js";
import { warn } from "../warnings.js";
import * as messages from "../messages.js";

/** Why values are not acceptable as a COMPLETE trial's, or undefined when they are. */
export function invalidValuesReason(values: unknown, nObjectives: number): string | undefined {
  const arr = typeof values === "number" ? [values] : values;
  if (!Array.isArray(arr)) return `the objective returned ${describe(values)}, not a number${nObjectives > 1 ? " array" : ""}.`;
  if (arr.length !== nObjectives) {
    return `the study has ${nObjectives} objective${nObjectives > 1 ? "s" : ""} but ${arr.length} value${arr.length === 1 ? " was" : "s were"} given.`;
  }
  for (const v of arr) {
    if (typeof v !== "number") return `the value ${describe(v)} is not a number.`;
    if (Number.isNaN(v)) return "the value is NaN.";
  }
  return undefined;
}

function describe(v: unknown): string {
  if (v === undefined) return "undefined";
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Validates tell(values, state) and returns the state and values to write.
 * With `lenient` (what optimize uses), invalid values turn the trial FAIL with a warning instead of throwing.
 * @throws {InvalidArgumentError}
 */
export function checkTellValues(
  trial: FrozenTrial,
  nObjectives: number,
  values: unknown,
  state: TrialState | undefined,
  lenient = false,
): { state: TrialState; values: readonly number[] | undefined } {
  if (state === "RUNNING" || state === "WAITING") {
    throw new InvalidArgumentError(`tell() finishes a trial: state must be COMPLETE, PRUNED or FAIL, not ${state}.`);
  }
  if (state !== undefined && !["COMPLETE", "PRUNED", "FAIL"].includes(state)) {
    throw new InvalidArgumentError(`Unknown state ${JSON.stringify(state)}: use COMPLETE, PRUNED or FAIL.`);
  }
  if (state === "PRUNED" || state === "FAIL") {
    if (values !== undefined) {
      throw new InvalidArgumentError(`A ${state} trial takes no values: call tell(trial, undefined, { state: "${state}" }).`);
    }
    return { state, values: undefined };
  }
  const reason = invalidValuesReason(values, nObjectives);
  if (reason === undefined) {
    const arr = typeof values === "number" ? [values] : (values as number[]);
    return { state: "COMPLETE", values: [...arr] };
  }
  if (state === "COMPLETE" && !lenient) {
    throw new InvalidArgumentError(`Cannot tell trial #${trial.number} COMPLETE: ${reason}`);
  }
  if (values !== undefined && Array.isArray(values) && values.length !== nObjectives && !lenient) {
    throw new InvalidArgumentError(`Cannot tell trial #${trial.number}: ${reason}`);
  }
  warn(messages.trialFailedValues(trial.number, trial.params, reason));
  return { state: "FAIL", values: undefined };
}
