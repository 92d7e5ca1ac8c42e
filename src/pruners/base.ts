/**
 * The Pruner interface: `prune(study, trial)` is the verdict `trial.shouldPrune()` returns.
 * @module
 */
import type { StudyView } from "../core/study-view.js";
import type { FrozenTrial } from "../trial/frozen.js";

/** A pluggable early-stopping rule. */
export interface Pruner {
  /** Whether `trial` (RUNNING, with its intermediate values so far) should stop now. */
  prune(study: StudyView, trial: FrozenTrial): boolean;
  /**
   * Optional: the view of the study the sampler gets for `trial` (Hyperband gives it only the
   * trials of the trial's bracket). Without it the sampler sees the whole study.
   */
  studyForSampler?(study: StudyView, trial: FrozenTrial): StudyView;
}
