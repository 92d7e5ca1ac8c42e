/**
 * HyperbandPruner: several SuccessiveHalvingPruners ("brackets") with different first rungs,
 * each seeing only its own trials. A trial's bracket is a hash of the study name and the trial
 * number, so it is stable for a study name. Through `studyForSampler`, the sampler also sees only
 * the trials of the current trial's bracket (no special case in the core).
 * @module
 */
import assert from "node:assert/strict";
import { crc32 } from "node:zlib";
import { InvalidArgumentError } from "../errors.js";
import type { StudyView } from "../core/study-view.js";
import { type FrozenTrial, lastStep } from "../trial/frozen.js";
import type { JsonValue, StudyDirection, TrialState } from "../trial/state.js";
import type { Pruner } from "./base.js";
import { describe, intOption } from "./shared.js";
import { SuccessiveHalvingPruner } from "./successive-halving.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

const HYPERBAND_KEYS = optionKeys<HyperbandPrunerOptions>({ minResource: true, maxResource: true, reductionFactor: true, bootstrapCount: true });

/** Options of {@link HyperbandPruner}. */
export interface HyperbandPrunerOptions {
  /** Steps before the first rung of the most aggressive bracket. Default 1. */
  minResource?: number;
  /**
   * The most steps a trial runs. `"auto"` (default): the last step of the first COMPLETE trial
   * seen + 1, fixed then (no pruning before a trial completes).
   */
  maxResource?: number | "auto";
  /** η ≥ 2. Default 3. */
  reductionFactor?: number;
  /** Passed to each bracket's SuccessiveHalvingPruner. Needs a numeric maxResource. Default 0. */
  bootstrapCount?: number;
}

const NAME = "HyperbandPruner";

/**
 * Hyperband on top of asynchronous successive halving, as Optuna's `HyperbandPruner`.
 * `nBrackets = floor(log_η(maxResource / minResource)) + 1` (computed exactly, so at exact powers
 * such as 243 = 3^5 it can be one more than Optuna's floating-point count); bracket b has the trial budget
 * `ceil(nBrackets · η^s / (s + 1))` with `s = nBrackets − 1 − b`, and a trial falls in the bracket
 * where `crc32("<studyName>_<number>") mod totalBudget` lands in the cumulative budgets.
 * Reproducing a run needs a fixed `studyName`.
 *
 * @example
 * ```ts
 * const study = await createStudy({ studyName: "lr", pruner: new HyperbandPruner({ maxResource: 100 }) });
 * ```
 */
export class HyperbandPruner implements Pruner {
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly bootstrapCount: number;
  private maxResourceValue: number | undefined;
  private brackets: { pruner: SuccessiveHalvingPruner; budget: number }[] = [];
  private totalBudget = 0;

  /** @throws {InvalidArgumentError} one message per bad option. */
  constructor(options: HyperbandPrunerOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new InvalidArgumentError(`${NAME} takes an options object, got ${describe(options)}.`);
    }
    checkOptionKeys(`new ${NAME}`, options, HYPERBAND_KEYS);
    this.minResource = intOption(NAME, "minResource", options.minResource ?? 1, 1);
    const maxResource = options.maxResource ?? "auto";
    if (maxResource !== "auto") {
      if (typeof maxResource !== "number" || !Number.isSafeInteger(maxResource) || maxResource < this.minResource) {
        throw new InvalidArgumentError(
          `${NAME}: maxResource must be an integer >= minResource (${this.minResource}) or "auto", got ${describe(maxResource)}.`,
        );
      }
      this.maxResourceValue = maxResource;
    }
    this.reductionFactor = intOption(NAME, "reductionFactor", options.reductionFactor ?? 3, 2);
    this.bootstrapCount = intOption(NAME, "bootstrapCount", options.bootstrapCount ?? 0, 0);
    if (this.bootstrapCount > 0 && maxResource === "auto") {
      throw new InvalidArgumentError(
        `${NAME}: bootstrapCount > 0 needs a numeric maxResource, not "auto" (got bootstrapCount ${this.bootstrapCount}).`,
      );
    }
  }

  /** The max resource, or undefined while "auto" has not been fixed yet. */
  get maxResource(): number | undefined {
    return this.maxResourceValue;
  }

  /** The number of brackets, or undefined before initialization (maxResource "auto" and no COMPLETE trial yet). */
  get nBrackets(): number | undefined {
    return this.brackets.length > 0 ? this.brackets.length : undefined;
  }

  /** Each bracket's trial budget (empty before initialization). */
  get budgets(): readonly number[] {
    return this.brackets.map((b) => b.budget);
  }

  /** Whether `trial` should stop: its bracket's successive halving over the bracket's trials. */
  prune(study: StudyView, trial: FrozenTrial): boolean {
    if (!this.initialize(study)) return false;
    const b = this.bracketOf(study.studyName, trial.number);
    return (this.brackets[b] as { pruner: SuccessiveHalvingPruner }).pruner.prune(this.bracketView(study, trial.number), trial);
  }

  /** The sampler sees only the trials of `trial`'s bracket (all trials before initialization). */
  studyForSampler(study: StudyView, trial: FrozenTrial): StudyView {
    this.initialize(study);
    return this.bracketView(study, trial.number);
  }

  /**
   * The bracket of trial `trialNumber` in study `studyName` (0 before initialization).
   */
  bracketOf(studyName: string, trialNumber: number): number {
    if (this.brackets.length === 0) return 0;
    let n = crc32(`${studyName}_${trialNumber}`) % this.totalBudget;
    for (let b = 0; b < this.brackets.length; b++) {
      n -= (this.brackets[b] as { budget: number }).budget;
      if (n < 0) return b;
    }
    assert.fail("unreachable: the budgets sum to totalBudget");
  }

  /** The trials in the same bracket as trial `trialNumber` (every trial before initialization). */
  private bracketView(study: StudyView, trialNumber: number): StudyView {
    const name = study.studyName;
    return new BracketView(study, (t) => this.bracketOf(name, t.number) === this.bracketOf(name, trialNumber));
  }

  /** Builds the brackets once maxResource is known; false while it is not. */
  private initialize(study: StudyView): boolean {
    if (this.brackets.length > 0) return true;
    if (this.maxResourceValue === undefined) {
      let max: number | undefined;
      for (const t of study.getTrials({ states: ["COMPLETE"] })) {
        const s = lastStep(t);
        if (s !== undefined && (max === undefined || s > max)) max = s;
      }
      if (max === undefined) return false;
      this.maxResourceValue = max + 1;
    }
    const eta = this.reductionFactor;
    // n = floor(log_η(max / min)) + 1, in exact integer arithmetic: the largest k with
    // min · η^k <= max. (Optuna's float math.log undercounts at some exact powers, e.g.
    // log_3(243) = 4.999…; Math.log differs from libm there too, so floats would make the
    // brackets depend on the platform.) At least one bracket even when an "auto" maxResource
    // came out below minResource.
    let n = 1;
    for (let r = this.minResource * eta; r <= this.maxResourceValue; r *= eta) n++;
    for (let b = 0; b < n; b++) {
      const s = n - 1 - b;
      const budget = Math.ceil((n * eta ** s) / (s + 1));
      this.totalBudget += budget;
      this.brackets.push({
        budget,
        pruner: new SuccessiveHalvingPruner({
          minResource: this.minResource,
          reductionFactor: eta,
          minEarlyStoppingRate: b,
          bootstrapCount: this.bootstrapCount,
        }),
      });
    }
    return true;
  }
}

/** A study view that shows only the trials `keep` accepts; everything else is the study's. @internal */
class BracketView implements StudyView {
  constructor(
    private readonly study: StudyView,
    private readonly keep: (t: FrozenTrial) => boolean,
  ) {}
  get studyName(): string {
    return this.study.studyName;
  }
  get directions(): readonly StudyDirection[] {
    return this.study.directions;
  }
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.study.userAttrs;
  }
  get systemAttrs(): Readonly<Record<string, JsonValue>> {
    return this.study.systemAttrs;
  }
  getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[] {
    return this.study.getTrials(options).filter(this.keep);
  }
  stop(): void {
    this.study.stop();
  }
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): void {
    this.study.setTrialSystemAttr(trialId, key, value);
  }
}
