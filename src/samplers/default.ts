/**
 * The default sampler of a new study: TPE with parzen's defaults (docs/tpe.md), for one or
 * several objectives. With several objectives it is MOTPE (hypervolume split and weights;
 * docs/multi-objective.md), which beat NSGA-II/III at every checkpoint up to 200 trials on the
 * multi-objective bench.
 * @module
 */
import type { StudyDirection } from "../trial/state.js";
import type { Sampler } from "./base.js";
import { TPESampler } from "./tpe/sampler.js";

/** The sampler createStudy uses when none is given. @internal */
export function defaultSampler(_directions: readonly StudyDirection[], seed?: number): Sampler {
  return new TPESampler(seed === undefined ? {} : { seed });
}
