/**
 * A Gaussian process conditioned on data: mean k_xᵀ(K + σ²I)⁻¹y and variance
 * s − k_xᵀ(K + σ²I)⁻¹k_x (clamped ≥ 0), with gradients in x for the continuous columns. One
 * Cholesky factor, extended by one row per added point (a new trial, or a running trial with a
 * believed value) in O(n²); predictions reuse preallocated buffers.
 * @module
 */
import { type KernelParams, matern52, squaredDistance } from "./kernel.js";
import { cholesky, choleskyAppend, dot4, solveLowerInPlace, solveUpperTInPlace } from "./linalg.js";

/** Mean and variance at a point. */
export interface Prediction {
  mean: number;
  variance: number;
}

/** What the acquisition reads of a posterior: predictions and their gradients. @internal */
export interface Predictor {
  readonly d: number;
  predict(x: Float64Array, out: Prediction): Prediction;
  predictBatch(xs: Float64Array, m: number, means: Float64Array, variances: Float64Array): void;
  predictWithGradient(x: Float64Array, out: Prediction, gradMean: Float64Array, gradVar: Float64Array): Prediction;
}

/** A conditioned GP. @internal */
export class GpPosterior implements Predictor {
  /** Training points, row-major n×d (capacity grows). */
  private xs: Float64Array;
  private ys: Float64Array;
  private l: Float64Array;
  private alpha: Float64Array;
  private kbuf: Float64Array;
  private vbuf: Float64Array;
  private dkr2: Float64Array;
  n: number;

  constructor(
    x: Float64Array,
    y: Float64Array,
    n: number,
    readonly d: number,
    readonly params: KernelParams,
    readonly categorical: Uint8Array,
    factor?: Float64Array,
  ) {
    this.n = n;
    this.xs = x.slice(0, n * d);
    this.ys = y.slice(0, n);
    this.l = factor ?? GpPosterior.factor(this.xs, n, d, params, categorical);
    this.alpha = new Float64Array(0);
    this.kbuf = new Float64Array(n);
    this.vbuf = new Float64Array(n);
    this.dkr2 = new Float64Array(n);
    this.solveAlpha();
  }

  /** chol(K + σ²I) of the first n rows of x. */
  static factor(x: Float64Array, n: number, d: number, p: KernelParams, cat: Uint8Array): Float64Array {
    const k = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      k[i * n + i] = p.scale + p.noise;
      for (let j = 0; j < i; j++) {
        const v = p.scale * matern52(squaredDistance(x, i, x, j, p.invLs2, cat, d));
        k[i * n + j] = v;
        k[j * n + i] = v;
      }
    }
    cholesky(k, n);
    return k;
  }

  /** The Cholesky factor (n×n, lower). */
  get factorMatrix(): Float64Array {
    return this.l;
  }

  /** The training points, row-major n×d. */
  get trainX(): Float64Array {
    return this.xs;
  }

  /**
   * The kernel row k_x of the last `predict` / `predictWithGradient` point, and (after the
   * latter) its derivatives in r², s·φ′(r²): valid until the next prediction.
   */
  get lastKernelRow(): { readonly k: Float64Array; readonly dkr2: Float64Array } {
    return { k: this.kbuf, dkr2: this.dkr2 };
  }

  /** k_x alone (O(n·d), no solve), in the buffer `lastKernelRow` returns. */
  kernelVector(x: Float64Array): Float64Array {
    this.kernelRow(x, false);
    return this.kbuf;
  }

  /** The training values (standardized). */
  get trainY(): Float64Array {
    return this.ys;
  }

  /** α = (K + σ²I)⁻¹y. */
  get alphaVector(): Float64Array {
    return this.alpha;
  }

  /** Adds one point with value y, extending the factor in O(n²). */
  add(x: ArrayLike<number>, y: number): void {
    const { n, d, params: p } = this;
    const xs = new Float64Array((n + 1) * d);
    xs.set(this.xs);
    for (let j = 0; j < d; j++) xs[n * d + j] = x[j] as number;
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) b[i] = p.scale * matern52(squaredDistance(xs, n, xs, i, p.invLs2, this.categorical, d));
    this.l = choleskyAppend(this.l, n, b, p.scale + p.noise);
    this.xs = xs;
    const ys = new Float64Array(n + 1);
    ys.set(this.ys);
    ys[n] = y;
    this.ys = ys;
    this.n = n + 1;
    this.kbuf = new Float64Array(n + 1);
    this.vbuf = new Float64Array(n + 1);
    this.dkr2 = new Float64Array(n + 1);
    this.solveAlpha();
  }

  private solveAlpha(): void {
    const a = this.ys.slice();
    solveLowerInPlace(this.l, this.n, a);
    solveUpperTInPlace(this.l, this.n, a);
    this.alpha = a;
  }

  /** The posterior means at the training points: y − σ²·α (as (K − σ²I)·α = y − σ²α), O(n). */
  trainingMeans(): Float64Array {
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = (this.ys[i] as number) - this.params.noise * (this.alpha[i] as number);
    return out;
  }

  /** Fills k_x (and, with `deriv`, dk/dr²) for a point given as row 0 of `x`. */
  private kernelRow(x: Float64Array, deriv: boolean): void {
    const { n, d, params: p } = this;
    const k = this.kbuf;
    for (let i = 0; i < n; i++) {
      const r2 = squaredDistance(x, 0, this.xs, i, p.invLs2, this.categorical, d);
      if (deriv) {
        // value and r² derivative from one square root and one exponential
        const r = Math.sqrt(5 * r2);
        const e = p.scale * Math.exp(-r);
        k[i] = (1 + r + (r * r) / 3) * e;
        this.dkr2[i] = (-5 / 6) * (1 + r) * e;
      } else k[i] = p.scale * matern52(r2);
    }
  }

  /** Mean and variance at x. */
  predict(x: Float64Array, out: Prediction): Prediction {
    return this.meanVariance(x, false, out);
  }

  /**
   * Mean and variance at x; leaves k_x in kbuf (with its r² derivatives in dkr2 when `deriv`)
   * and L⁻¹k_x in vbuf for the gradient.
   */
  private meanVariance(x: Float64Array, deriv: boolean, out: Prediction): Prediction {
    const n = this.n;
    this.kernelRow(x, deriv);
    const k = this.kbuf;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (k[i] as number) * (this.alpha[i] as number);
    const v = this.vbuf;
    v.set(k);
    solveLowerInPlace(this.l, n, v);
    let q = 0;
    for (let i = 0; i < n; i++) q += (v[i] as number) ** 2;
    out.mean = mean;
    out.variance = Math.max(0, this.params.scale - q);
    return out;
  }

  /**
   * Means and variances of `m` points (row-major in `xs`), into `means` and `variances`. The
   * triangular solves run for blocks of 16 points at a time, so each row of the factor is read
   * once per block rather than once per point (the factor outgrows the cache at a few hundred
   * trials).
   */
  predictBatch(xs: Float64Array, m: number, means: Float64Array, variances: Float64Array): void {
    const { n, d, params: p } = this;
    const B = 16;
    const v = new Float64Array(B * n);
    const l = this.l;
    for (let b0 = 0; b0 < m; b0 += B) {
      const nb = Math.min(B, m - b0);
      for (let j = 0; j < nb; j++) {
        let mean = 0;
        for (let i = 0; i < n; i++) {
          const kv = p.scale * matern52(squaredDistance(xs, b0 + j, this.xs, i, p.invLs2, this.categorical, d));
          v[j * n + i] = kv;
          mean += kv * (this.alpha[i] as number);
        }
        means[b0 + j] = mean;
      }
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        const lii = l[ri + i] as number;
        for (let j = 0; j < nb; j++) {
          const vj = j * n;
          v[vj + i] = ((v[vj + i] as number) - dot4(l, ri, v, vj, i)) / lii;
        }
      }
      for (let j = 0; j < nb; j++) {
        let q = 0;
        for (let i = 0; i < n; i++) q += (v[j * n + i] as number) ** 2;
        variances[b0 + j] = Math.max(0, p.scale - q);
      }
    }
  }

  /**
   * Mean and variance at x, and their gradients in x over the non-categorical columns
   * (categorical entries of the gradients are 0).
   */
  predictWithGradient(x: Float64Array, out: Prediction, gradMean: Float64Array, gradVar: Float64Array): Prediction {
    const { n, d } = this;
    this.meanVariance(x, true, out);
    const v = this.vbuf;
    solveUpperTInPlace(this.l, n, v); // v = (K + σ²I)⁻¹ k_x
    gradMean.fill(0);
    gradVar.fill(0);
    const lam = this.params.invLs2;
    for (let i = 0; i < n; i++) {
      const g = this.dkr2[i] as number;
      const a = (this.alpha[i] as number) * g;
      const w = (v[i] as number) * g;
      const row = i * d;
      for (let j = 0; j < d; j++) {
        if (this.categorical[j] === 1) continue;
        const dr2 = 2 * (lam[j] as number) * ((x[j] as number) - (this.xs[row + j] as number));
        gradMean[j] = (gradMean[j] as number) + a * dr2;
        gradVar[j] = (gradVar[j] as number) - 2 * w * dr2;
      }
    }
    if (out.variance === 0) gradVar.fill(0); // clamped: no gradient
    return out;
  }
}
