/**
 * Per-trial reseeding, owned here once. A sampler with `reseedRng` can be reseeded from a base
 * seed and a trial (and, within the trial, the index of the sampler call), so that a run does not
 * depend on the order in which trials reach the sampler:
 * - deterministic parallel runs (`optimize({ deterministic: true })`) reseed before each sampler
 *   call from (seed, trial number, call index): {@link callSeed};
 * - the CLI, one process per ask, reseeds at each trial's start from (seed, trial number), so
 *   that calls with the same --seed do not draw the same numbers: {@link reseededPerTrial}.
 * @module
 */
import type { FrozenTrial } from "../trial/frozen.js";
import type { Sampler } from "./base.js";

/** The seed of one sampler call of a trial (deterministic parallel runs). */
export function callSeed(base: string, trialNumber: number, callIndex: number): string {
  return `${base}/${trialNumber}/${callIndex}`;
}

/** The seed of a trial's start (CLI calls). */
export function trialSeed(base: string | number, trialNumber: number): string {
  return `${base}/trial-${trialNumber}`;
}

/** Reseeds `sampler` for one call of `trial` (no-op for a sampler without `reseedRng`). */
export function reseedForCall(sampler: Sampler, base: string, trial: FrozenTrial, callIndex: number): void {
  sampler.reseedRng?.(callSeed(base, trial.number, callIndex));
}

/**
 * A sampler that behaves as `sampler` but is reseeded from (seed, trial number) at the start of
 * each trial: reproducible, and different for every trial.
 */
export function reseededPerTrial(sampler: Sampler, seed: number | string): Sampler {
  const reseed = sampler.reseedRng?.bind(sampler);
  return {
    seed: String(seed),
    inferRelativeSearchSpace: (s, t) => sampler.inferRelativeSearchSpace(s, t),
    sampleRelative: (s, t, space) => sampler.sampleRelative(s, t, space),
    sampleIndependent: (s, t, n, d) => sampler.sampleIndependent(s, t, n, d),
    beforeTrial: (s, t) => {
      reseed?.(trialSeed(seed, t.number));
      return sampler.beforeTrial?.(s, t);
    },
    afterTrial: (s, t, st, v) => sampler.afterTrial?.(s, t, st, v),
    ...(reseed ? { reseedRng: reseed } : {}),
  };
}
