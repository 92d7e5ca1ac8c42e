/**
 * runTrial: ask → objective → tell, the one path every mode (sequential, concurrent, worker
 * threads, CLI) uses. TrialPruned → PRUNED; a throw or an invalid value (NaN, wrong count) → FAIL.
 * @module
 */
import type { ObjectiveResult } from "../core/objective.js";
import { TrialPruned, TrialTimeoutError } from "../errors.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { Trial } from "../trial/trial.js";
import { warn } from "../warnings.js";
import * as messages from "../messages.js";
import type { TrialFinisher } from "./runtime.js";
import { checkTellValues } from "./tell.js";
import { logFinishedTrial } from "./trial-log.js";

export type { ObjectiveResult } from "../core/objective.js";

/** The outcome of one trial. */
export interface TrialOutcome {
  readonly trial: FrozenTrial;
  /** The error the objective threw (not TrialPruned), if any. */
  readonly error?: unknown;
}

/** A per-trial time limit (optimize's trialTimeout). */
export interface TrialLimit {
  readonly seconds: number;
  /** The objective runs on a worker thread (which `trial.signal` terminates). */
  readonly onWorker: boolean;
}

/** TrialPruned's message, without the default text (Optuna prints "Trial 3 pruned. " + str(e)). */
function prunedMessage(e: Error): string {
  return e.message === new TrialPruned().message ? "" : e.message;
}

/**
 * The objective's result, or a TrialTimeoutError at the limit: then `trial.signal` is aborted
 * (which also terminates a worker thread running it) and the objective is no longer awaited.
 */
function withLimit(trial: Trial, run: Promise<ObjectiveResult>, limit: TrialLimit | undefined): Promise<ObjectiveResult> {
  if (limit === undefined) return run;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const e = new TrialTimeoutError(`Trial #${trial.number} ran longer than trialTimeout (${limit.seconds} s).`);
      trial.abort(e);
      reject(e);
    }, limit.seconds * 1000);
    run.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/**
 * Runs `execute` on a trial (already asked) and tells the result. At `limit` the trial is FAIL
 * with a warning, and the outcome has no error (a time limit is not a failure of the run).
 * @internal
 */
export async function runAskedTrial(
  study: TrialFinisher,
  trial: Trial,
  execute: (trial: Trial) => Promise<ObjectiveResult>,
  limit?: TrialLimit,
): Promise<TrialOutcome> {
  let result: unknown;
  let error: unknown;
  let pruned: string | undefined;
  try {
    result = await withLimit(trial, execute(trial), limit);
  } catch (e) {
    if (e instanceof TrialPruned || (e instanceof Error && e.name === "TrialPruned")) pruned = prunedMessage(e as Error);
    else error = e ?? new Error(`The objective threw ${String(e)} instead of an Error: throw new Error("why") to say what failed.`);
  }
  if (pruned !== undefined) {
    const frozen = await study.finish(trial, "PRUNED", undefined);
    logFinishedTrial(frozen, study, pruned);
    return { trial: frozen };
  }
  if (error instanceof TrialTimeoutError && trial.signal.reason === error) {
    warn(messages.trialTimedOut(trial.number, (limit as TrialLimit).seconds, (limit as TrialLimit).onWorker));
    return { trial: await study.finish(trial, "FAIL", undefined) };
  }
  if (error !== undefined) {
    warn(messages.trialFailedWithError(trial.number, trial.params, error));
    return { trial: await study.finish(trial, "FAIL", undefined), error };
  }
  const checked = checkTellValues(trial.frozen, study.directions.length, result, undefined, true);
  const frozen = await study.finish(trial, checked.state, checked.values);
  logFinishedTrial(frozen, study);
  return { trial: frozen };
}
