/** The Gaussian-process sampler (docs/gp.md). @module */
export { GPSampler, type GPSamplerOptions, GP_RELATIVE_PARAMS_KEY } from "./sampler.js";
