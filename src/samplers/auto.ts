/**
 * AutoSampler: the default sampler. It picks, per study and per trial, the sampler the bench
 * shows best for what the study looks like so far (docs/gp.md, "AutoSampler's rule"):
 *
 * | study                                                           | sampler     |
 * |-----------------------------------------------------------------|-------------|
 * | several objectives, or a finished trial with constraints         | TPESampler  |
 * | conditional space (finished trials with other parameter names)  | TPESampler  |
 * | more than {@link AUTO_LIMITS}.maxCategoricalChoices choices in categoricals, | TPESampler |
 * |   or more than maxParams parameters                             |             |
 * | at least maxGpTrials finished trials (GP cost per trial grows ~n²) | TPESampler |
 * | otherwise: even trial numbers                                   | GPSampler   |
 * | otherwise: odd trial numbers                                    | TPESampler  |
 *
 * Once TPE is chosen for a study it stays (TPE uses every past trial, whoever sampled it).
 * The choice is made in `beforeTrial` so one trial uses one sampler throughout, and is
 * recorded in the trial's system attribute `auto:sampler`. Both samplers start with the same
 * ten random trials.
 * @module
 */
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";
import { constraintsFromSystemAttrs } from "../core/constraints.js";
import type { Distribution, ParamValue } from "../distributions/types.js";
import { InvalidArgumentError } from "../errors.js";
import type { StudyView } from "../core/study-view.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { TrialState } from "../trial/state.js";
import type { Sampler, SearchSpace } from "./base.js";
import { GPSampler } from "./gp/sampler.js";
import { IntersectionSearchSpace } from "./search-space.js";
import { TPESampler } from "./tpe/sampler.js";

/** The bounds of AutoSampler's rule. */
export const AUTO_LIMITS = {
  /** From this many COMPLETE trials on, TPE (the GP's cost per trial grows as n²). */
  maxGpTrials: 500,
  /** Categorical choices summed over the space above which TPE is used. */
  maxCategoricalChoices: 12,
  /** Parameters above which TPE is used. */
  maxParams: 32,
} as const;

/** The system attribute naming the sampler AutoSampler used for a trial. */
export const AUTO_SAMPLER_KEY = "auto:sampler";

/** Options of `new AutoSampler(...)`. */
export interface AutoSamplerOptions {
  seed?: number | string;
}

interface StudyState {
  space: IntersectionSearchSpace;
  tpeForGood: boolean;
  /** The first finished trial's parameter names (sorted, joined). */
  firstNames: string | undefined;
  seen: Set<number>;
  choice: Map<number, "gp" | "tpe">;
}

/**
 * The default sampler: on numeric and small-categorical single-objective studies of up to a few
 * hundred trials GPSampler and TPESampler take turns (each sees every trial); TPESampler
 * otherwise. See the module doc and docs/gp.md for the evidence.
 */
const AUTO_OPTION_KEYS = optionKeys<AutoSamplerOptions>({ seed: true });

export class AutoSampler implements Sampler {
  private readonly gp: GPSampler;
  private readonly tpe: TPESampler;
  private readonly states = new WeakMap<StudyView, StudyState>();
  readonly seed?: string;

  /** @throws {InvalidArgumentError} for an unknown option or a bad seed. */
  constructor(options: AutoSamplerOptions = {}) {
    checkOptionKeys("new AutoSampler", options, AUTO_OPTION_KEYS);
    const { seed } = options;
    if (seed !== undefined && !((typeof seed === "number" && Number.isFinite(seed)) || typeof seed === "string")) {
      throw new InvalidArgumentError(`AutoSampler: \`seed\` must be a finite number or a string, but got ${String(seed)}.`);
    }
    if (seed !== undefined) this.seed = String(seed);
    this.gp = new GPSampler(seed === undefined ? {} : { seed: `${seed}/gp` });
    this.tpe = new TPESampler(seed === undefined ? {} : { seed: `${seed}/tpe` });
  }

  /** Chooses the sampler of this trial and records it in `auto:sampler`. */
  beforeTrial(study: StudyView, trial: FrozenTrial): void | Promise<void> {
    const name = this.choose(study, trial);
    study.setTrialSystemAttr(trial.trialId, AUTO_SAMPLER_KEY, name === "gp" ? "GPSampler" : "TPESampler");
    return this.active(study, trial).beforeTrial?.(study, trial);
  }

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): SearchSpace {
    return this.active(study, trial).inferRelativeSearchSpace(study, trial);
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: SearchSpace): Record<string, ParamValue> {
    return this.active(study, trial).sampleRelative(study, trial, searchSpace);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    return this.active(study, trial).sampleIndependent(study, trial, name, distribution);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | undefined): void | Promise<void> {
    const s = this.states.get(study);
    const sampler = this.active(study, trial);
    s?.choice.delete(trial.trialId);
    return sampler.afterTrial?.(study, trial, state, values);
  }

  /** Reseeds both samplers (seeds derived from `seed`, or fresh entropy). */
  reseedRng(seed?: number | string): void {
    this.gp.reseedRng(seed === undefined ? undefined : `${seed}/gp`);
    this.tpe.reseedRng(seed === undefined ? undefined : `${seed}/tpe`);
  }

  /** Which sampler the rule picks for a new trial of this study now. */
  choose(study: StudyView, trial: FrozenTrial): "gp" | "tpe" {
    const s = this.state(study);
    const name = this.rule(study, trial, s);
    s.choice.set(trial.trialId, name);
    return name;
  }

  private active(study: StudyView, trial: FrozenTrial): Sampler {
    const s = this.state(study);
    const name = s.choice.get(trial.trialId) ?? this.choose(study, trial);
    return name === "gp" ? this.gp : this.tpe;
  }

  private state(study: StudyView): StudyState {
    let s = this.states.get(study);
    if (!s) {
      s = { space: new IntersectionSearchSpace(true), tpeForGood: false, firstNames: undefined, seen: new Set(), choice: new Map() };
      this.states.set(study, s);
    }
    return s;
  }

  private rule(study: StudyView, trial: FrozenTrial, s: StudyState): "gp" | "tpe" {
    if (s.tpeForGood) return "tpe";
    if (study.directions.length > 1) return this.settle(s);
    const trials = study.getTrials();
    let nComplete = 0;
    for (const t of trials) {
      if (t.state === "COMPLETE") nComplete++;
      if ((t.state !== "COMPLETE" && t.state !== "PRUNED") || s.seen.has(t.trialId)) continue;
      s.seen.add(t.trialId);
      // a constrained study (Optuna 5's `constraints:<name>` attributes): TPE's constrained split
      if (Object.keys(constraintsFromSystemAttrs(t.systemAttrs)).length > 0) return this.settle(s);
      const names = Object.keys(t.params).sort().join("\u0000");
      if (s.firstNames === undefined) s.firstNames = names;
      else if (names !== s.firstNames) return this.settle(s); // conditional space
    }
    const space = s.space.calculate(trials);
    const dists = Object.values(space);
    if (dists.length > AUTO_LIMITS.maxParams) return this.settle(s);
    let choices = 0;
    for (const d of dists) if (d.type === "categorical") choices += d.choices.length;
    if (choices > AUTO_LIMITS.maxCategoricalChoices) return this.settle(s);
    if (nComplete >= AUTO_LIMITS.maxGpTrials) return this.settle(s);
    // GP and TPE take turns, each conditioned on every trial (docs/gp.md: a portfolio)
    return trial.number % 2 === 0 ? "gp" : "tpe";
  }

  private settle(s: StudyState): "tpe" {
    s.tpeForGood = true;
    return "tpe";
  }
}
