/**
 * Virtual derivative-sign observations at the bounds of the box (Siivola, Vehtari, Vanhatalo,
 * González and Andersen 2018, "Correcting boundary over-exploration deficiencies in Bayesian
 * optimization with virtual derivative sign observations").
 *
 * A stationary GP's variance is largest at the edges of the data and its mean extrapolates the
 * last trend, so expected improvement often peaks exactly on a bound; under noise a smooth fit
 * then cannot resolve an optimum a few hundredths inside the bound and every later trial lands
 * on the bound (docs/gp.md, "Noise"). When the acquisition's maximum lies on a bound of a
 * continuous coordinate, a virtual observation "the objective does not improve outwards here"
 * joins the posterior at that point and the acquisition is maximized again. The observation is
 * a probit likelihood on the sign of ∂f/∂x_j, replaced by the Gaussian site that matches its
 * first two moments (assumed-density filtering, one site at a time): a Gaussian
 * pseudo-observation of the derivative with a value and a noise variance, so the posterior stays
 * a GP with a few extra rows. Where the data insist that the optimum is on the bound, the site
 * only flattens the slope there and the acquisition still returns to (or next to) the bound.
 *
 * Covariances (k = s·φ(r²), r² = Σ λ_m (a_m − b_m)², φ′ and φ″ its derivatives in r²):
 *   cov(f(a), ∂f(b)/∂b_j)            = s·φ′·(−2λ_j (a_j − b_j))
 *   cov(∂f(a)/∂a_j, ∂f(b)/∂b_l)      = s·[φ″·2λ_j (a_j − b_j)·(−2λ_l (a_l − b_l)) − 2λ_l φ′·1(j = l)]
 * The posterior with the sites appended to the trials is computed by blocks from the trials'
 * factor L: E = K⁻¹C, S = G + diag(site noise) − CᵀE (q×q, q ≤ a few), so a prediction costs one
 * base prediction plus O(n·q).
 * @module
 */
import { cholesky, NotPositiveDefiniteError, solveLowerInPlace, solveUpperTInPlace } from "./linalg.js";
import { logNormalCdf } from "./log-ei.js";
import { squaredDistance } from "./kernel.js";
import type { GpPosterior, Prediction, Predictor } from "./posterior.js";

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** A Gaussian pseudo-observation of ∂f/∂x_dim at `x`. @internal */
export interface DerivativeSite {
  readonly x: Float64Array;
  readonly dim: number;
  readonly value: number;
  readonly noise: number;
}

/** s·φ′(r²) and s·φ″(r²) of the Matérn-5/2: −(5/6)(1 + √5r)e^{−√5r}·s and (25/12)e^{−√5r}·s. */
function maternDerivs(r2: number, scale: number, out: { d1: number; d2: number }): void {
  const r = Math.sqrt(5 * r2);
  const e = scale * Math.exp(-r);
  out.d1 = (-5 / 6) * (1 + r) * e;
  out.d2 = (25 / 12) * e;
}

/** A GP posterior on the trials plus derivative sites. @internal */
export class BoundaryPosterior implements Predictor {
  readonly d: number;
  private readonly q: number;
  private readonly n: number;
  /** K⁻¹C, site-major: column i at [i·n, (i + 1)·n). */
  private readonly e: Float64Array;
  /** chol(S), q×q. */
  private readonly sl: Float64Array;
  /** S_L⁻¹(y_g − Eᵀy). */
  private readonly w: Float64Array;
  /** S⁻¹(y_g − Eᵀy). */
  private readonly sw: Float64Array;
  private readonly u: Float64Array;
  private readonly du: Float64Array;
  private readonly tmp = { d1: 0, d2: 0 };

  /** C = cov(trials, sites), site-major like `e`. */
  private readonly c: Float64Array;

  /**
   * @param prev a posterior on the same base whose sites are a prefix of `sites`: its columns
   * of C and K⁻¹C are reused, so adding sites one at a time costs one O(n²) solve per site.
   */
  constructor(
    readonly base: GpPosterior,
    readonly sites: readonly DerivativeSite[],
    prev?: BoundaryPosterior,
  ) {
    const { n, d } = base;
    const q = sites.length;
    this.d = d;
    this.n = n;
    this.q = q;
    const xs = base.trainX;
    const reuse = prev !== undefined && prev.base === base && prev.n === n && prev.q <= q && prev.sites.every((p, i) => p === sites[i]) ? prev.q : 0;
    this.c = new Float64Array(q * n);
    this.e = new Float64Array(q * n);
    if (reuse > 0) {
      this.c.set((prev as BoundaryPosterior).c.subarray(0, reuse * n));
      this.e.set((prev as BoundaryPosterior).e.subarray(0, reuse * n));
    }
    for (let i = reuse; i < q; i++) {
      const col = this.c.subarray(i * n, (i + 1) * n);
      for (let t = 0; t < n; t++) col[t] = this.crossToSite(xs, t, sites[i] as DerivativeSite);
      const ecol = this.e.subarray(i * n, (i + 1) * n);
      ecol.set(col);
      solveLowerInPlace(base.factorMatrix, n, ecol);
      solveUpperTInPlace(base.factorMatrix, n, ecol);
    }
    const c = this.c;
    const s = new Float64Array(q * q);
    for (let i = 0; i < q; i++) {
      for (let k = 0; k <= i; k++) {
        let v = this.siteCov(sites[i] as DerivativeSite, sites[k] as DerivativeSite);
        for (let t = 0; t < n; t++) v -= (c[i * n + t] as number) * (this.e[k * n + t] as number);
        if (i === k) v += (sites[i] as DerivativeSite).noise;
        s[i * q + k] = v;
        s[k * q + i] = v;
      }
    }
    cholesky(s, q);
    this.sl = s;
    const y = base.trainY;
    this.w = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      let v = (sites[i] as DerivativeSite).value;
      for (let t = 0; t < n; t++) v -= (this.e[i * n + t] as number) * (y[t] as number);
      this.w[i] = v;
    }
    solveLowerInPlace(s, q, this.w);
    this.sw = this.w.slice();
    solveUpperTInPlace(s, q, this.sw);
    this.u = new Float64Array(q);
    this.du = new Float64Array(q * d);
  }

  /**
   * cov(f(x), ∂f/∂x_j at the site), x = row `row` of `xs`; leaves s·φ′, s·φ″ at their r² in
   * `tmp` for the caller's gradient.
   */
  private crossToSite(xs: Float64Array, row: number, site: DerivativeSite): number {
    const p = this.base.params;
    maternDerivs(squaredDistance(xs, row, site.x, 0, p.invLs2, this.base.categorical, this.d), p.scale, this.tmp);
    return this.tmp.d1 * -2 * (p.invLs2[site.dim] as number) * ((xs[row * this.d + site.dim] as number) - (site.x[site.dim] as number));
  }

  /** cov(∂f/∂x_j at a, ∂f/∂x_l at b). */
  private siteCov(a: DerivativeSite, b: DerivativeSite): number {
    const p = this.base.params;
    maternDerivs(squaredDistance(a.x, 0, b.x, 0, p.invLs2, this.base.categorical, this.d), p.scale, this.tmp);
    const lj = p.invLs2[a.dim] as number;
    const ll = p.invLs2[b.dim] as number;
    const dj = (a.x[a.dim] as number) - (b.x[a.dim] as number);
    const dl = (a.x[b.dim] as number) - (b.x[b.dim] as number);
    return this.tmp.d2 * 2 * lj * dj * (-2 * ll * dl) + (a.dim === b.dim ? -2 * ll * this.tmp.d1 : 0);
  }

  predict(x: Float64Array, out: Prediction): Prediction {
    this.base.predict(x, out);
    return this.correct(x, this.base.lastKernelRow.k, out);
  }

  /**
   * The sites' correction of a base prediction `out` at x (from the trials alone, e.g. a
   * candidate pool's), in O(n·(d + q)).
   */
  adjust(x: Float64Array, out: Prediction): Prediction {
    return this.correct(x, this.base.kernelVector(x), out);
  }

  private correct(x: Float64Array, k: Float64Array, out: Prediction): Prediction {
    const { n, q, u } = this;
    for (let i = 0; i < q; i++) {
      let v = this.crossToSite(x, 0, this.sites[i] as DerivativeSite);
      for (let t = 0; t < n; t++) v -= (this.e[i * n + t] as number) * (k[t] as number);
      u[i] = v;
    }
    solveLowerInPlace(this.sl, q, u);
    let mean = out.mean;
    let variance = out.variance;
    for (let i = 0; i < q; i++) {
      mean += (u[i] as number) * (this.w[i] as number);
      variance -= (u[i] as number) ** 2;
    }
    out.mean = mean;
    out.variance = Math.max(0, variance);
    return out;
  }

  predictBatch(xs: Float64Array, m: number, means: Float64Array, variances: Float64Array): void {
    const d = this.d;
    const p = { mean: 0, variance: 0 };
    for (let a = 0; a < m; a++) {
      this.predict(xs.subarray(a * d, (a + 1) * d), p);
      means[a] = p.mean;
      variances[a] = p.variance;
    }
  }

  predictWithGradient(x: Float64Array, out: Prediction, gradMean: Float64Array, gradVar: Float64Array): Prediction {
    const { n, q, d, u, du } = this;
    const base = this.base;
    base.predictWithGradient(x, out, gradMean, gradVar);
    const { k, dkr2 } = base.lastKernelRow;
    const p = base.params;
    const cat = base.categorical;
    const xs = base.trainX;
    du.fill(0);
    for (let i = 0; i < q; i++) {
      const site = this.sites[i] as DerivativeSite;
      // u_i = cov(f(x), g_i) − E_iᵀk and its gradient
      let v = this.crossToSite(x, 0, site);
      const j = site.dim;
      const lj = p.invLs2[j] as number;
      const dj = (x[j] as number) - (site.x[j] as number);
      for (let m = 0; m < d; m++) {
        if (cat[m] === 1) continue;
        const dm = (x[m] as number) - (site.x[m] as number);
        du[i * d + m] = this.tmp.d2 * 2 * (p.invLs2[m] as number) * dm * (-2 * lj * dj) + (m === j ? -2 * lj * this.tmp.d1 : 0);
      }
      const col = i * n;
      for (let t = 0; t < n; t++) {
        const et = this.e[col + t] as number;
        v -= et * (k[t] as number);
        const g = et * (dkr2[t] as number);
        if (g === 0) continue;
        const row = t * d;
        for (let m = 0; m < d; m++) {
          if (cat[m] === 1) continue;
          du[i * d + m] = (du[i * d + m] as number) - g * 2 * (p.invLs2[m] as number) * ((x[m] as number) - (xs[row + m] as number));
        }
      }
      u[i] = v;
    }
    solveLowerInPlace(this.sl, q, u); // v2 = S_L⁻¹u
    let mean = out.mean;
    let variance = out.variance;
    for (let i = 0; i < q; i++) {
      mean += (u[i] as number) * (this.w[i] as number);
      variance -= (u[i] as number) ** 2;
    }
    solveUpperTInPlace(this.sl, q, u); // a = S⁻¹u
    const clamped = variance <= 0 || out.variance === 0;
    for (let i = 0; i < q; i++) {
      const sw = this.sw[i] as number;
      const a = u[i] as number;
      for (let m = 0; m < d; m++) {
        const g = du[i * d + m] as number;
        gradMean[m] = (gradMean[m] as number) + sw * g;
        gradVar[m] = (gradVar[m] as number) - 2 * a * g;
      }
    }
    if (clamped) gradVar.fill(0);
    out.mean = mean;
    out.variance = Math.max(0, variance);
    return out;
  }

  /** Posterior mean and variance of ∂f/∂x_dim at x. */
  derivative(x: Float64Array, dim: number): Prediction {
    const { n, q, d } = this;
    const base = this.base;
    const p = base.params;
    const probe: DerivativeSite = { x, dim, value: 0, noise: 0 };
    const kf = new Float64Array(n);
    for (let t = 0; t < n; t++) kf[t] = this.crossToSite(base.trainX, t, probe);
    const alpha = base.alphaVector;
    let mean = 0;
    for (let t = 0; t < n; t++) mean += (kf[t] as number) * (alpha[t] as number);
    const v1 = kf.slice();
    solveLowerInPlace(base.factorMatrix, n, v1);
    let variance = (5 / 3) * p.scale * (p.invLs2[dim] as number);
    for (let t = 0; t < n; t++) variance -= (v1[t] as number) ** 2;
    const u = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      let v = this.siteCov(probe, this.sites[i] as DerivativeSite);
      for (let t = 0; t < n; t++) v -= (this.e[i * n + t] as number) * (kf[t] as number);
      u[i] = v;
    }
    solveLowerInPlace(this.sl, q, u);
    for (let i = 0; i < q; i++) {
      mean += (u[i] as number) * (this.w[i] as number);
      variance -= (u[i] as number) ** 2;
    }
    return { mean, variance: Math.max(0, variance) };
  }
}

/**
 * The Gaussian site of the probit observation Φ(y·g/ν) on a derivative g ~ N(mean, variance)
 * (moment matching, Rasmussen & Williams 2006 §3.6), as a pseudo-observation (value, noise);
 * undefined when the observation would tell nothing (the prior already satisfies it).
 * `sign` = +1 asks for g ≥ 0, −1 for g ≤ 0. @internal
 */
export function probitSite(mean: number, variance: number, sign: 1 | -1, nu2: number): { value: number; noise: number } | undefined {
  if (!(variance > 0)) return undefined;
  const sd = Math.sqrt(nu2 + variance);
  const z = (sign * mean) / sd;
  const ratio = Math.exp(-0.5 * z * z - LN_SQRT_2PI - logNormalCdf(z)); // φ(z)/Φ(z)
  const m1 = mean + (sign * variance * ratio) / sd;
  const shrink = Math.min(1 - 1e-9, Math.max(0, (variance * ratio * (z + ratio)) / (sd * sd)));
  const v1 = variance * (1 - shrink);
  const tau = 1 / v1 - 1 / variance;
  if (!(tau > 1e-9 / variance)) return undefined;
  return { value: (m1 / v1 - mean / variance) / tau, noise: 1 / tau };
}

/** Continuous coordinates of `x` on a bound, with the sign the derivative there should have. @internal */
export function onBounds(x: Float64Array, continuous: readonly number[]): { dim: number; sign: 1 | -1 }[] {
  const out: { dim: number; sign: 1 | -1 }[] = [];
  for (const j of continuous) {
    const v = x[j] as number;
    if (v >= 1 - 1e-9) out.push({ dim: j, sign: -1 });
    else if (v <= 1e-9) out.push({ dim: j, sign: 1 });
  }
  return out;
}

/**
 * The sites of one trial: added one at a time, each conditioned on the ones before (ADF), and
 * the posterior with all of them, built incrementally (one O(n²) solve per site). @internal
 */
export class BoundarySites {
  readonly sites: DerivativeSite[] = [];
  private post: BoundaryPosterior | undefined;

  /** @param nuFraction ν² of the probit as a fraction of the derivative's prior variance. */
  constructor(
    readonly base: GpPosterior,
    readonly nuFraction: number,
  ) {}

  /**
   * Sites for the coordinates among `continuous` where `x` is on a bound and that no site
   * covers yet; returns how many were added (none past a set that is singular together).
   */
  add(x: Float64Array, continuous: readonly number[]): number {
    const before = this.sites.length;
    for (const { dim, sign } of onBounds(x, continuous)) {
      if (this.sites.some((s) => s.dim === dim && s.x.every((v, m) => Math.abs(v - (x[m] as number)) < 1e-9))) continue;
      const post = this.posterior();
      if (post === undefined) break;
      const g = post.derivative(x, dim);
      const prior = (5 / 3) * this.base.params.scale * (this.base.params.invLs2[dim] as number);
      const site = probitSite(g.mean, g.variance, sign, this.nuFraction * prior);
      if (site !== undefined) this.sites.push({ x: x.slice(), dim, value: site.value, noise: site.noise });
    }
    return this.sites.length - before;
  }

  /** Drops the sites past the first `count`. */
  truncate(count: number): void {
    this.sites.length = Math.min(count, this.sites.length);
    if (this.post !== undefined && this.post.sites.length > this.sites.length) this.post = undefined;
  }

  /** The posterior with every site (none: the trials' alone); undefined when they are singular together. */
  posterior(): BoundaryPosterior | undefined {
    if (this.post === undefined || this.post.sites.length !== this.sites.length) {
      try {
        this.post = new BoundaryPosterior(this.base, this.sites.slice(), this.post);
      } catch (err) {
        if (err instanceof NotPositiveDefiniteError) return undefined;
        throw err;
      }
    }
    return this.post;
  }
}
