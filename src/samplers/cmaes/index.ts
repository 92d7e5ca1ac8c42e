/**
 * CMA-ES: the sampler and its options.
 * @module
 */
export { CmaEsSampler } from "./sampler.js";
export type { CmaEsSamplerOptions } from "./options.js";
export type { RestartStrategy } from "./restart.js";
