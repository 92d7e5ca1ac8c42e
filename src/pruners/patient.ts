/**
 * PatientPruner: wait `patience` steps without improvement before letting a wrapped pruner
 * (or, without one, itself) prune.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { StudyView } from "../core/study-view.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { Pruner } from "./base.js";
import { describe, intOption, nanBest, numberOption } from "./shared.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link PatientPruner}. */
export interface PatientPrunerOptions {
  /** Consulted once the trial stopped improving; without one, such a trial is pruned. */
  wrappedPruner?: Pruner;
  /** Reports without improvement (an integer >= 0) before pruning is considered. Required. */
  patience: number;
  /** An improvement smaller than this (>= 0) does not count. Default 0. */
  minDelta?: number;
}

const NAME = "PatientPruner";

/**
 * Optuna's `PatientPruner`. With more than `patience + 1` reports, the reported values (by step)
 * are split into "before" (all but the last `patience + 1`) and "recent" (the last `patience + 1`).
 * The trial stopped improving when `nanmin(before) + minDelta < nanmin(recent)` (minimize) or
 * `nanmax(before) − minDelta > nanmax(recent)` (maximize); then the wrapped pruner decides, or
 * the trial is pruned when there is none. The sampler sees what the wrapped pruner shows it.
 *
 * @example
 * ```ts
 * const pruner = new PatientPruner({ wrappedPruner: new MedianPruner(), patience: 3 });
 * ```
 */
export class PatientPruner implements Pruner {
  readonly wrappedPruner: Pruner | undefined;
  readonly patience: number;
  readonly minDelta: number;

  /** @throws {InvalidArgumentError} one message per bad option. */
  constructor(options: PatientPrunerOptions) {
    if (typeof options !== "object" || options === null) {
      throw new InvalidArgumentError(`${NAME} takes an options object { wrappedPruner?, patience, minDelta? }, got ${describe(options)}.`);
    }
    checkOptionKeys(`new ${NAME}`, options, optionKeys<PatientPrunerOptions>({ wrappedPruner: true, patience: true, minDelta: true }));
    const w = options.wrappedPruner;
    if (w !== undefined && (typeof w !== "object" || w === null || typeof (w as Pruner).prune !== "function")) {
      throw new InvalidArgumentError(`${NAME}: wrappedPruner must be a Pruner (an object with prune()) or undefined, got ${describe(w)}.`);
    }
    this.wrappedPruner = w;
    this.patience = intOption(NAME, "patience", options.patience, 0);
    this.minDelta = numberOption(NAME, "minDelta", options.minDelta ?? 0, 0);
    if (w?.studyForSampler !== undefined) {
      const inner = w;
      this.studyForSampler = (study, trial) => inner.studyForSampler?.(study, trial) ?? study;
    }
  }

  /** The wrapped pruner's view for the sampler, when it has one. */
  studyForSampler?: (study: StudyView, trial: FrozenTrial) => StudyView;

  /** Whether `trial` stopped improving (and the wrapped pruner, if any, agrees to prune). */
  prune(study: StudyView, trial: FrozenTrial): boolean {
    const steps = Object.keys(trial.intermediateValues)
      .map(Number)
      .sort((a, b) => a - b);
    if (steps.length <= this.patience + 1) return false;
    const values = steps.map((s) => trial.intermediateValues[s] as number);
    const cut = steps.length - this.patience - 1;
    const maximize = study.directions[0] === "maximize";
    const before = nanBest(values.slice(0, cut), maximize);
    const recent = nanBest(values.slice(cut), maximize);
    const stalled = maximize ? before - this.minDelta > recent : before + this.minDelta < recent;
    if (!stalled) return false;
    return this.wrappedPruner ? this.wrappedPruner.prune(study, trial) : true;
  }
}
