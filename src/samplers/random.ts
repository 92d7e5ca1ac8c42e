/**
 * RandomSampler: every parameter uniformly in its (log / stepped) space.
 * @module
 */
import type { Distribution, ParamValue } from "../distributions/types.js";
import { Rng } from "../random/rng.js";
import type { Sampler, SearchSpace } from "./base.js";
import { sampleUniform } from "./transform.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

const SEED_ONLY = optionKeys<{ seed?: number | string }>({ seed: true });

/** Samples each parameter uniformly and independently. */
export class RandomSampler implements Sampler {
  private rng: Rng;
  readonly seed?: string;

  constructor(options: { seed?: number | string } = {}) {
    checkOptionKeys("new RandomSampler", options, SEED_ONLY);
    this.rng = new Rng(options.seed);
    if (options.seed !== undefined) this.seed = String(options.seed);
  }

  inferRelativeSearchSpace(): SearchSpace {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(_study: unknown, _trial: unknown, _name: string, distribution: Distribution): ParamValue {
    return sampleUniform(this.rng, distribution);
  }

  reseedRng(seed?: number | string): void {
    this.rng.reseed(seed);
  }
}
