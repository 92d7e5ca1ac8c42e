/**
 * The Matérn-5/2 kernel with automatic relevance determination:
 * k(x, x') = s·(1 + √5·r + 5/3·r²)·exp(−√5·r), r² = Σ_d λ_d·δ_d, where λ_d is the inverse squared
 * length scale of column d, δ_d = (x_d − x'_d)² for numeric columns and 1[x_d ≠ x'_d] for
 * categorical ones (a Hamming-type distance). Written as a function of r² with its derivative in
 * closed form (finite at r = 0, where the derivative in r is not).
 * @module
 */

const SQRT5 = Math.sqrt(5);

/** Kernel hyperparameters: inverse squared length scales, scale s and noise variance. */
export interface KernelParams {
  readonly invLs2: Float64Array;
  readonly scale: number;
  readonly noise: number;
}

/** The unit-scale Matérn-5/2 value at squared distance r². */
export function matern52(r2: number): number {
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** d/d(r²) of the unit-scale Matérn-5/2: −(5/6)(1 + √5·r)·exp(−√5·r). */
export function matern52DerivR2(r2: number): number {
  const r = Math.sqrt(r2);
  return (-5 / 6) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
}

/** r² between row `i` of `a` and row `k` of `b` (both row-major with `d` columns). */
export function squaredDistance(
  a: Float64Array,
  i: number,
  b: Float64Array,
  k: number,
  invLs2: Float64Array,
  categorical: Uint8Array,
  d: number,
): number {
  let s = 0;
  const ai = i * d;
  const bk = k * d;
  for (let j = 0; j < d; j++) {
    const diff = (a[ai + j] as number) - (b[bk + j] as number);
    s += (invLs2[j] as number) * (categorical[j] === 1 ? (diff === 0 ? 0 : 1) : diff * diff);
  }
  return s;
}
