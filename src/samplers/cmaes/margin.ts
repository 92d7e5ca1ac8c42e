/**
 * CMA-ES with margin (Hamano, Saito, Nomura & Shirakawa 2022, "CMA-ES with Margin: Lower-Bounding
 * Marginal Probability for Mixed-Integer Black-Box Optimization", arXiv:2205.13482). Integer and
 * stepped coordinates live on a grid 0, s, 2s, …, 1 of the unit cube; a candidate is encoded to
 * the grid after a per-coordinate affine scaling A around the mean, and after every update the
 * mean and A are corrected so that the probability of leaving the mean's grid cell stays at
 * least α/2 on each side (α = 1/(n·λ)), so integer variables never freeze.
 * @module
 */
import { ndtr, ndtri } from "../tpe/truncnorm.js";

/** The margin part of a CMA state. */
export interface MarginState {
  /** Normalized step per coordinate; 0 = continuous. */
  steps: number[];
  /** The affine scaling of each coordinate (1 for continuous ones). */
  a: number[];
  alpha: number;
}

/** Number of grid points − 1 of a normalized step. */
function lastIndex(step: number): number {
  return Math.max(1, Math.round(1 / step));
}

/** The index of the grid cell of `x` (cells split at the midpoints; ties lower). */
function cellOf(x: number, step: number): number {
  const k = lastIndex(step);
  return Math.min(Math.max(Math.ceil(x / step - 0.5), 0), k);
}

/** The candidate to evaluate: grid coordinates snapped after the scaling A. */
export function encodeMargin(m: MarginState, mean: readonly number[], raw: readonly number[]): number[] {
  return raw.map((x, i) => {
    const step = m.steps[i]!;
    if (!(step > 0)) return x;
    const scaled = (x - mean[i]!) * m.a[i]! + mean[i]!;
    return Math.min(cellOf(scaled, step) * step, 1);
  });
}

/** The margin correction of the mean and A after an update (σ and C are kept). */
export function correctMargin(m: MarginState, s: { n: number; mean: number[]; sigma: number; cov: number[]; separable: boolean }): void {
  const { n } = s;
  const alpha = m.alpha;
  for (let i = 0; i < n; i++) {
    const step = m.steps[i]!;
    if (!(step > 0)) continue;
    const k = lastIndex(step);
    const lims = Array.from({ length: k }, (_, j) => (j + 0.5) * step);
    const cii = s.separable ? s.cov[i]! : s.cov[i * n + i]!;
    const sd = Math.sqrt(cii);
    let mean = s.mean[i]!;
    let pos = 0;
    while (pos < k && lims[pos]! < mean) pos++;
    const low = lims[Math.min(Math.max(pos - 1, 0), k - 1)]!;
    const up = lims[Math.min(pos, k - 1)]!;
    const scale = s.sigma * m.a[i]! * sd;
    let lowCdf = ndtr((low - mean) / scale);
    let upCdf = 1 - ndtr((up - mean) / scale);
    const midCdf = 1 - (lowCdf + upCdf);
    if (up === low || Math.max(lowCdf, upCdf) > 0.5) {
      // the mean is in an edge cell: keep at least α of the mass on the far side of its border
      if (Math.min(lowCdf, upCdf) < alpha) {
        const sign = Math.sign(mean - up);
        mean = up + sign * s.sigma * m.a[i]! * ndtri(1 - alpha) * sd;
      }
      s.mean[i] = mean;
      continue;
    }
    lowCdf = Math.max(lowCdf, alpha / 2);
    upCdf = Math.max(upCdf, alpha / 2);
    const denom = lowCdf + midCdf + upCdf - (3 * alpha) / 2;
    const excess = 1 - lowCdf - upCdf - midCdf;
    const clip = (v: number): number => Math.min(Math.max(v, 1e-10), 0.5 - 1e-10);
    const modLow = clip(lowCdf + (excess * (lowCdf - alpha / 2)) / denom);
    const modUp = clip(upCdf + (excess * (upCdf - alpha / 2)) / denom);
    const chiLow = ndtri(1 - modLow);
    const chiUp = ndtri(1 - modUp);
    m.a[i] = (up - low) / ((chiLow + chiUp) * s.sigma * sd);
    s.mean[i] = (low * chiUp + up * chiLow) / (chiLow + chiUp);
  }
}
