/**
 * TPESampler's options: their types, parzen's defaults, and eager validation (one message per
 * option, each an InvalidArgumentError naming the option and the bad value).
 * @module
 */
import { InvalidArgumentError } from "../../errors.js";
import { checkOptionKeys, optionKeys } from "../../core/option-keys.js";
import { defaultWeights, parzenDefaultGamma, type GammaFunction, type WeightsFunction } from "./gamma.js";

/** Options of `new TPESampler(...)`; every one is optional. */
export interface TPESamplerOptions {
  /** Seeds the TPE generator and the startup RandomSampler. */
  seed?: number | string;
  /** Below this many COMPLETE + PRUNED trials, sample at random. Default 10. */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per sampling call. */
  nEiCandidates?: number;
  /** Joint (product-kernel) sampling of the parameters every finished trial holds. */
  multivariate?: boolean;
  /** Decompose a conditional space into groups sampled jointly (implies multivariate). */
  group?: boolean;
  /** Treat RUNNING trials as bad, so concurrent workers avoid each other's points. */
  constantLiar?: boolean;
  /** Size of the good group for n finished trials. Default: min(ceil(0.15·n), 25); several objectives: ceil(0.1·n). */
  gamma?: GammaFunction;
  /** Kernel weights by age for k observations, oldest first. Default: Optuna's ramp. */
  weights?: WeightsFunction;
  /** Weight of the prior component (≥ 0). Default 1. */
  priorWeight?: number;
  /** Let the domain ends bound the bandwidth of the extreme observations. Default false. */
  considerEndpoints?: boolean;
  /** Lower-bound bandwidths by range / min(100, k + 2). Default true. */
  considerMagicClip?: boolean;
  /**
   * parzen extension: the fraction of the candidates of a joint (multivariate) sampling call whose
   * parameters each come from an independently chosen good observation, instead of all from one.
   * 0 is Optuna's behaviour. Default 0.25; 1 in a multi-objective study (every candidate mixes
   * coordinates of different good trials: independent proposals, joint scoring).
   */
  mixedFraction?: number;
  /**
   * Several objectives: the kernel weights of the good group. "hypervolume" weighs each good
   * trial by its hypervolume contribution to the good group's Pareto front (MOTPE, Optuna ≤ 4.9;
   * trials off that front get 1e−12); "uniform" weighs them equally (Optuna 5.0). Default
   * "hypervolume" (docs/multi-objective.md).
   */
  multiObjectiveWeights?: "hypervolume" | "uniform";
  /**
   * parzen extension: sample a categorical uniformly until a stratified rank test finds that its
   * choices matter (p < 0.25; relevance.ts), so a categorical the objective ignores does not
   * collapse onto one choice. Single objective only. Default true.
   */
  categoricalRelevanceTest?: boolean;
}

const TPE_OPTION_KEYS = optionKeys<TPESamplerOptions>({
  seed: true,
  nStartupTrials: true,
  nEiCandidates: true,
  multivariate: true,
  group: true,
  constantLiar: true,
  gamma: true,
  weights: true,
  priorWeight: true,
  considerEndpoints: true,
  considerMagicClip: true,
  mixedFraction: true,
  multiObjectiveWeights: true,
  categoricalRelevanceTest: true,
});

/** The options with parzen's defaults filled in. @internal */
export interface ResolvedTPEOptions {
  readonly nStartupTrials: number;
  readonly nEiCandidates: number;
  readonly multivariate: boolean;
  readonly group: boolean;
  readonly constantLiar: boolean;
  /** The user's gamma, or undefined to pick by the number of objectives. */
  readonly gamma: GammaFunction | undefined;
  readonly defaultGamma: GammaFunction;
  readonly weights: WeightsFunction;
  readonly priorWeight: number;
  readonly considerEndpoints: boolean;
  readonly considerMagicClip: boolean;
  readonly mixedFraction: number;
  readonly multiObjectiveWeights: "hypervolume" | "uniform";
  /** `mixedFraction` in a multi-objective study: the user's, else 1 (docs/multi-objective.md). */
  readonly multiObjectiveMixedFraction: number;
  readonly categoricalRelevanceTest: boolean;
}

/** parzen's defaults (see docs/tpe.md for the benchmark evidence behind them). */
export const TPE_DEFAULTS = {
  nStartupTrials: 10,
  nEiCandidates: 24,
  multivariate: true,
  group: true,
  constantLiar: true,
  priorWeight: 1,
  considerEndpoints: false,
  considerMagicClip: true,
  mixedFraction: 0.25,
  multiObjectiveWeights: "hypervolume",
  categoricalRelevanceTest: true,
} as const;

function bad(option: string, expected: string, got: unknown): InvalidArgumentError {
  let shown: string;
  try {
    shown = typeof got === "function" ? "a function" : (JSON.stringify(got) ?? String(got));
  } catch {
    shown = String(got);
  }
  return new InvalidArgumentError(`TPESampler: \`${option}\` must be ${expected}, but got ${shown}.`);
}

function bool(o: Record<string, unknown>, name: string, dflt: boolean): boolean {
  const v = o[name];
  if (v === undefined) return dflt;
  if (typeof v !== "boolean") throw bad(name, "a boolean", v);
  return v;
}

/** Validates and fills in the options. @throws {InvalidArgumentError} @internal */
export function resolveTPEOptions(options: TPESamplerOptions): ResolvedTPEOptions {
  if (typeof options !== "object" || options === null) throw bad("options", "an object", options);
  const o = options as Record<string, unknown>;
  checkOptionKeys("new TPESampler", o, TPE_OPTION_KEYS);
  if (o.seed !== undefined && !((typeof o.seed === "number" && Number.isFinite(o.seed)) || typeof o.seed === "string")) {
    throw bad("seed", "a finite number or a string", o.seed);
  }
  const nStartupTrials = o.nStartupTrials ?? TPE_DEFAULTS.nStartupTrials;
  if (!Number.isSafeInteger(nStartupTrials) || (nStartupTrials as number) < 0) {
    throw bad("nStartupTrials", "a non-negative integer", o.nStartupTrials);
  }
  const nEiCandidates = o.nEiCandidates ?? TPE_DEFAULTS.nEiCandidates;
  if (!Number.isSafeInteger(nEiCandidates) || (nEiCandidates as number) < 1) {
    throw bad("nEiCandidates", "a positive integer", o.nEiCandidates);
  }
  const group = bool(o, "group", TPE_DEFAULTS.group);
  if (o.multivariate === false && o.group === true) {
    throw new InvalidArgumentError("TPESampler: `group: true` requires `multivariate` (leave it out or set it to true).");
  }
  const multivariate = bool(o, "multivariate", TPE_DEFAULTS.multivariate || group);
  const constantLiar = bool(o, "constantLiar", TPE_DEFAULTS.constantLiar);
  if (o.gamma !== undefined && typeof o.gamma !== "function") throw bad("gamma", "a function (n) => number of good trials", o.gamma);
  if (o.weights !== undefined && typeof o.weights !== "function") throw bad("weights", "a function (k) => k weights", o.weights);
  const priorWeight = o.priorWeight ?? TPE_DEFAULTS.priorWeight;
  if (typeof priorWeight !== "number" || !Number.isFinite(priorWeight) || priorWeight < 0) {
    throw bad("priorWeight", "a finite number >= 0", o.priorWeight);
  }
  const mixedFraction = o.mixedFraction ?? TPE_DEFAULTS.mixedFraction;
  if (typeof mixedFraction !== "number" || !(mixedFraction >= 0 && mixedFraction <= 1)) {
    throw bad("mixedFraction", "a number in [0, 1]", o.mixedFraction);
  }
  const multiObjectiveWeights = o.multiObjectiveWeights ?? TPE_DEFAULTS.multiObjectiveWeights;
  if (multiObjectiveWeights !== "hypervolume" && multiObjectiveWeights !== "uniform") {
    throw bad("multiObjectiveWeights", '"hypervolume" or "uniform"', o.multiObjectiveWeights);
  }
  const userGamma = o.gamma as GammaFunction | undefined;
  const userWeights = o.weights as WeightsFunction | undefined;
  return {
    nStartupTrials: nStartupTrials as number,
    nEiCandidates: nEiCandidates as number,
    multivariate: multivariate && (o.multivariate !== false),
    group: group && (o.multivariate !== false),
    constantLiar,
    gamma: userGamma === undefined ? undefined : checkedGamma(userGamma),
    defaultGamma: parzenDefaultGamma,
    weights: userWeights === undefined ? defaultWeights : checkedWeights(userWeights),
    priorWeight,
    considerEndpoints: bool(o, "considerEndpoints", TPE_DEFAULTS.considerEndpoints),
    considerMagicClip: bool(o, "considerMagicClip", TPE_DEFAULTS.considerMagicClip),
    mixedFraction,
    multiObjectiveWeights,
    multiObjectiveMixedFraction: o.mixedFraction === undefined ? 1 : mixedFraction,
    categoricalRelevanceTest: bool(o, "categoricalRelevanceTest", TPE_DEFAULTS.categoricalRelevanceTest),
  };
}

function checkedGamma(fn: GammaFunction): GammaFunction {
  return (n) => {
    const v = fn(n);
    if (!Number.isFinite(v) || v < 0) {
      throw new InvalidArgumentError(`TPESampler: \`gamma\` must return a non-negative number, but gamma(${n}) returned ${String(v)}.`);
    }
    return Math.min(Math.floor(v), n);
  };
}

function checkedWeights(fn: WeightsFunction): WeightsFunction {
  return (k) => {
    const w = Array.from(fn(k)).slice(0, k);
    if (w.length < k) {
      throw new InvalidArgumentError(`TPESampler: \`weights\` must return k weights, but weights(${k}) returned ${w.length}.`);
    }
    let sum = 0;
    for (const x of w) {
      if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
        throw new InvalidArgumentError(`TPESampler: \`weights\` must return finite weights >= 0, but weights(${k}) holds ${String(x)}.`);
      }
      sum += x;
    }
    if (k > 0 && sum === 0) {
      throw new InvalidArgumentError(`TPESampler: \`weights\` must return weights that are not all 0, but weights(${k}) did.`);
    }
    return w;
  };
}
