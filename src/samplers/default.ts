/**
 * The default sampler of a new study.
 * @module
 */
import type { StudyDirection } from "../trial/state.js";
import type { Sampler } from "./base.js";
import { RandomSampler } from "./random.js";

/** The sampler createStudy uses when none is given. @internal */
export function defaultSampler(_directions: readonly StudyDirection[], seed?: number): Sampler {
  return new RandomSampler(seed === undefined ? {} : { seed });
}
