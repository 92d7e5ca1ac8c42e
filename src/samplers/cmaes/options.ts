/**
 * The options of CmaEsSampler and their checks.
 * @module
 */
import { InvalidArgumentError } from "../../errors.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { Sampler } from "../base.js";
import type { RestartStrategy } from "./restart.js";
import { checkOptionKeys, optionKeys } from "../../core/option-keys.js";

/** Options of {@link CmaEsSampler}. */
export interface CmaEsSamplerOptions {
  /** Seed of every draw; omitted, a fresh seed. */
  readonly seed?: number | string;
  /** The initial mean, in parameter values; parameters left out start at the middle of their range. */
  readonly x0?: Readonly<Record<string, number>>;
  /** The initial step size as a fraction of each parameter's (transformed) range; default 1/6. */
  readonly sigma0?: number;
  /** COMPLETE trials before CMA-ES starts (the first ones come from the independent sampler); default 1. */
  readonly nStartupTrials?: number;
  /** Restart with a larger (IPOP) or alternating (BIPOP) population when a run stops; default none. */
  readonly restartStrategy?: RestartStrategy;
  /** The factor of the population size at each large restart; default 2. */
  readonly incPopsize?: number;
  /** Population size λ; default 4 + ⌊3 ln n⌋. */
  readonly popsize?: number;
  /** Diagonal covariance (sep-CMA): linear cost per trial, for many parameters. */
  readonly useSeparableCma?: boolean;
  /** CMA-ES with margin for int and stepped parameters (Hamano et al. 2022). */
  readonly withMargin?: boolean;
  /** Learning-rate adaptation (Nomura et al. 2023), for multimodal and noisy objectives. */
  readonly lrAdapt?: boolean;
  /** Warn when a parameter goes to the independent sampler (default true). */
  readonly warnIndependentSampling?: boolean;
  /** Samples categorical and conditional parameters and the startup trials; default RandomSampler with the seed. */
  readonly independentSampler?: Sampler;
  /** COMPLETE trials of a similar task to warm-start from (Nomura et al. 2021). */
  readonly sourceTrials?: readonly FrozenTrial[];
}

function fail(msg: string): never {
  throw new InvalidArgumentError(`CmaEsSampler: ${msg}`);
}

/** Checks the combination of options as Optuna does. @throws {InvalidArgumentError} */
const CMA_KEYS = optionKeys<CmaEsSamplerOptions>({
  x0: true,
  sigma0: true,
  seed: true,
  nStartupTrials: true,
  restartStrategy: true,
  incPopsize: true,
  popsize: true,
  useSeparableCma: true,
  withMargin: true,
  lrAdapt: true,
  warnIndependentSampling: true,
  independentSampler: true,
  sourceTrials: true,
});

export function checkCmaOptions(o: CmaEsSamplerOptions): void {
  checkOptionKeys("new CmaEsSampler", o, CMA_KEYS);
  if (o.sigma0 !== undefined && !(Number.isFinite(o.sigma0) && o.sigma0 > 0)) fail(`\`sigma0\` must be a positive number, got ${String(o.sigma0)}.`);
  if (o.nStartupTrials !== undefined && !(Number.isSafeInteger(o.nStartupTrials) && o.nStartupTrials >= 0)) {
    fail(`\`nStartupTrials\` must be a non-negative integer, got ${String(o.nStartupTrials)}.`);
  }
  if (o.popsize !== undefined && !(Number.isSafeInteger(o.popsize) && o.popsize >= 2)) fail(`\`popsize\` must be an integer >= 2, got ${String(o.popsize)}.`);
  if (o.incPopsize !== undefined && !(Number.isFinite(o.incPopsize) && o.incPopsize >= 1)) fail(`\`incPopsize\` must be a number >= 1, got ${String(o.incPopsize)}.`);
  if (o.restartStrategy !== undefined && o.restartStrategy !== "ipop" && o.restartStrategy !== "bipop") {
    fail(`\`restartStrategy\` must be "ipop" or "bipop", got ${JSON.stringify(o.restartStrategy)}.`);
  }
  if (o.sourceTrials !== undefined && (o.x0 !== undefined || o.sigma0 !== undefined)) {
    fail("`sourceTrials` sets the initial mean and step size: leave out `x0` and `sigma0`, or `sourceTrials`.");
  }
  if (o.sourceTrials !== undefined && o.useSeparableCma) fail("`sourceTrials` needs the full covariance: it cannot be used with `useSeparableCma`.");
  if (o.useSeparableCma && o.withMargin) fail("`useSeparableCma` and `withMargin` cannot be combined: choose one.");
  if (o.lrAdapt && (o.useSeparableCma || o.withMargin)) fail("`lrAdapt` works with the full CMA-ES only: leave out `useSeparableCma` and `withMargin`.");
  if (o.sourceTrials !== undefined && o.sourceTrials.filter((t) => t.state === "COMPLETE").length < 10) {
    fail(`\`sourceTrials\` needs at least 10 COMPLETE trials (the best 10% set the start), got ${o.sourceTrials.filter((t) => t.state === "COMPLETE").length}.`);
  }
  if (o.x0 !== undefined) {
    for (const [k, v] of Object.entries(o.x0)) if (!Number.isFinite(v)) fail(`\`x0.${k}\` must be a finite number, got ${String(v)}.`);
  }
}
