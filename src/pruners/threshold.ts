/**
 * ThresholdPruner: prune when the latest intermediate value leaves [lower, upper] (or is NaN).
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { StudyView } from "../core/study-view.js";
import { type FrozenTrial, lastStep } from "../trial/frozen.js";
import type { Pruner } from "./base.js";
import { describe, intOption, isCheckStep } from "./shared.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link ThresholdPruner}: at least one of `lower` and `upper`. */
export interface ThresholdPrunerOptions {
  /** Prune below this value. Default: no lower bound. */
  lower?: number;
  /** Prune above this value. Default: no upper bound. */
  upper?: number;
  /** No pruning before this step. Default 0. */
  nWarmupSteps?: number;
  /** Check at the first report of every interval of this many steps (after the warmup). Default 1. */
  intervalSteps?: number;
}

const NAME = "ThresholdPruner";

function bound(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || Number.isNaN(v)) {
    throw new InvalidArgumentError(`${NAME}: ${name} must be a number (not NaN), got ${describe(v)}.`);
  }
  return v;
}

/**
 * Prunes a trial as soon as its latest intermediate value is NaN, below `lower` or above
 * `upper`, after the warmup and at the interval's check steps. Useful to stop diverging runs.
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new ThresholdPruner({ upper: 1.0, nWarmupSteps: 3 }) });
 * ```
 */
export class ThresholdPruner implements Pruner {
  readonly lower: number;
  readonly upper: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;

  /** @throws {InvalidArgumentError} one message per bad option. */
  constructor(options: ThresholdPrunerOptions) {
    if (typeof options !== "object" || options === null) {
      throw new InvalidArgumentError(`${NAME} takes an options object with lower and/or upper, got ${describe(options)}.`);
    }
    checkOptionKeys(`new ${NAME}`, options, optionKeys<ThresholdPrunerOptions>({ lower: true, upper: true, nWarmupSteps: true, intervalSteps: true }));
    const lower = bound("lower", options.lower);
    const upper = bound("upper", options.upper);
    if (lower === undefined && upper === undefined) {
      throw new InvalidArgumentError(`${NAME}: give lower, upper or both; neither was given.`);
    }
    this.lower = lower ?? Number.NEGATIVE_INFINITY;
    this.upper = upper ?? Number.POSITIVE_INFINITY;
    if (this.lower > this.upper) {
      throw new InvalidArgumentError(`${NAME}: lower must be <= upper, got lower=${this.lower}, upper=${this.upper}.`);
    }
    this.nWarmupSteps = intOption(NAME, "nWarmupSteps", options.nWarmupSteps ?? 0, 0);
    this.intervalSteps = intOption(NAME, "intervalSteps", options.intervalSteps ?? 1, 1);
  }

  /** Whether the latest value of `trial` is NaN or out of bounds (at a check step). */
  prune(_study: StudyView, trial: FrozenTrial): boolean {
    if (!isCheckStep(trial, this.nWarmupSteps, this.intervalSteps)) return false;
    const v = trial.intermediateValues[lastStep(trial) as number] as number;
    return Number.isNaN(v) || v < this.lower || v > this.upper;
  }
}
