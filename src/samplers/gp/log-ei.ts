/**
 * Log expected improvement, evaluated stably far into the tail (Ament et al. 2023, "Unexpected
 * Improvements to Expected Improvement for Bayesian Optimization", eq. 9):
 * log EI = log h(z) + log σ, z = (μ − f*)/σ, h(z) = z·Φ(z) + φ(z), with
 * - z > −1: log h(z) directly;
 * - −1/√ε < z ≤ −1: −z²/2 − ln√(2π) + log1mexp(ln(erfcx(−z/√2)·|z|) + ln√(π/2));
 * - z ≤ −1/√ε: −z²/2 − ln√(2π) − 2 ln|z| (the asymptote).
 * erfc and erfcx are Cody's approximations (samplers/erf.ts), accurate to about 1e-16 relative.
 * @module
 */
import { erfc, erfcx } from "../erf.js";

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LN_SQRT_PI_2 = 0.5 * Math.log(Math.PI / 2);
const INV_SQRT_EPS = 1 / Math.sqrt(Number.EPSILON);
const SQRT1_2 = Math.SQRT1_2;

/** ln(1 − eˣ) for x < 0, accurate on both sides of −ln 2. */
function log1mexp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** log h(z), h(z) = zΦ(z) + φ(z), stable for every z. */
export function logH(z: number): number {
  if (z > -1) {
    const phi = Math.exp(-0.5 * z * z - LN_SQRT_2PI);
    return Math.log(0.5 * z * erfc(-z * SQRT1_2) + phi);
  }
  if (z > -INV_SQRT_EPS) return -0.5 * z * z - LN_SQRT_2PI + log1mexp(Math.log(erfcx(-z * SQRT1_2) * -z) + LN_SQRT_PI_2);
  return -0.5 * z * z - LN_SQRT_2PI - 2 * Math.log(-z);
}

/** ln Φ(z), stable in the lower tail. */
export function logNormalCdf(z: number): number {
  if (z > -5) return Math.log(0.5 * erfc(-z * SQRT1_2));
  return Math.log(0.5 * erfcx(-z * SQRT1_2)) - 0.5 * z * z;
}

/** d log h / dz = Φ(z)/h(z), computed in log space. */
export function dLogH(z: number): number {
  return Math.exp(logNormalCdf(z) - logH(z));
}

/** The noise floor of σ: σ = √(variance + 1e−12). */
export const SIGMA_FLOOR2 = 1e-12;

/** log EI at a prediction, with ∂/∂mean and ∂/∂variance written into `grad` when given. */
export function logEI(mean: number, variance: number, best: number, grad?: { dMean: number; dVar: number }): number {
  const sigma = Math.sqrt(variance + SIGMA_FLOOR2);
  const z = (mean - best) / sigma;
  const v = logH(z) + Math.log(sigma);
  if (grad) {
    const r = dLogH(z);
    grad.dMean = r / sigma;
    // d/dσ = (1 − r·z)/σ and dσ/dvar = 1/(2σ)
    grad.dVar = (1 - r * z) / (2 * sigma * sigma);
  }
  return v;
}
