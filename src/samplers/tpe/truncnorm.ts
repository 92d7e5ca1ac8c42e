/**
 * The standard and truncated normal distribution, numerically stable in the tails: the scaled
 * complementary error function, log Φ, the inverse CDF from a log-probability, the log of the
 * Gaussian mass of an interval, and the truncated normal's log-density and quantile function.
 *
 * Everything is computed from `erfcx(y) = exp(y²)·erfc(y)` (W. J. Cody's rational Chebyshev
 * approximations, Math. Comp. 1969), so that log Φ(x) stays finite far into the lower tail
 * (x = −1e5 gives ≈ −5e9, not −∞). The inverse CDF starts from a cheap closed-form guess and
 * polishes it with Newton steps on log Φ, which converge quadratically.
 * @module
 */
import { erfc, erfcx } from "../erf.js";

export { erfc, erfcx };

const SQRT1_2 = Math.SQRT1_2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** The standard normal CDF Φ(x). */
export function ndtr(x: number): number {
  return 0.5 * erfc(-x * SQRT1_2);
}

/** log Φ(x), finite for every finite x (−x²/2 − log(−x√(2π)) asymptotically). */
export function logNdtr(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x === Number.NEGATIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (x > 0) return Math.log1p(-0.5 * erfc(x * SQRT1_2));
  const y = -x * SQRT1_2;
  return Math.log(0.5 * erfcx(y)) - y * y;
}

/** Φ(x)/φ(x) for x ≤ 0 (the reciprocal of the lower-tail hazard), stable in the tail. */
function millsLower(x: number): number {
  return 0.5 * erfcx(-x * SQRT1_2) * SQRT_2PI;
}

/** log(1 − exp(a)) for a ≤ 0 (Mächler's two-branch rule). */
export function log1mexp(a: number): number {
  return a > -Math.LN2 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
}

/** log(exp(a) + exp(b)). */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * The x with log Φ(x) = logP (logP ≤ 0): the inverse CDF taking a log-probability, so that
 * probabilities far below the smallest double still invert. −∞ for logP = −∞, +∞ for logP = 0.
 */
export function ndtriExp(logP: number): number {
  if (Number.isNaN(logP) || logP > 0) return Number.NaN;
  if (logP === Number.NEGATIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (logP === 0) return Number.POSITIVE_INFINITY;
  // Initial guess: Abramowitz & Stegun 26.2.23 on the smaller tail (|error| < 4.5e-4).
  const lower = logP < -Math.LN2;
  const logTail = lower ? logP : log1mexp(logP);
  const t = Math.sqrt(-2 * logTail);
  let x = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  if (lower) x = -x;
  // Newton on g(x) = log Φ(x) − logP; g'(x) = φ(x)/Φ(x).
  for (let i = 0; i < 8; i++) {
    let step: number;
    if (x <= 0) {
      step = (logNdtr(x) - logP) * millsLower(x);
    } else {
      // Upper half: Φ(x) − p with p = exp(logP); the derivative is φ(x).
      const phi = Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
      step = (-Math.expm1(logP) - 0.5 * erfc(x * SQRT1_2)) / phi;
    }
    if (!Number.isFinite(step)) break;
    x -= step;
    if (Math.abs(step) <= 1e-15 * (1 + Math.abs(x))) break;
  }
  return x;
}

/** The inverse of the standard normal CDF, Φ⁻¹(p), for p in [0, 1]. */
export function ndtri(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  return ndtriExp(Math.log(p));
}

/**
 * log(Φ(b) − Φ(a)) for a ≤ b: the log of the standard normal mass of [a, b], accurate when both
 * ends are deep in the same tail. −∞ when a = b.
 */
export function logGaussMass(a: number, b: number): number {
  if (a >= b) return Number.NEGATIVE_INFINITY;
  if (a >= 0) {
    // Both in the upper tail: reflect, mass = Φ(−a) − Φ(−b).
    const la = logNdtr(-a);
    const lb = logNdtr(-b);
    return la + log1mexp(lb - la);
  }
  if (b <= 0) {
    const la = logNdtr(a);
    const lb = logNdtr(b);
    return lb + log1mexp(la - lb);
  }
  // a < 0 < b: 1 − Φ(a) − Φ(−b), both terms small-ish and computed directly.
  return Math.log1p(-ndtr(a) - ndtr(-b));
}

/**
 * The quantile of the standard normal truncated to [a, b] at u ∈ [0, 1]; the result lies in
 * [a, b]. Computed in log space on the side of the smaller tail mass, so bounds far in a tail
 * keep full precision.
 */
export function truncnormPpf(u: number, a: number, b: number): number {
  if (a >= b) return a;
  let x: number;
  if (a > 0) {
    // Reflect onto [−b, −a] (lower tail) so the CDF values are not rounded to 1.
    x = -lowerPpf(1 - u, -b, -a);
  } else {
    x = lowerPpf(u, a, b);
  }
  if (Number.isNaN(x)) x = a + u * (b - a);
  return Math.min(Math.max(x, a), b);
}

function lowerPpf(u: number, a: number, b: number): number {
  const la = logNdtr(a);
  const lb = logNdtr(b);
  // log((1 − u)Φ(a) + uΦ(b))
  const lp = logAddExp(u < 1 ? Math.log1p(-u) + la : Number.NEGATIVE_INFINITY, u > 0 ? Math.log(u) + lb : Number.NEGATIVE_INFINITY);
  return ndtriExp(Math.min(lp, 0));
}

/** The log-density of the standard normal truncated to [a, b] at x (−∞ outside). */
export function truncnormLogPdf(x: number, a: number, b: number): number {
  if (x < a || x > b) return Number.NEGATIVE_INFINITY;
  return -0.5 * x * x - LOG_SQRT_2PI - logGaussMass(a, b);
}

/** log √(2π), for callers that assemble Gaussian log-densities themselves. */
export const LOG_SQRT_2PI_CONST = LOG_SQRT_2PI;
