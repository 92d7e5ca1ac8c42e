/**
 * Output warping: a Yeo-Johnson power transform of the standardized objective values before the
 * GP sees them (Yeo & Johnson 2000; used for BO by HEBO, Cowen-Rivers et al. 2022). Objectives
 * whose bad values run off by orders of magnitude (rosenbrock, a loss that diverges, a latency
 * with timeouts) leave a GP on raw values modelling the tail and flattening the region that
 * matters; the transform with λ chosen by maximum likelihood under normality pulls such a tail in
 * and leaves values that already look Gaussian almost unchanged (λ ≈ 1 is the identity).
 * The transform is monotone, so the best trial stays the best.
 * @module
 */

/** The Yeo-Johnson transform ψ_λ(x). */
export function yeoJohnson(x: number, lambda: number): number {
  if (x >= 0) return Math.abs(lambda) < 1e-9 ? Math.log1p(x) : (Math.pow(1 + x, lambda) - 1) / lambda;
  const l2 = 2 - lambda;
  return Math.abs(l2) < 1e-9 ? -Math.log1p(-x) : -(Math.pow(1 - x, l2) - 1) / l2;
}

/** The range λ is searched in: wider bends outliers into a handful of values. */
export const WARP_LAMBDA_RANGE = [-1, 3] as const;

/**
 * The profile log-likelihood of λ under normality of ψ_λ(x):
 * −n/2·ln σ̂²(ψ_λ(x)) + (λ − 1)·Σ sign(xᵢ)·ln(1 + |xᵢ|). @internal
 */
export function yeoJohnsonLogLikelihood(x: Float64Array, lambda: number): number {
  const n = x.length;
  let mean = 0;
  let jac = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    mean += yeoJohnson(v, lambda);
    jac += Math.sign(v) * Math.log1p(Math.abs(v));
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (yeoJohnson(x[i] as number, lambda) - mean) ** 2;
  const variance = Math.max(ss / n, 1e-300);
  return -0.5 * n * Math.log(variance) + (lambda - 1) * jac;
}

/** The maximum-likelihood λ over {@link WARP_LAMBDA_RANGE}: a grid, then golden-section. */
export function fitYeoJohnson(x: Float64Array): number {
  const [lo, hi] = WARP_LAMBDA_RANGE;
  const steps = 16;
  let bestK = 0;
  let bestV = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= steps; k++) {
    const v = yeoJohnsonLogLikelihood(x, lo + ((hi - lo) * k) / steps);
    if (v > bestV) {
      bestV = v;
      bestK = k;
    }
  }
  const h = (hi - lo) / steps;
  let a = Math.max(lo, lo + (bestK - 1) * h);
  let b = Math.min(hi, lo + (bestK + 1) * h);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = yeoJohnsonLogLikelihood(x, c);
  let fd = yeoJohnsonLogLikelihood(x, d);
  for (let it = 0; it < 30; it++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = yeoJohnsonLogLikelihood(x, c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = yeoJohnsonLogLikelihood(x, d);
    }
  }
  return (a + b) / 2;
}

/** Standardizes `y` in place, warps it with the fitted λ and standardizes again; returns λ. */
export function warpInPlace(y: Float64Array): number {
  standardizeInPlace(y);
  const lambda = fitYeoJohnson(y);
  for (let i = 0; i < y.length; i++) y[i] = yeoJohnson(y[i] as number, lambda);
  standardizeInPlace(y);
  return lambda;
}

/** z-scores in place (population std, floored at 1e−10). */
export function standardizeInPlace(y: Float64Array): void {
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let ss = 0;
  for (const v of y) ss += (v - mean) ** 2;
  const std = Math.max(1e-10, Math.sqrt(ss / y.length));
  for (let i = 0; i < y.length; i++) y[i] = ((y[i] as number) - mean) / std;
}

