/**
 * The samplers' public names: the `Sampler` interface and the built-in samplers.
 * Explicit named re-exports only.
 * @module
 */
export type { Sampler, SearchSpace } from "./base.js";
export { RandomSampler } from "./random.js";
export { GridSampler } from "./grid.js";
export { TPESampler } from "./tpe/sampler.js";
export type { TPESamplerOptions } from "./tpe/options.js";
export { GPSampler, type GPSamplerOptions } from "./gp/index.js";
export { AutoSampler, type AutoSamplerOptions, AUTO_LIMITS, AUTO_SAMPLER_KEY } from "./auto.js";
export { CmaEsSampler, type CmaEsSamplerOptions, type RestartStrategy } from "./cmaes/index.js";
export {
  defaultGamma,
  defaultWeights,
  hyperoptDefaultGamma,
  parzenDefaultGamma,
  type GammaFunction,
  type WeightsFunction,
} from "./tpe/gamma.js";
export { QMCSampler, type QMCSamplerOptions, Sobol, Halton } from "./qmc/index.js";
export { BruteForceSampler, type BruteForceSamplerOptions } from "./brute-force.js";
export { PartialFixedSampler, type PartialFixedSamplerOptions } from "./partial-fixed.js";
export { IntersectionSearchSpace } from "./search-space.js";
export {
  NSGAIISampler,
  NSGAIIISampler,
  type NSGAIIISamplerOptions,
  type GASamplerOptions,
  type Crossover,
  type CrossoverContext,
  UniformCrossover,
  BLXAlphaCrossover,
  SPXCrossover,
  SBXCrossover,
  VSBXCrossover,
  UNDXCrossover,
  dasDennisPoints,
} from "./nsga/index.js";
