/**
 * Kernel hyperparameters by maximum a posteriori: maximize the marginal log-likelihood
 * MLL = −Σ ln Lᵢᵢ − ½‖L⁻¹y‖² (L = chol(K + σ²I), constants dropped) plus the log priors
 * - −0.1·(λ_d + 1/λ_d) per inverse squared length scale (peak at ℓ = 1 on the unit cube: keeps
 *   length scales from collapsing to 0 or running off to ∞ on little data),
 * - Gamma(2, 1) on the kernel scale s: ln s − s,
 * - Gamma(1.1, 30) on the noise variance σ² (standardized units): 0.1·ln σ² − 30·σ²,
 * over raw parameters θ = (ln λ_1..D, ln s, ln(σ² − 1e−6)), by L-BFGS with the analytic gradient
 * ∂MLL/∂θ = ½·tr((ααᵀ − K⁻¹)·∂K/∂θ), from several starts (the previous fit and a default).
 * @module
 */
import type { KernelParams } from "./kernel.js";
import { minimize } from "./lbfgs.js";
import { NotPositiveDefiniteError, cholesky, halfLogDet, inverseFromCholesky, solveLowerInPlace, solveUpperTInPlace } from "./linalg.js";

/** The noise variance floor (standardized units). */
export const MIN_NOISE = 1e-6;

/** Options of {@link fitKernelParams}. */
export interface FitOptions {
  /** Fix the noise at {@link MIN_NOISE}. */
  readonly deterministic: boolean;
  /** Raw starting points θ (each of length d + 1 or d + 2), tried in order. */
  readonly starts: readonly Float64Array[];
}

/** A fit: its kernel parameters, raw θ and the minimized loss −(MLL + log prior). */
export interface FitResult {
  readonly params: KernelParams;
  readonly raw: Float64Array;
  readonly loss: number;
}

/** The default raw start: λ = 1, s = 1, σ² = 1. */
export function defaultRaw(d: number, deterministic: boolean): Float64Array {
  const raw = new Float64Array(d + (deterministic ? 1 : 2));
  if (!deterministic) raw[d + 1] = Math.log(1 - 0.99 * MIN_NOISE);
  return raw;
}

/** Kernel parameters from raw θ. */
export function paramsFromRaw(raw: Float64Array, d: number, deterministic: boolean): KernelParams {
  const invLs2 = new Float64Array(d);
  for (let j = 0; j < d; j++) invLs2[j] = Math.exp(raw[j] as number);
  return {
    invLs2,
    scale: Math.exp(raw[d] as number),
    noise: deterministic ? MIN_NOISE : Math.exp(raw[d + 1] as number) + MIN_NOISE,
  };
}

/**
 * The loss −(MLL + log prior) and its gradient in θ, for data (x, y) of n points in d columns.
 * Pairwise squared differences are computed once per data set. @internal
 */
export function makeLoss(x: Float64Array, y: Float64Array, n: number, d: number, categorical: Uint8Array, deterministic: boolean) {
  const pairs = (n * (n - 1)) / 2;
  const delta = new Float64Array(pairs * d);
  let p = 0;
  for (let i = 1; i < n; i++) {
    for (let k = 0; k < i; k++, p++) {
      for (let j = 0; j < d; j++) {
        const diff = (x[i * d + j] as number) - (x[k * d + j] as number);
        delta[p * d + j] = categorical[j] === 1 ? (diff === 0 ? 0 : 1) : diff * diff;
      }
    }
  }
  const kv = new Float64Array(pairs);
  const kd = new Float64Array(pairs);
  const K = new Float64Array(n * n);
  const alpha = new Float64Array(n);
  const lam = new Float64Array(d);
  const inverse = new Float64Array(n * n);
  const work = new Float64Array(n * n);
  return (raw: Float64Array, grad: Float64Array): number => {
    for (let j = 0; j < d; j++) lam[j] = Math.exp(raw[j] as number);
    const s = Math.exp(raw[d] as number);
    const e = deterministic ? 0 : Math.exp(raw[d + 1] as number);
    const noise = e + MIN_NOISE;
    p = 0;
    for (let i = 1; i < n; i++) {
      for (let k = 0; k < i; k++, p++) {
        let r2 = 0;
        for (let j = 0; j < d; j++) r2 += (lam[j] as number) * (delta[p * d + j] as number);
        // value and r² derivative from one square root and one exponential
        const r = Math.sqrt(5 * r2);
        const ex = Math.exp(-r);
        const v = (1 + r + (r * r) / 3) * ex;
        kv[p] = v;
        kd[p] = (-5 / 6) * (1 + r) * ex;
        K[i * n + k] = s * v;
      }
      K[i * n + i] = s + noise;
    }
    if (n > 0) K[0] = s + noise;
    try {
      cholesky(K, n);
    } catch (err) {
      if (err instanceof NotPositiveDefiniteError) return Number.POSITIVE_INFINITY;
      throw err;
    }
    alpha.set(y.subarray(0, n));
    solveLowerInPlace(K, n, alpha);
    let quad = 0;
    for (let i = 0; i < n; i++) quad += (alpha[i] as number) ** 2;
    const mll = -halfLogDet(K, n) - 0.5 * quad;
    solveUpperTInPlace(K, n, alpha);
    const inv = inverseFromCholesky(K, n, inverse, work);
    grad.fill(0);
    let gs = 0;
    let trW = 0;
    for (let i = 0; i < n; i++) trW += (alpha[i] as number) ** 2 - (inv[i * n + i] as number);
    gs += 0.5 * s * trW;
    p = 0;
    for (let i = 1; i < n; i++) {
      const ai = alpha[i] as number;
      for (let k = 0; k < i; k++, p++) {
        const w = ai * (alpha[k] as number) - (inv[i * n + k] as number);
        gs += w * s * (kv[p] as number);
        const c = w * s * (kd[p] as number);
        if (c === 0) continue;
        for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + c * (delta[p * d + j] as number);
      }
    }
    // MLL gradient → loss gradient, with the priors
    let prior = 0;
    for (let j = 0; j < d; j++) {
      const l = lam[j] as number;
      grad[j] = -((grad[j] as number) * l) - (0.1 / l - 0.1 * l);
      prior += -0.1 * (l + 1 / l);
    }
    prior += Math.log(s) - s;
    grad[d] = -gs - (1 - s);
    if (!deterministic) {
      prior += 0.1 * Math.log(noise) - 30 * noise;
      grad[d + 1] = -(0.5 * e * trW) - (0.1 / noise - 30) * e;
    }
    return -(mll + prior);
  };
}

/** MAP kernel parameters: L-BFGS from each start, the lowest loss wins. */
export function fitKernelParams(x: Float64Array, y: Float64Array, n: number, d: number, categorical: Uint8Array, opts: FitOptions): FitResult {
  const loss = makeLoss(x, y, n, d, categorical, opts.deterministic);
  let best: FitResult | undefined;
  for (const start of opts.starts) {
    const r = minimize(loss, start, { gtol: 1e-2, maxIter: 200 });
    if (Number.isFinite(r.f) && (best === undefined || r.f < best.loss)) {
      best = { params: paramsFromRaw(r.x, d, opts.deterministic), raw: r.x, loss: r.f };
    }
  }
  if (best) return best;
  const raw = defaultRaw(d, opts.deterministic);
  return { params: paramsFromRaw(raw, d, opts.deterministic), raw, loss: Number.NaN };
}
