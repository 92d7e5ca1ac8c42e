/**
 * Callbacks of optimize: a function `(study, trial) => …`, or an object with
 * `onTrialFinished(study, trial)` (a class with state, as Optuna's callback classes).
 * `MaxTrialsCallback` stops the study once it holds N trials in the given states, counting the
 * trials of every process that writes to the storage, as Optuna's does.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import { checkOptionKeys } from "../core/option-keys.js";
import type { FrozenTrial } from "../trial/frozen.js";
import { TRIAL_STATES, type TrialState } from "../trial/state.js";

/**
 * Called after each trial of optimize (COMPLETE, PRUNED and FAIL alike); `S` is the study it
 * receives (`OptimizeCallback` = `OptimizeCallbackOf<Study>`).
 */
export type OptimizeCallbackOf<S> =
  | ((study: S, trial: FrozenTrial) => void | Promise<void>)
  | { onTrialFinished(study: S, trial: FrozenTrial): void | Promise<void> };

/** What MaxTrialsCallback needs of a study. */
export interface CountableStudy {
  refresh(): Promise<void>;
  readonly trials: readonly FrozenTrial[];
  getTrials(options: { states?: readonly TrialState[] }): readonly FrozenTrial[];
  stop(): void;
}

/** Runs a callback of either form. @internal */
export async function runCallback<S>(cb: OptimizeCallbackOf<S>, study: S, trial: FrozenTrial): Promise<void> {
  if (typeof cb === "function") await cb(study, trial);
  else await cb.onTrialFinished(study, trial);
}

/** Options of {@link MaxTrialsCallback}. */
export interface MaxTrialsCallbackOptions {
  /** The states that count; null counts every state. Default ["COMPLETE"]. */
  states?: readonly TrialState[] | null;
}

/**
 * Stops optimize once the study holds `nTrials` trials in `states` (default COMPLETE), whichever
 * process ran them: it refreshes the study from the storage before counting. Useful when several
 * processes share a study and `nTrials` (per call) cannot say "100 in all".
 * @example
 *   await study.optimize(objective, { callbacks: [new MaxTrialsCallback(100, { states: ["COMPLETE", "PRUNED"] })] });
 */
export class MaxTrialsCallback {
  readonly nTrials: number;
  readonly states: readonly TrialState[] | null;

  /** @throws {InvalidArgumentError} when nTrials is not a non-negative integer or a state is unknown. */
  constructor(nTrials: number, options: MaxTrialsCallbackOptions = {}) {
    if (!Number.isSafeInteger(nTrials) || nTrials < 0) {
      throw new InvalidArgumentError(`MaxTrialsCallback: nTrials must be a non-negative integer, got ${String(nTrials)}.`);
    }
    checkOptionKeys("new MaxTrialsCallback", options, ["states"]);
    const states = options.states === undefined ? ["COMPLETE" as const] : options.states;
    if (states !== null) {
      if (!Array.isArray(states)) throw new InvalidArgumentError("MaxTrialsCallback: states must be an array of trial states or null.");
      for (const s of states) {
        if (!(TRIAL_STATES as readonly string[]).includes(s)) {
          throw new InvalidArgumentError(`MaxTrialsCallback: unknown state ${JSON.stringify(s)}; use ${TRIAL_STATES.join(", ")}.`);
        }
      }
    }
    this.nTrials = nTrials;
    this.states = states === null ? null : [...states];
  }

  async onTrialFinished(study: CountableStudy, _trial: FrozenTrial): Promise<void> {
    await study.refresh();
    const n = this.states === null ? study.trials.length : study.getTrials({ states: this.states }).length;
    if (n >= this.nTrials) study.stop();
  }
}
