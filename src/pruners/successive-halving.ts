/**
 * SuccessiveHalvingPruner: asynchronous successive halving (ASHA). Rung r is reached at step
 * `minResource · η^(s + r)` (s = minEarlyStoppingRate); there the trial's latest value is
 * recorded in its system attr `completed_rung_<r>`, and the trial survives only if it is in
 * the top 1/η of all values recorded at that rung.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { StudyView } from "../core/study-view.js";
import { type FrozenTrial, lastStep } from "../trial/frozen.js";
import type { Pruner } from "./base.js";
import { describe, intOption } from "./shared.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link SuccessiveHalvingPruner}. */
export interface SuccessiveHalvingPrunerOptions {
  /**
   * Steps before the first rung. `"auto"` (default): `max(1, floor(L / 100))` with L the largest
   * last step of the COMPLETE trials, fixed at the first prune call after one trial completes
   * (no pruning before that).
   */
  minResource?: number | "auto";
  /** η ≥ 2: a rung keeps the top 1/η of its trials. Default 4. */
  reductionFactor?: number;
  /** s ≥ 0: the first rung is at `minResource · η^s`. Default 0. */
  minEarlyStoppingRate?: number;
  /** A rung prunes every trial until more than this many trials reached it. Needs a numeric minResource. Default 0. */
  bootstrapCount?: number;
}

const SH_KEYS = optionKeys<SuccessiveHalvingPrunerOptions>({ minResource: true, reductionFactor: true, minEarlyStoppingRate: true, bootstrapCount: true });

/** The system attr where a trial's value at rung r is recorded. */
export function completedRungKey(rung: number): string {
  return `completed_rung_${rung}`;
}

const NAME = "SuccessiveHalvingPruner";

/**
 * Asynchronous successive halving, as Optuna's `SuccessiveHalvingPruner`.
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 }) });
 * ```
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;
  private resource: number | undefined;

  /** @throws {InvalidArgumentError} one message per bad option. */
  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new InvalidArgumentError(`${NAME} takes an options object, got ${describe(options)}.`);
    }
    checkOptionKeys(`new ${NAME}`, options, SH_KEYS);
    const minResource = options.minResource ?? "auto";
    if (minResource !== "auto") {
      if (typeof minResource !== "number" || !Number.isSafeInteger(minResource) || minResource < 1) {
        throw new InvalidArgumentError(`${NAME}: minResource must be an integer >= 1 or "auto", got ${describe(minResource)}.`);
      }
      this.resource = minResource;
    }
    this.reductionFactor = intOption(NAME, "reductionFactor", options.reductionFactor ?? 4, 2);
    this.minEarlyStoppingRate = intOption(NAME, "minEarlyStoppingRate", options.minEarlyStoppingRate ?? 0, 0);
    this.bootstrapCount = intOption(NAME, "bootstrapCount", options.bootstrapCount ?? 0, 0);
    if (this.bootstrapCount > 0 && minResource === "auto") {
      throw new InvalidArgumentError(
        `${NAME}: bootstrapCount > 0 needs a numeric minResource, not "auto" (got bootstrapCount ${this.bootstrapCount}).`,
      );
    }
  }

  /** The steps before the first rung, or undefined while "auto" has not been estimated yet. */
  get minResource(): number | undefined {
    return this.resource;
  }

  /** Whether `trial` should stop at its last reported step; records the rungs it completes. */
  prune(study: StudyView, trial: FrozenTrial): boolean {
    const step = lastStep(trial);
    if (step === undefined) return false;
    const value = trial.intermediateValues[step] as number;
    const maximize = study.directions[0] === "maximize";
    let rung = 0;
    while (Object.hasOwn(trial.systemAttrs, completedRungKey(rung))) rung++;
    let trials: readonly FrozenTrial[] | undefined;
    for (;;) {
      if (this.resource === undefined) {
        trials ??= study.getTrials();
        this.resource = estimateMinResource(trials);
        if (this.resource === undefined) return false;
      }
      const promotionStep = this.resource * this.reductionFactor ** (this.minEarlyStoppingRate + rung);
      if (step < promotionStep) return false;
      if (Number.isNaN(value)) return true;
      trials ??= study.getTrials();
      const key = completedRungKey(rung);
      study.setTrialSystemAttr(trial.trialId, key, value);
      const competing = [value];
      for (const t of trials) {
        if (t.trialId === trial.trialId) continue;
        const v = t.systemAttrs[key];
        if (typeof v === "number") competing.push(v);
        else if (v === null) competing.push(Number.NaN);
      }
      // `competing` includes this trial, hence `<=`.
      if (competing.length <= this.bootstrapCount) return true;
      if (!isPromotable(value, competing, this.reductionFactor, maximize)) return true;
      rung++;
    }
  }
}

/** `max(1, floor(L / 100))` with L the largest last step of the COMPLETE trials. @internal */
export function estimateMinResource(trials: readonly FrozenTrial[]): number | undefined {
  let max: number | undefined;
  for (const t of trials) {
    if (t.state !== "COMPLETE") continue;
    const s = lastStep(t);
    if (s !== undefined && (max === undefined || s > max)) max = s;
  }
  return max === undefined ? undefined : Math.max(Math.floor(max / 100), 1);
}

/** Whether `value` is in the top 1/η of `competing` (which includes it). @internal */
export function isPromotable(value: number, competing: number[], reductionFactor: number, maximize: boolean): boolean {
  let i = Math.floor(competing.length / reductionFactor) - 1;
  // Trials cannot be suspended and resumed, so the first η − 1 trials of a rung are promoted
  // only if they are the best so far.
  if (i === -1) i = 0;
  // NumPy-like sort: NaN last.
  const sorted = [...competing].sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
  return maximize ? value >= (sorted[sorted.length - 1 - i] as number) : value <= (sorted[i] as number);
}
