/**
 * Is a categorical parameter worth exploiting yet? A stratified permutation test of whether its
 * choices differ in objective rank (single objective).
 *
 * Why: TPE draws candidates from l(x), so a choice that happens to be common among the good
 * trials is drawn more, its trials (good for other reasons) join the good group, and a
 * categorical the objective ignores collapses onto one choice. Comparing good and bad trials
 * directly is confounded by time: late trials are both better (the numeric parameters have
 * converged) and richer in the drifting choice. So the test compares choices only among trials
 * sampled at about the same time: trials in blocks of {@link BLOCK} consecutive numbers, values
 * ranked within each block, statistic T = Σ_c (Σ_{t: c_t = c} (u_t − ½))² / n_c with u_t the
 * normalized within-block rank; its null distribution comes from permuting the choices within
 * each block. A categorical whose p-value is ≥ {@link RELEVANCE_ALPHA} is sampled uniformly.
 * @module
 */
import type { Rng } from "../../random/rng.js";

/** Trials per stratum. */
export const BLOCK = 10;
/** Significance level below which a categorical is treated as relevant. */
export const RELEVANCE_ALPHA = 0.25;
/**
 * Below this many trials the test has little power and the categorical counts as relevant (TPE
 * as usual): drift takes longer than this to build up, and a real effect should not wait.
 */
export const MIN_TRIALS_FOR_TEST = 30;
/** The test looks at the newest this many trials (bounded cost; drift is recent anyway). */
export const MAX_TRIALS_FOR_TEST = 300;
/** Permutations of the test. */
export const PERMUTATIONS = 200;

function statistic(u: Float64Array, c: Int32Array, nChoices: number, sums: Float64Array, counts: Int32Array): number {
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < u.length; i++) {
    const k = c[i] as number;
    sums[k] = (sums[k] as number) + (u[i] as number) - 0.5;
    counts[k] = (counts[k] as number) + 1;
  }
  let t = 0;
  for (let k = 0; k < nChoices; k++) if ((counts[k] as number) > 0) t += (sums[k] as number) ** 2 / (counts[k] as number);
  return t;
}

/**
 * The permutation p-value of "the choice does not matter", from trials in number order:
 * `losses[i]` (lower is better) and `choices[i]` (index in 0..nChoices−1). 1 when there is too
 * little data to tell (fewer than two full blocks, or a single choice seen).
 */
export function categoricalPValue(losses: ArrayLike<number>, choices: ArrayLike<number>, nChoices: number, rng: Rng): number {
  const n = Math.floor(Math.min(losses.length, MAX_TRIALS_FOR_TEST) / BLOCK) * BLOCK;
  if (n < 2 * BLOCK) return 1;
  const off = losses.length - n; // drop the oldest remainder so the newest trials form full blocks
  const u = new Float64Array(n);
  const c = new Int32Array(n);
  const seen = new Set<number>();
  for (let b = 0; b < n; b += BLOCK) {
    const idx = Array.from({ length: BLOCK }, (_, i) => off + b + i);
    idx.sort((i, j) => (losses[i] as number) - (losses[j] as number));
    // average ranks for ties
    for (let r = 0; r < BLOCK; ) {
      let s = r;
      while (s + 1 < BLOCK && losses[idx[s + 1] as number] === losses[idx[r] as number]) s++;
      const rank = (r + s) / 2;
      for (let q = r; q <= s; q++) u[(idx[q] as number) - off] = (rank + 0.5) / BLOCK;
      r = s + 1;
    }
    for (let i = 0; i < BLOCK; i++) {
      c[b + i] = choices[off + b + i] as number;
      seen.add(c[b + i] as number);
    }
  }
  if (seen.size < 2) return 1;
  const sums = new Float64Array(nChoices);
  const counts = new Int32Array(nChoices);
  const observed = statistic(u, c, nChoices, sums, counts);
  let atLeast = 0;
  const perm = c.slice();
  for (let p = 0; p < PERMUTATIONS; p++) {
    for (let b = 0; b < n; b += BLOCK) {
      for (let i = BLOCK - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = perm[b + i] as number;
        perm[b + i] = perm[b + j] as number;
        perm[b + j] = t;
      }
    }
    if (statistic(u, perm, nChoices, sums, counts) >= observed - 1e-12) atLeast++;
  }
  return (atLeast + 1) / (PERMUTATIONS + 1);
}
