/**
 * The acquisition's preliminary points, kept between trials while the kernel is not refit.
 *
 * Scoring m points against n trials costs O(m·n²) from scratch (a triangular solve per point for
 * the variance). Between two kernel fits the factor L of K + σ²I only grows by rows, so for a
 * fixed set of points the cached kernel values k_i(p) and v = L⁻¹k(p) grow by one entry per new
 * trial, each in O(n): v_i = (k_i − Σ_{j<i} L_ij v_j) / L_ii. A trial then scores the whole pool in
 * O(m·n) (the mean k·α is recomputed, since α changes with every trial). Running trials joined at
 * believed values (rows past the trials) are solved per call and not kept, as they change.
 * The pool is dropped whenever the factor is rebuilt (a refit, or trials that are not a prefix of
 * the previous ones), and drawn anew with it.
 * @module
 */
import { matern52, squaredDistance } from "./kernel.js";
import { dot4 } from "./linalg.js";
import type { GpPosterior } from "./posterior.js";

/** A fixed set of candidate points with their kernel columns and L⁻¹k, row by row. @internal */
export class CandidatePool {
  /** k(p, x_i) per point p, `cap` entries each. */
  private k: Float64Array;
  /** (L⁻¹k(p))_i per point p, `cap` entries each. */
  private v: Float64Array;
  private cap: number;
  /** Training rows covered by `k` and `v`. */
  rows = 0;

  /** @param pts `m` valid points in the GP's coordinates, row-major with `d` columns. */
  constructor(
    readonly pts: Float64Array,
    readonly m: number,
    readonly d: number,
  ) {
    this.cap = 64;
    this.k = new Float64Array(m * this.cap);
    this.v = new Float64Array(m * this.cap);
  }

  /** Extends the cached entries to the first `n` rows of `gp` (its trials, not believed rows). */
  extend(gp: GpPosterior, n: number): void {
    if (n <= this.rows) return;
    if (n > this.cap) this.grow(Math.max(n, 2 * this.cap));
    const { m, d, pts, cap, k, v } = this;
    const { trainX: xs, params: p, categorical } = gp;
    const l = gp.factorMatrix;
    const stride = gp.n;
    // point by point: one point's v (≤ n entries) stays in cache while the factor's rows stream
    for (let q = 0; q < m; q++) {
      const o = q * cap;
      for (let i = this.rows; i < n; i++) {
        const ri = i * stride;
        const kv = p.scale * matern52(squaredDistance(pts, q, xs, i, p.invLs2, categorical, d));
        k[o + i] = kv;
        v[o + i] = (kv - dot4(l, ri, v, o, i)) / (l[ri + i] as number);
      }
    }
    this.rows = n;
  }

  /**
   * Posterior means and variances of every point under `gp`, whose first {@link rows} rows are
   * the cached ones; later rows (believed running trials) are solved here.
   */
  predict(gp: GpPosterior, means: Float64Array, variances: Float64Array): void {
    const { m, d, pts, cap, k, v, rows } = this;
    const { trainX: xs, params: p, categorical } = gp;
    const n = gp.n;
    const alpha = gp.alphaVector;
    const l = gp.factorMatrix;
    const extra = new Float64Array(Math.max(0, n - rows));
    for (let q = 0; q < m; q++) {
      const o = q * cap;
      let mean = 0;
      let ss = 0;
      for (let i = 0; i < rows; i++) {
        mean += (k[o + i] as number) * (alpha[i] as number);
        ss += (v[o + i] as number) ** 2;
      }
      for (let i = rows; i < n; i++) {
        const kv = p.scale * matern52(squaredDistance(pts, q, xs, i, p.invLs2, categorical, d));
        mean += kv * (alpha[i] as number);
        const ri = i * n;
        let s = 0;
        for (let j = 0; j < rows; j++) s += (l[ri + j] as number) * (v[o + j] as number);
        for (let j = rows; j < i; j++) s += (l[ri + j] as number) * (extra[j - rows] as number);
        const vi = (kv - s) / (l[ri + i] as number);
        extra[i - rows] = vi;
        ss += vi * vi;
      }
      means[q] = mean;
      variances[q] = Math.max(0, p.scale - ss);
    }
  }

  private grow(cap: number): void {
    const k = new Float64Array(this.m * cap);
    const v = new Float64Array(this.m * cap);
    for (let q = 0; q < this.m; q++) {
      k.set(this.k.subarray(q * this.cap, q * this.cap + this.rows), q * cap);
      v.set(this.v.subarray(q * this.cap, q * this.cap + this.rows), q * cap);
    }
    this.k = k;
    this.v = v;
    this.cap = cap;
  }
}
