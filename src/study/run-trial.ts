/**
 * runTrial: ask → objective → tell, the one path every mode (sequential, concurrent, worker
 * threads, CLI) uses. TrialPruned → PRUNED; a throw or an invalid value (NaN, wrong count) → FAIL.
 * @module
 */
import { TrialPruned } from "../errors.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { Trial } from "../trial/trial.js";
import { warn } from "../warnings.js";
import type { Study } from "./study.js";
import { checkTellValues } from "./tell.js";

/** The objective's return value. */
export type ObjectiveResult = number | readonly number[];

/** The outcome of one trial. */
export interface TrialOutcome {
  readonly trial: FrozenTrial;
  /** The error the objective threw (not TrialPruned), if any. */
  readonly error?: unknown;
}

/**
 * Runs `execute` on a trial (already asked) and tells the result.
 * @internal
 */
export async function runAskedTrial(
  study: Study,
  trial: Trial,
  execute: (trial: Trial) => Promise<ObjectiveResult>,
): Promise<TrialOutcome> {
  let result: unknown;
  let error: unknown;
  let pruned = false;
  try {
    result = await execute(trial);
  } catch (e) {
    if (e instanceof TrialPruned || (e instanceof Error && e.name === "TrialPruned")) pruned = true;
    else error = e ?? new Error("The objective threw undefined.");
  }
  if (pruned) return { trial: await study.finish(trial, "PRUNED", undefined) };
  if (error !== undefined) {
    const msg = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    warn("PARZEN_TRIAL_FAILED", `Trial #${trial.number} failed with parameters ${JSON.stringify(trial.params)} because of ${msg}`);
    return { trial: await study.finish(trial, "FAIL", undefined), error };
  }
  const checked = checkTellValues(trial.frozen, study.directions.length, result, undefined, true);
  return { trial: await study.finish(trial, checked.state, checked.values) };
}
