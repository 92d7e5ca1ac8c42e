/**
 * The 1-D densities PED-ANOVA compares: Parzen estimators over the grid indices of one parameter,
 * from the counts of the trials at each index, with a prior kernel (weight 1). Numeric grids use
 * Gaussian kernels with Scott's bandwidth, truncated to the grid and discretized to cell masses;
 * categoricals use TPE's categorical kernel.
 * @module
 */
import { ndtr } from "../../samplers/tpe/truncnorm.js";

const PRIOR_WEIGHT = 1;

/** Weighted quantile of sorted values with weights (inverted CDF). */
function weightedQuantile(values: readonly number[], weights: readonly number[], q: number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += weights[i]!;
    if (acc >= q * total) return values[i]!;
  }
  return values[values.length - 1]!;
}

/** Probability mass of each of `size` grid cells under a numeric Parzen estimator of the counts. */
export function numericDensity(counts: Float64Array): Float64Array {
  const size = counts.length;
  const idx: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < size; i++) if (counts[i]! > 0) {
    idx.push(i);
    w.push(counts[i]!);
  }
  const n = w.reduce((a, b) => a + b, 0);
  let sigma = 0.5 / 1.64;
  if (n > 1) {
    const mean = idx.reduce((s, x, k) => s + x * w[k]!, 0) / n;
    const variance = idx.reduce((s, x, k) => s + w[k]! * (x - mean) ** 2, 0) / (n - 1);
    const iqr = weightedQuantile(idx, w, 0.75) - weightedQuantile(idx, w, 0.25);
    const spread = Math.min(iqr / 1.34, Math.sqrt(variance));
    sigma = Math.max(1.059 * spread * n ** -0.2, sigma);
  }
  const kernels: { mu: number; sigma: number; weight: number }[] = idx.map((mu, k) => ({ mu, sigma, weight: w[k]! }));
  kernels.push({ mu: (size - 1) / 2, sigma: size, weight: PRIOR_WEIGHT });
  const out = new Float64Array(size);
  const totalW = n + PRIOR_WEIGHT;
  for (const k of kernels) {
    const lo = ndtr((-0.5 - k.mu) / k.sigma);
    const z = ndtr((size - 0.5 - k.mu) / k.sigma) - lo;
    let prev = lo;
    for (let g = 0; g < size; g++) {
      const cur = ndtr((g + 0.5 - k.mu) / k.sigma);
      out[g] = out[g]! + (k.weight / totalW) * ((cur - prev) / z);
      prev = cur;
    }
  }
  return out;
}

/** Probabilities of each choice under TPE's categorical Parzen estimator of the counts. */
export function categoricalDensity(counts: Float64Array): Float64Array {
  const c = counts.length;
  const n = counts.reduce((a, b) => a + b, 0);
  const eps = PRIOR_WEIGHT / (n + PRIOR_WEIGHT); // the prior's share spread over every kernel
  const out = new Float64Array(c);
  const totalW = n + PRIOR_WEIGHT;
  for (let i = 0; i < c; i++) {
    // observation kernels: (1[choice] + ε) / (1 + Cε); the prior kernel: uniform
    out[i] = (counts[i]! * ((1 + eps) / (1 + c * eps)) + (n - counts[i]!) * (eps / (1 + c * eps)) + PRIOR_WEIGHT / c) / totalW;
  }
  return out;
}
