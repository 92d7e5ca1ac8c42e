/**
 * PartialFixedSampler: pins some parameters to given values and lets a base sampler search the
 * others (Optuna's semantics: the fixed names leave the base sampler's relative space).
 * @module
 */
import { distributionContains } from "../distributions/ops.js";
import type { Distribution, ParamValue } from "../distributions/types.js";
import { InvalidArgumentError } from "../errors.js";
import type { StudyView } from "../core/study-view.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { TrialState } from "../trial/state.js";
import { partialFixedOutOfRange } from "../messages.js";
import { warn } from "../warnings.js";
import type { Sampler, SearchSpace } from "./base.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link PartialFixedSampler}. */
export interface PartialFixedSamplerOptions {
  /** Parameter name → the value every trial gets. */
  readonly fixedParams: Readonly<Record<string, ParamValue>>;
  /** Samples every other parameter. */
  readonly baseSampler: Sampler;
}

/** A base sampler with some parameters fixed. */
export class PartialFixedSampler implements Sampler {
  readonly fixedParams: Readonly<Record<string, ParamValue>>;
  readonly baseSampler: Sampler;

  /** @throws {InvalidArgumentError} when fixedParams is not an object or baseSampler not a sampler. */
  constructor(options: PartialFixedSamplerOptions) {
    if (typeof options?.fixedParams !== "object" || options.fixedParams === null) {
      throw new InvalidArgumentError("PartialFixedSampler: `fixedParams` must be an object of parameter name → value.");
    }
    checkOptionKeys("new PartialFixedSampler", options, optionKeys<PartialFixedSamplerOptions>({ fixedParams: true, baseSampler: true }));
    if (typeof options.baseSampler?.sampleIndependent !== "function") {
      throw new InvalidArgumentError("PartialFixedSampler: `baseSampler` must be a Sampler (e.g. new TPESampler()).");
    }
    this.fixedParams = { ...options.fixedParams };
    this.baseSampler = options.baseSampler;
  }

  get seed(): string | undefined {
    return this.baseSampler.seed;
  }

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): SearchSpace {
    const space = { ...this.baseSampler.inferRelativeSearchSpace(study, trial) };
    for (const name of Object.keys(this.fixedParams)) delete space[name];
    return space;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: SearchSpace): Record<string, ParamValue> {
    return Object.keys(searchSpace).length === 0 ? {} : this.baseSampler.sampleRelative(study, trial, searchSpace);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    if (!Object.hasOwn(this.fixedParams, name)) return this.baseSampler.sampleIndependent(study, trial, name, distribution);
    const v = this.fixedParams[name] as ParamValue;
    if (!distributionContains(distribution, v)) {
      warn(partialFixedOutOfRange(name, v));
    }
    return v;
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): void | Promise<void> {
    return this.baseSampler.beforeTrial?.(study, trial);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | undefined): void | Promise<void> {
    return this.baseSampler.afterTrial?.(study, trial, state, values);
  }

  reseedRng(seed?: number | string): void {
    this.baseSampler.reseedRng?.(seed);
  }
}
