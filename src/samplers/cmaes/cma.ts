/**
 * One CMA-ES run in the unit cube [0, 1]ⁿ, with an ask/tell interface and a plain-JSON state
 * (so it can live in trial system attributes). The update is the one of Hansen's tutorial
 * (arXiv:1604.00772): weighted recombination, cumulative step-size adaptation, rank-one and
 * rank-μ covariance updates with active (negative) weights. `separable: true` keeps a diagonal
 * covariance (sep-CMA, Ros & Hansen 2008). Learning-rate adaptation and the margin are applied
 * after the update by `lr-adapt.ts` and `margin.ts`.
 * @module
 */
import type { Rng } from "../../random/rng.js";
import { compose, eigh, matVec, norm } from "./linalg.js";
import { type LrState, lrAdaptStep, newLrState } from "./lr-adapt.js";
import { correctMargin, encodeMargin, type MarginState } from "./margin.js";
import { strategyParams, type StrategyParams } from "./params.js";

const EPS = 1e-8;
const SIGMA_MAX = 1e32;

/** The serializable state of a run. */
export interface CmaState {
  readonly n: number;
  readonly lambda: number;
  readonly separable: boolean;
  mean: number[];
  sigma: number;
  /** σ at the start of the run (for the tolx stop criterion). */
  readonly sigma0: number;
  /** Covariance: n×n row-major, or its diagonal (length n) when separable. */
  cov: number[];
  pSigma: number[];
  pc: number[];
  generation: number;
  /** Best and worst value of each of the last generations (a ring buffer of pairs). */
  funhist: number[];
  lr?: LrState;
  margin?: MarginState;
}

/** The options of a new run. */
export interface NewRunOptions {
  mean: readonly number[];
  sigma: number;
  lambda: number;
  separable?: boolean;
  /** A full covariance (n×n row-major) to start from (warm start); default I. */
  cov?: readonly number[];
  lrAdapt?: boolean;
  /** Normalized step per dimension (0 = continuous) for CMA-ES with margin. */
  steps?: readonly number[];
}

/** A new run's state. */
export function newRun(o: NewRunOptions): CmaState {
  const n = o.mean.length;
  const separable = o.separable ?? false;
  let cov: number[];
  if (separable) cov = new Array<number>(n).fill(1);
  else if (o.cov) cov = [...o.cov];
  else {
    cov = new Array<number>(n * n).fill(0);
    for (let i = 0; i < n; i++) cov[i * n + i] = 1;
  }
  const state: CmaState = {
    n,
    lambda: o.lambda,
    separable,
    mean: [...o.mean],
    sigma: o.sigma,
    sigma0: o.sigma,
    cov,
    pSigma: new Array<number>(n).fill(0),
    pc: new Array<number>(n).fill(0),
    generation: 0,
    funhist: [],
  };
  if (o.lrAdapt) state.lr = newLrState(n);
  if (o.steps && o.steps.some((s) => s > 0)) state.margin = { steps: [...o.steps], a: new Array<number>(n).fill(1), alpha: 1 / (n * o.lambda) };
  return state;
}

/** A run being asked and told: the state plus its cached eigen-decomposition. */
export class Cma {
  readonly p: StrategyParams;
  private b: Float64Array | undefined;
  private d: Float64Array | undefined;

  constructor(readonly state: CmaState) {
    this.p = strategyParams(state.n, state.lambda, state.separable);
  }

  /** A run on a copy of this state that reuses the eigen-decomposition already computed. */
  copyTo(state: CmaState): Cma {
    const c = new Cma(state);
    if (this.d) {
      this.decompose(); // the state's covariance is the recomposed one: copy it as well
      state.cov = [...this.state.cov];
      c.b = this.b;
      c.d = this.d;
    }
    return c;
  }

  /** The number of generations of f-values the tolfun criterion looks at. */
  private get funhistTerm(): number {
    return 10 + Math.ceil((30 * this.state.n) / this.state.lambda);
  }

  /** B and D with C = B·diag(D²)·Bᵀ (separable: B = I, not stored). */
  private decompose(): { b: Float64Array | undefined; d: Float64Array } {
    const { n, separable, cov } = this.state;
    if (this.d) return { b: this.b, d: this.d };
    if (separable) {
      this.d = Float64Array.from(cov, (c) => Math.sqrt(c < 0 ? EPS : c));
      return { b: undefined, d: this.d };
    }
    const e = eigh(Float64Array.from(cov), n);
    const d = e.values.map((v) => Math.sqrt(v < 0 ? EPS : v));
    this.state.cov = Array.from(compose(e.vectors, d.map((v) => v * v), n));
    this.b = e.vectors;
    this.d = d;
    return { b: this.b, d };
  }

  /** y = √C·z for a standard normal z. */
  private sampleY(rng: Rng): Float64Array {
    const { n } = this.state;
    const { b, d } = this.decompose();
    const dz = new Float64Array(n);
    for (let i = 0; i < n; i++) dz[i] = d[i]! * rng.normal();
    return b ? matVec(b, dz, n) : dz;
  }

  /**
   * A candidate in the cube: resampled up to 10n times until its continuous coordinates are
   * inside, then clipped. Returns the raw vector (told later) and the one to evaluate (with the
   * margin, integer coordinates snapped to their grid).
   */
  ask(rng: Rng): { raw: number[]; eval: number[] } {
    const { n, mean, sigma, margin } = this.state;
    const continuous = (i: number): boolean => !margin || !(margin.steps[i]! > 0);
    let x = new Float64Array(n);
    let inside = false;
    for (let t = 0; t < 10 * n && !inside; t++) {
      const y = this.sampleY(rng);
      for (let i = 0; i < n; i++) x[i] = mean[i]! + sigma * y[i]!;
      inside = x.every((v, i) => !continuous(i) || (v >= 0 && v <= 1));
    }
    x = x.map((v, i) => (continuous(i) ? Math.min(Math.max(v, 0), 1) : v));
    const raw = Array.from(x);
    return { raw, eval: margin ? encodeMargin(margin, mean, raw) : raw };
  }

  /** C^(−1/2)·v. */
  private invSqrtC(v: ArrayLike<number>): Float64Array {
    const { n } = this.state;
    const { b, d } = this.decompose();
    if (!b) return Float64Array.from({ length: n }, (_, i) => v[i]! / d[i]!);
    const bt = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += b[i * n + k]! * v[i]!;
      bt[k] = s / d[k]!;
    }
    return matVec(b, bt, n);
  }

  /** Updates the distribution from exactly λ (raw vector, value to minimize) pairs. */
  tell(solutions: readonly { x: readonly number[]; value: number }[]): void {
    const s = this.state;
    const p = this.p;
    const { n } = s;
    if (solutions.length !== s.lambda) throw new RangeError(`tell needs ${s.lambda} solutions, got ${solutions.length}`);
    const sorted = [...solutions].sort((a, b) => a.value - b.value);
    const term = this.funhistTerm;
    const slot = 2 * (s.generation % term);
    s.funhist[slot] = sorted[0]!.value;
    s.funhist[slot + 1] = sorted[sorted.length - 1]!.value;
    s.generation += 1;
    const old = s.lr ? { mean: [...s.mean], sigma: s.sigma, cov: [...s.cov] } : undefined;
    const ys = sorted.map((sol) => Float64Array.from(sol.x, (v, i) => (v - s.mean[i]!) / s.sigma));
    const yw = new Float64Array(n);
    for (let k = 0; k < p.mu; k++) for (let i = 0; i < n; i++) yw[i] = yw[i]! + p.weights[k]! * ys[k]![i]!;
    const invYw = this.invSqrtC(yw);
    const oldInvSqrt = s.lr ? this.invSqrtMatrix() : undefined;
    // negative weights are rescaled by n / ‖C^(−1/2) y‖² (eq. 46), computed with the old C
    const wo = p.weights.map((w, k) => (w >= 0 ? w : (w * n) / (norm(this.invSqrtC(ys[k]!)) ** 2 + EPS)));
    for (let i = 0; i < n; i++) s.mean[i] = s.mean[i]! + p.cm * s.sigma * yw[i]!;
    const cs = p.cSigma;
    const kSigma = Math.sqrt(cs * (2 - cs) * p.muEff);
    for (let i = 0; i < n; i++) s.pSigma[i] = (1 - cs) * s.pSigma[i]! + kSigma * invYw[i]!;
    const normPs = norm(s.pSigma);
    s.sigma = Math.min(s.sigma * Math.exp((cs / p.dSigma) * (normPs / p.chiN - 1)), SIGMA_MAX);
    const hSigma = normPs / Math.sqrt(1 - (1 - cs) ** (2 * (s.generation + 1))) < (1.4 + 2 / (n + 1)) * p.chiN ? 1 : 0;
    const kc = hSigma * Math.sqrt(p.cc * (2 - p.cc) * p.muEff);
    for (let i = 0; i < n; i++) s.pc[i] = (1 - p.cc) * s.pc[i]! + kc * yw[i]!;
    const deltaH = (1 - hSigma) * p.cc * (2 - p.cc);
    let sumW = 0;
    for (const w of p.weights) sumW += w;
    const decay = 1 + p.c1 * deltaH - p.c1 - p.cMu * sumW;
    if (s.separable) {
      for (let i = 0; i < n; i++) {
        let rankMu = 0;
        for (let k = 0; k < s.lambda; k++) rankMu += wo[k]! * ys[k]![i]! ** 2;
        s.cov[i] = decay * s.cov[i]! + p.c1 * s.pc[i]! ** 2 + p.cMu * rankMu;
      }
    } else {
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          let rankMu = 0;
          for (let k = 0; k < s.lambda; k++) rankMu += wo[k]! * ys[k]![i]! * ys[k]![j]!;
          const v = decay * s.cov[i * n + j]! + p.c1 * s.pc[i]! * s.pc[j]! + p.cMu * rankMu;
          s.cov[i * n + j] = v;
          s.cov[j * n + i] = v;
        }
      }
    }
    this.b = undefined;
    this.d = undefined;
    if (s.lr && old && oldInvSqrt) lrAdaptStep(s, old, oldInvSqrt);
    if (s.margin) correctMargin(s.margin, s);
  }

  /** C^(−1/2) as a matrix (full CMA only). */
  private invSqrtMatrix(): Float64Array {
    const { n } = this.state;
    const { b, d } = this.decompose();
    return compose(b as Float64Array, d.map((v) => 1 / v), n);
  }

  /** Hansen's stop criteria (tolfun, tolx, tolxup, no-effect coordinate/axis, condition number). */
  shouldStop(): boolean {
    const s = this.state;
    const { n } = s;
    const { b, d } = this.decompose();
    const diag = s.separable ? s.cov : Array.from({ length: n }, (_, i) => s.cov[i * n + i]!);
    const term = this.funhistTerm;
    if (s.generation > term && s.funhist.length >= 2 * term) {
      if (Math.max(...s.funhist) - Math.min(...s.funhist) < 1e-12) return true;
    }
    const tolx = 1e-12 * s.sigma0;
    if (diag.every((c) => s.sigma * c < tolx) && s.pc.every((v) => s.sigma * v < tolx)) return true;
    if (s.sigma * Math.max(...d) > 1e4) return true;
    if (s.mean.some((m, i) => m === m + 0.2 * s.sigma * Math.sqrt(diag[i]!))) return true;
    const ax = s.generation % n;
    if (s.mean.every((m, i) => m === m + 0.1 * s.sigma * d[ax]! * (b ? b[i * n + ax]! : i === ax ? 1 : 0))) return true;
    return Math.max(...d) / Math.min(...d) > 1e7;
  }
}
