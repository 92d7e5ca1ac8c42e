/**
 * Quasi-Monte Carlo sampling: the sampler and its sequences.
 * @module
 */
export { QMCSampler, type QMCSamplerOptions } from "./sampler.js";
export { Sobol } from "./sobol.js";
export { Halton } from "./halton.js";
