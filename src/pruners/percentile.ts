/**
 * PercentilePruner (and MedianPruner = the 50th percentile): prune when the trial's best
 * intermediate value so far is worse than the given percentile of the COMPLETE trials' values
 * at the same step.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { StudyView } from "../core/study-view.js";
import { type FrozenTrial, lastStep } from "../trial/frozen.js";
import type { Pruner } from "./base.js";
import { describe, intOption, isCheckStep, nanBest, nanPercentile } from "./shared.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

const PERCENTILE_KEYS = optionKeys<PercentilePrunerOptions>({
  percentile: true,
  nStartupTrials: true,
  nWarmupSteps: true,
  intervalSteps: true,
  nMinTrials: true,
});
const MEDIAN_KEYS = PERCENTILE_KEYS.filter((k) => k !== "percentile");

/** Options shared by the percentile-style pruners. */
export interface PercentilePrunerOptions {
  /** 0–100: for minimize, prune above this percentile of the other trials (for maximize, below 100 − it). */
  percentile: number;
  /** No pruning until this many trials are COMPLETE. Default 5. */
  nStartupTrials?: number;
  /** No pruning before this step. Default 0. */
  nWarmupSteps?: number;
  /** Check at the first report of every interval of this many steps (after the warmup). Default 1. */
  intervalSteps?: number;
  /** No pruning unless this many COMPLETE trials reported at the step. Default 1. */
  nMinTrials?: number;
}

/**
 * Prunes trials whose best intermediate value so far is worse than a percentile of the COMPLETE
 * trials' values at the same step. A trial whose values are all NaN is pruned.
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new PercentilePruner({ percentile: 25, nWarmupSteps: 5 }) });
 * ```
 */
export class PercentilePruner implements Pruner {
  readonly percentile: number;
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;

  /**
   * @param options see {@link PercentilePrunerOptions}
   * @param name the class name used in error messages @internal
   * @throws {InvalidArgumentError} one message per bad option.
   */
  constructor(options: PercentilePrunerOptions, name = "PercentilePruner") {
    if (typeof options !== "object" || options === null) {
      throw new InvalidArgumentError(`${name} takes an options object, got ${describe(options)}.`);
    }
    checkOptionKeys(`new ${name}`, options, PERCENTILE_KEYS);
    const p = options.percentile;
    if (typeof p !== "number" || !(p >= 0 && p <= 100)) {
      throw new InvalidArgumentError(`${name}: percentile must be a number in [0, 100], got ${describe(p)}.`);
    }
    this.percentile = p;
    this.nStartupTrials = intOption(name, "nStartupTrials", options.nStartupTrials ?? 5, 0);
    this.nWarmupSteps = intOption(name, "nWarmupSteps", options.nWarmupSteps ?? 0, 0);
    this.intervalSteps = intOption(name, "intervalSteps", options.intervalSteps ?? 1, 1);
    this.nMinTrials = intOption(name, "nMinTrials", options.nMinTrials ?? 1, 1);
  }

  /** Whether `trial` should stop at its last reported step. */
  prune(study: StudyView, trial: FrozenTrial): boolean {
    const complete = study.getTrials({ states: ["COMPLETE"] });
    if (complete.length === 0 || complete.length < this.nStartupTrials) return false;
    if (!isCheckStep(trial, this.nWarmupSteps, this.intervalSteps)) return false;
    const step = lastStep(trial) as number;
    const maximize = study.directions[0] === "maximize";
    const best = nanBest(Object.values(trial.intermediateValues), maximize);
    if (Number.isNaN(best)) return true;
    const others: number[] = [];
    for (const t of complete) {
      const v = t.intermediateValues[step];
      if (v !== undefined) others.push(v);
    }
    if (others.length < this.nMinTrials) return false;
    const p = nanPercentile(others, maximize ? 100 - this.percentile : this.percentile);
    if (Number.isNaN(p)) return false;
    return maximize ? best < p : best > p;
  }
}

/** Options of MedianPruner. */
export type MedianPrunerOptions = Omit<PercentilePrunerOptions, "percentile">;

/**
 * Prunes trials whose best intermediate value is worse than the median of the COMPLETE trials'
 * values at the same step: `PercentilePruner` at 50. The default pruner of a study.
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 10 }) });
 * ```
 */
export class MedianPruner extends PercentilePruner {
  /** @throws {InvalidArgumentError} one message per bad option. */
  constructor(options: MedianPrunerOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new InvalidArgumentError(`MedianPruner takes an options object, got ${describe(options)}.`);
    }
    checkOptionKeys("new MedianPruner", options, MEDIAN_KEYS);
    super({ ...options, percentile: 50 }, "MedianPruner");
  }
}
