/**
 * The Sampler interface.
 *
 * Order of calls in one trial:
 * 1. `beforeTrial(study, trial)` once, right after the trial is created (or claimed from the queue);
 * 2. on the first suggest that needs the sampler: `inferRelativeSearchSpace(study, trial)` then
 *    `sampleRelative(study, trial, space)`, once per trial;
 * 3. `sampleIndependent(study, trial, name, distribution)` for each parameter the relative sample
 *    does not cover;
 * 4. `afterTrial(study, trial, state, values)` once, before the final state is written.
 *
 * Sampling is synchronous: it reads `study.getTrials()`, a snapshot that never blocks. Values are
 * external (categorical: the choice itself). All randomness goes through the sampler's own seeded
 * `Rng`; the same seed and the same sequence of calls give the same values.
 * @module
 */
import type { Distribution, ParamValue } from "../distributions/types.js";
import type { StudyView } from "../core/study-view.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { TrialState } from "../trial/state.js";

/** A search space: parameter name → distribution. */
export type SearchSpace = Record<string, Distribution>;

/** A pluggable sampling strategy. */
export interface Sampler {
  /** The joint search space for `sampleRelative`; `{}` when the sampler only samples independently. */
  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): SearchSpace;
  /** Joint values for (a subset of) `searchSpace`; `{}` to leave everything to `sampleIndependent`. */
  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: SearchSpace): Record<string, ParamValue>;
  /** One value of `distribution` for parameter `name`. */
  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue;
  /** Optional hook after the trial is created. */
  beforeTrial?(study: StudyView, trial: FrozenTrial): void | Promise<void>;
  /** Optional hook after the objective returned, before the state is written. */
  afterTrial?(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | undefined): void | Promise<void>;
  /**
   * Optional: the seed the sampler was built with (a string form), when it was given one.
   * Deterministic parallel runs derive per-trial seeds from it.
   */
  readonly seed?: string;
  /** Optional: reseed the generator (a given seed, or fresh entropy). */
  reseedRng?(seed?: number | string): void;
}
