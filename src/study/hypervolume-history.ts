/**
 * getHypervolumeHistory: the hypervolume of the feasible Pareto front after each COMPLETE trial,
 * in trial order. Incremental (as Optuna's plot): a trial that is infeasible, weakly dominated by
 * the current front, or not better than the reference point in every objective leaves the value
 * unchanged; otherwise the value grows by its box minus the front clipped to that box, and the
 * front drops the points it dominates.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import { box, hypervolumeUnchecked } from "../multi-objective/hypervolume.js";
import { dominatesMin } from "../multi-objective/sorting.js";
import { isFeasible } from "../core/constraints.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { StudyDirection, TrialState } from "../trial/state.js";

/** One point of the history. */
export interface HypervolumePoint {
  /** The trial's number. */
  readonly number: number;
  /** Hypervolume of the feasible front of the COMPLETE trials up to and including it. */
  readonly hypervolume: number;
}

/** What the history needs of a study. */
export interface HypervolumeStudy {
  readonly directions: readonly StudyDirection[];
  getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[];
}

/**
 * The history against `referencePoint`, given in the study's own directions (for a maximized
 * objective, a value below which trials add nothing).
 * @throws {InvalidArgumentError} for a single-objective study or a reference point of the wrong length.
 */
export function getHypervolumeHistory(study: HypervolumeStudy, referencePoint: readonly number[]): HypervolumePoint[] {
  const dirs = study.directions;
  if (dirs.length < 2) throw new InvalidArgumentError("getHypervolumeHistory: the study has a single objective; use the optimization history instead.");
  if (referencePoint.length !== dirs.length || referencePoint.some((v) => typeof v !== "number" || Number.isNaN(v))) {
    throw new InvalidArgumentError(`getHypervolumeHistory: the reference point must be ${dirs.length} numbers (one per objective), got ${JSON.stringify(referencePoint)}.`);
  }
  const signs = dirs.map((d) => (d === "maximize" ? -1 : 1));
  const ref = referencePoint.map((v, i) => v * (signs[i] as number));
  let front: number[][] = [];
  let hv = 0;
  const out: HypervolumePoint[] = [];
  for (const t of study.getTrials({ states: ["COMPLETE"] })) {
    if (t.values === undefined || !isFeasible(t)) {
      out.push({ number: t.number, hypervolume: hv });
      continue;
    }
    const v = t.values.map((x, i) => x * (signs[i] as number));
    const inside = v.every((x, i) => x < (ref[i] as number));
    const covered = front.some((f) => f.every((x, i) => x <= (v[i] as number)));
    if (inside && !covered) {
      hv += box(v, ref) - hypervolumeUnchecked(front.map((f) => f.map((x, i) => Math.max(x, v[i] as number))), ref);
      front = front.filter((f) => !dominatesMin(v, f));
      front.push(v);
    }
    out.push({ number: t.number, hypervolume: hv });
  }
  return out;
}
