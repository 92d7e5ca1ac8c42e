/**
 * PercentilePruner (and MedianPruner = the 50th percentile): prune when the trial's best
 * intermediate value so far is worse than the given percentile of the COMPLETE trials' values
 * at the same step.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { StudyView } from "../study/view.js";
import { type FrozenTrial, lastStep } from "../trial/frozen.js";
import type { Pruner } from "./base.js";

/** Options shared by the percentile-style pruners. */
export interface PercentilePrunerOptions {
  /** 0–100. */
  percentile: number;
  /** No pruning until this many trials are COMPLETE. Default 5. */
  nStartupTrials?: number;
  /** No pruning before this step. Default 0. */
  nWarmupSteps?: number;
  /** Check every this many steps. Default 1. */
  intervalSteps?: number;
  /** No pruning unless this many COMPLETE trials reported at the step. Default 1. */
  nMinTrials?: number;
}

function intOption(name: string, v: number, min: number, pruner: string): number {
  if (!Number.isInteger(v) || v < min) {
    throw new InvalidArgumentError(`${pruner}: ${name} must be an integer >= ${min}, got ${String(v)}.`);
  }
  return v;
}

/**
 * The shared warmup / interval rule: true when the trial's last step is one where a pruner
 * should decide. @internal
 */
export function isCheckStep(trial: FrozenTrial, nWarmupSteps: number, intervalSteps: number): boolean {
  const step = lastStep(trial);
  if (step === undefined || step < nWarmupSteps) return false;
  if (intervalSteps === 1) return true;
  const boundary = Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps + nWarmupSteps;
  let prevOther = -Infinity;
  for (const k of Object.keys(trial.intermediateValues)) {
    const s = Number(k);
    if (s !== step && s > prevOther) prevOther = s;
  }
  return prevOther < boundary;
}

/** Linear-interpolation percentile of non-NaN values (NumPy's nanpercentile); NaN when empty. */
export function nanPercentile(values: readonly number[], q: number): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const pos = ((v.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = v[lo] as number;
  const b = v[hi] as number;
  return lo === hi ? a : a + (b - a) * (pos - lo);
}

/** Prunes trials worse than a percentile of the others at the same step. */
export class PercentilePruner implements Pruner {
  readonly percentile: number;
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;

  /** @throws {InvalidArgumentError} one message per bad option. */
  constructor(options: PercentilePrunerOptions, name = "PercentilePruner") {
    const p = options.percentile;
    if (typeof p !== "number" || !(p >= 0 && p <= 100)) {
      throw new InvalidArgumentError(`${name}: percentile must be a number in [0, 100], got ${String(p)}.`);
    }
    this.percentile = p;
    this.nStartupTrials = intOption("nStartupTrials", options.nStartupTrials ?? 5, 0, name);
    this.nWarmupSteps = intOption("nWarmupSteps", options.nWarmupSteps ?? 0, 0, name);
    this.intervalSteps = intOption("intervalSteps", options.intervalSteps ?? 1, 1, name);
    this.nMinTrials = intOption("nMinTrials", options.nMinTrials ?? 1, 1, name);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const complete = study.getTrials({ states: ["COMPLETE"] });
    if (complete.length < this.nStartupTrials) return false;
    if (!isCheckStep(trial, this.nWarmupSteps, this.intervalSteps)) return false;
    const step = lastStep(trial) as number;
    const maximize = study.directions[0] === "maximize";
    const own = Object.values(trial.intermediateValues).filter((x) => !Number.isNaN(x));
    if (own.length === 0) return true;
    const best = maximize ? Math.max(...own) : Math.min(...own);
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

/** Prunes trials whose best intermediate value is worse than the median of the others at the same step. */
export class MedianPruner extends PercentilePruner {
  constructor(options: MedianPrunerOptions = {}) {
    super({ ...options, percentile: 50 }, "MedianPruner");
  }
}
