/**
 * StudyView (ground floor): what samplers, pruners and importance see of a study. The study implements it; a pruner may hand
 * the sampler a narrower view (Hyperband's brackets) through `Pruner.studyForSampler`.
 * @module
 */
import type { FrozenTrial } from "../trial/frozen.js";
import type { JsonValue, StudyDirection, TrialState } from "../trial/state.js";

/** The read side of a study, as this process last saw it, plus the few writes samplers need. */
export interface StudyView {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  /**
   * The trials ordered by number: the snapshot taken at the last ask/tell/refresh, with this
   * process's running trials as they are now. Never blocks.
   */
  getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[];
  /** Asks the running `optimize` to finish its current trials and return. */
  stop(): void;
  /**
   * Sets a system attribute of a running trial: visible at once in this process's view, written
   * to storage before the trial is told.
   */
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): void;
}
