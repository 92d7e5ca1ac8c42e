/**
 * The default sampler of a new study: AutoSampler (GP and TPE in turns for numeric and
 * small-categorical single-objective studies, TPE otherwise; docs/gp.md has the rule and its
 * evidence). With several objectives its TPE is MOTPE (hypervolume split and weights;
 * docs/multi-objective.md), which beat NSGA-II/III on the multi-objective bench.
 * @module
 */
import type { StudyDirection } from "../trial/state.js";
import { AutoSampler } from "./auto.js";
import type { Sampler } from "./base.js";

/** The sampler createStudy uses when none is given. @internal */
export function defaultSampler(_directions: readonly StudyDirection[], seed?: number): Sampler {
  return new AutoSampler(seed === undefined ? {} : { seed });
}
