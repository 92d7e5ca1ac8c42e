/**
 * The size of TPE's "below" (good) group and the age weights of a group's kernels
 * (reference §1.2).
 * @module
 */

/** How many of `n` trials go to the good group. */
export type GammaFunction = (n: number) => number;

/** How much each of `k` observations (oldest first) weighs in its mixture. */
export type WeightsFunction = (k: number) => ArrayLike<number>;

/** Optuna's default: min(ceil(0.1·n), 25). n = 1..10 → 1, 11 → 2, 100 → 10, ≥ 241 → 25. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * parzen's default: min(ceil(0.15·n), 25). A slightly larger good group than Optuna's 10% gave
 * lower regret on 10 of 11 benchmark functions at 50 trials (docs/tpe.md).
 */
export function parzenDefaultGamma(n: number): number {
  return Math.min(Math.ceil(0.15 * n), 25);
}

/** hyperopt's rule: min(ceil(0.25·√n), 25). */
export function hyperoptDefaultGamma(n: number): number {
  return Math.min(Math.ceil(0.25 * Math.sqrt(n)), 25);
}

/**
 * Optuna's default weights: all ones below 25 observations; from 25 on, a linear ramp of k − 25
 * values from 1/k to 1 (both ends included) followed by 25 ones, so only the newest 25 weigh fully.
 */
export function defaultWeights(k: number): Float64Array {
  const w = new Float64Array(Math.max(0, k));
  if (k < 25) {
    w.fill(1);
    return w;
  }
  const m = k - 25;
  if (m === 1) w[0] = 1 / k;
  else for (let i = 0; i < m; i++) w[i] = 1 / k + ((1 - 1 / k) * i) / (m - 1);
  for (let i = m; i < k; i++) w[i] = 1;
  return w;
}

/** Equal weights for every observation. */
export function uniformWeights(k: number): Float64Array {
  return new Float64Array(Math.max(0, k)).fill(1);
}
