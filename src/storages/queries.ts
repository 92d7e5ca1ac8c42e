/**
 * Derived queries over a study's trials, written once for every backend.
 * @module
 */
import { InvalidArgumentError, NoCompletedTrialsError } from "../errors.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { StudyDirection } from "../trial/state.js";

/**
 * The best COMPLETE trial of a single-objective study (ties: the earlier trial).
 * @throws {NoCompletedTrialsError} when no trial is complete.
 */
export function bestTrialOf(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial {
  if (directions.length !== 1) {
    throw new InvalidArgumentError(
      "bestTrial/bestValue/bestParams are for single-objective studies; use bestTrials (the Pareto front) in a multi-objective study.",
    );
  }
  const sign = directions[0] === "maximize" ? -1 : 1;
  let best: FrozenTrial | undefined;
  for (const t of trials) {
    if (t.state !== "COMPLETE" || t.value === undefined) continue;
    if (best === undefined || sign * t.value < sign * (best.value as number)) best = t;
  }
  if (best === undefined) {
    throw new NoCompletedTrialsError(
      "No trial is complete yet, so there is no best trial. Run study.optimize() or tell() a value first.",
    );
  }
  return best;
}

/** Counts trials by state. */
export function countByState(trials: readonly FrozenTrial[]): Record<FrozenTrial["state"], number> {
  const out = { RUNNING: 0, WAITING: 0, COMPLETE: 0, PRUNED: 0, FAIL: 0 };
  for (const t of trials) out[t.state]++;
  return out;
}
