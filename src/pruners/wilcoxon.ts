/**
 * WilcoxonPruner: for objectives that average a score over problem instances (folds, datasets,
 * seeds), reported with the instance id as the step. Prunes a trial once a one-sided Wilcoxon
 * signed-rank test says its scores are worse than the best trial's on the same instances.
 * @module
 */
import { InvalidArgumentError, NoCompletedTrialsError } from "../errors.js";
import { bestTrialOf } from "../storages/queries.js";
import type { StudyView } from "../core/study-view.js";
import type { FrozenTrial } from "../trial/frozen.js";
import { warn } from "../warnings.js";
import * as messages from "../messages.js";
import type { Pruner } from "./base.js";
import { describe, intOption } from "./shared.js";
import { signedRankPValue } from "./signed-rank.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link WilcoxonPruner}. */
export interface WilcoxonPrunerOptions {
  /** Prune when the p-value is below this (0–1; larger prunes more). Default 0.1. */
  pThreshold?: number;
  /** No pruning before this many steps are paired with the best trial's (at least 2 are always needed). Default 2. */
  nStartupSteps?: number;
}

const NAME = "WilcoxonPruner";

/**
 * Warning codes of the WilcoxonPruner.
 * @deprecated the codes and texts live in src/messages.ts (`WARNING_CODES.wilcoxon*`).
 */
export const WILCOXON_WARNINGS = {
  nonFinite: messages.WARNING_CODES.wilcoxonNonFinite,
  bestHasNoValues: messages.WARNING_CODES.wilcoxonBestHasNoValues,
  unpairedSteps: messages.WARNING_CODES.wilcoxonUnpairedSteps,
} as const;

/**
 * Optuna's `WilcoxonPruner`. The differences d = current − best over the steps both trials
 * reported are tested with SciPy's signed-rank test (`zero_method="zsplit"`), alternative
 * "greater" when minimizing and "less" when maximizing. The trial is pruned when p < pThreshold,
 * unless the mean of its values is already at least as good as the best trial's mean (a safety
 * net). Never prunes, with a warning, when either trial has an infinite or NaN value.
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new WilcoxonPruner({ pThreshold: 0.1 }) });
 * await study.optimize((trial) => {
 *   const x = trial.suggestFloat("x", -1, 1);
 *   let sum = 0;
 *   for (const [i, instance] of instances.entries()) {
 *     const loss = (x - instance) ** 2;
 *     sum += loss;
 *     trial.report(loss, i);
 *     if (trial.shouldPrune()) return sum / (i + 1); // or throw new TrialPruned()
 *   }
 *   return sum / instances.length;
 * });
 * ```
 */
export class WilcoxonPruner implements Pruner {
  readonly pThreshold: number;
  readonly nStartupSteps: number;

  /** @throws {InvalidArgumentError} one message per bad option. */
  constructor(options: WilcoxonPrunerOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new InvalidArgumentError(`${NAME} takes an options object, got ${describe(options)}.`);
    }
    checkOptionKeys(`new ${NAME}`, options, optionKeys<WilcoxonPrunerOptions>({ pThreshold: true, nStartupSteps: true }));
    const p = options.pThreshold ?? 0.1;
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new InvalidArgumentError(`${NAME}: pThreshold must be a number in [0, 1], got ${describe(p)}.`);
    }
    this.pThreshold = p;
    this.nStartupSteps = intOption(NAME, "nStartupSteps", options.nStartupSteps ?? 2, 0);
  }

  /** Whether `trial` is significantly worse than the best trial on the steps both reported. */
  prune(study: StudyView, trial: FrozenTrial): boolean {
    const own = Object.entries(trial.intermediateValues).map(([k, v]) => [Number(k), v] as const);
    if (own.length === 0) return false;
    if (own.some(([, v]) => !Number.isFinite(v))) {
      warn(messages.wilcoxonTrialNonFinite(trial.number));
      return false;
    }
    let best: FrozenTrial;
    try {
      best = bestTrialOf(study.getTrials({ states: ["COMPLETE"] }), study.directions);
    } catch (e) {
      if (e instanceof NoCompletedTrialsError) return false;
      throw e;
    }
    const bestValues = best.intermediateValues;
    const bestList = Object.values(bestValues);
    if (bestList.length === 0) {
      warn(messages.wilcoxonBestHasNoValues(best.number));
      return false;
    }
    if (bestList.some((v) => !Number.isFinite(v))) {
      warn(messages.wilcoxonBestNonFinite(best.number, trial.number));
      return false;
    }
    const diffs: number[] = [];
    for (const [step, v] of own.sort((a, b) => a[0] - b[0])) {
      const b = bestValues[step];
      if (b !== undefined) diffs.push(v - b);
    }
    if (diffs.length < own.length) {
      warn(messages.wilcoxonUnpairedSteps(trial.number, best.number));
    }
    if (diffs.length < Math.max(2, this.nStartupSteps)) return false;
    const maximize = study.directions[0] === "maximize";
    const ownMean = own.reduce((s, [, v]) => s + v, 0) / own.length;
    const bestMean = bestList.reduce((s, v) => s + v, 0) / bestList.length;
    const p = signedRankPValue(diffs, maximize ? "less" : "greater");
    if (!(p < this.pThreshold)) return false;
    // Safety: a trial whose mean is already as good as the best trial's is not pruned.
    const averageIsBest = maximize ? bestMean <= ownMean : bestMean >= ownMean;
    return !averageIsBest;
  }
}
