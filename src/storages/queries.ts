/**
 * Derived queries over a study's trials, written once for every backend.
 * @module
 */
import { InvalidArgumentError, NoCompletedTrialsError, NoFeasibleTrialsError } from "../errors.js";
import { isFeasible, totalViolation } from "../core/constraints.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { StudyDirection } from "../trial/state.js";

/**
 * The best feasible COMPLETE trial of a single-objective study (ties: the earlier trial); a trial
 * is feasible when all its constraints are ≤ 0 (a trial without constraints is feasible).
 * @throws {NoCompletedTrialsError} when no trial is complete.
 * @throws {NoFeasibleTrialsError} when trials are complete but none is feasible.
 */
export function bestTrialOf(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial {
  if (directions.length !== 1) {
    throw new InvalidArgumentError(
      "bestTrial/bestValue/bestParams are for single-objective studies; use bestTrials (the Pareto front) in a multi-objective study.",
    );
  }
  const sign = directions[0] === "maximize" ? -1 : 1;
  let best: FrozenTrial | undefined;
  let complete = 0;
  let leastViolating: FrozenTrial | undefined;
  for (const t of trials) {
    if (t.state !== "COMPLETE" || t.value === undefined) continue;
    complete++;
    if (!isFeasible(t)) {
      if (leastViolating === undefined || totalViolation(t.constraints) < totalViolation(leastViolating.constraints)) leastViolating = t;
      continue;
    }
    if (best === undefined || sign * t.value < sign * (best.value as number)) best = t;
  }
  if (best === undefined && complete > 0) {
    const lv = leastViolating as FrozenTrial;
    throw new NoFeasibleTrialsError(
      `None of the ${complete} complete trials is feasible (every one has a constraint > 0), so there is no best trial. ` +
        `The least violating is trial #${lv.number} (total violation ${totalViolation(lv.constraints)}); ` +
        "run more trials, or look at study.trials and their `constraints`.",
    );
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
