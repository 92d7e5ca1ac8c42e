/**
 * runTrial: ask → objective → tell, the one path every mode (sequential, concurrent, worker
 * threads, CLI) uses. TrialPruned → PRUNED; a throw or an invalid value (NaN, wrong count) → FAIL.
 * @module
 */
import type { ObjectiveResult } from "../core/objective.js";
import { TrialPruned } from "../errors.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { Trial } from "../trial/trial.js";
import { warn } from "../warnings.js";
import * as messages from "../messages.js";
import type { TrialFinisher } from "./runtime.js";
import { checkTellValues } from "./tell.js";

export type { ObjectiveResult } from "../core/objective.js";

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
  study: TrialFinisher,
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
    else error = e ?? new Error(`The objective threw ${String(e)} instead of an Error: throw new Error("why") to say what failed.`);
  }
  if (pruned) return { trial: await study.finish(trial, "PRUNED", undefined) };
  if (error !== undefined) {
    warn(messages.trialFailedWithError(trial.number, trial.params, error));
    return { trial: await study.finish(trial, "FAIL", undefined), error };
  }
  const checked = checkTellValues(trial.frozen, study.directions.length, result, undefined, true);
  return { trial: await study.finish(trial, checked.state, checked.values) };
}
