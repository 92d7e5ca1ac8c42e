/**
 * The Parzen estimator: a mixture with one component per observation plus a prior component,
 * each a product over parameters of one kernel per parameter (reference §1.7–§1.9).
 *
 *   observations ─ weights(k) + prior weight, normalized ─┐
 *   numeric: neighbour bandwidths, magic clip ────────────┼─→ mixture ─→ sample(n) / logPdf(x)
 *   categorical: prior/(k+1) + 1 on the observed choice ──┘
 *
 * Numeric kernels live in a work space: x for linear, ln x for log; stepped and integer kernels
 * are discretized truncated Gaussians whose bounds extend half a step beyond [low, high]. All
 * per-component quantities are precomputed in typed arrays; scoring reuses one scratch buffer.
 * @module
 */
import type { Distribution } from "../../distributions/types.js";
import type { Rng } from "../../random/rng.js";
import { snapToStep } from "../transform.js";
import { LOG_SQRT_2PI_CONST as LOG_SQRT_2PI, logGaussMass, truncnormPpf } from "./truncnorm.js";

/** How one parameter is modelled. @internal */
export interface ParamModel {
  readonly name: string;
  readonly distribution: Distribution;
  /** "categorical", "continuous" (density) or "discrete" (mass of a step-wide cell). */
  readonly kind: "categorical" | "continuous" | "discrete";
  /** Whether the work space is ln x. */
  readonly log: boolean;
  /** Work-space truncation bounds. */
  readonly lo: number;
  readonly hi: number;
  /** Number of choices (categorical). */
  readonly nChoices: number;
}

/** Builds the model of a distribution (reference §1.8's table). */
export function paramModel(name: string, d: Distribution): ParamModel {
  if (d.type === "categorical") {
    return { name, distribution: d, kind: "categorical", log: false, lo: 0, hi: 0, nChoices: d.choices.length };
  }
  if (d.type === "int" && d.log) {
    return { name, distribution: d, kind: "discrete", log: true, lo: Math.log(d.low - 0.5), hi: Math.log(d.high + 0.5), nChoices: 0 };
  }
  if (d.log) return { name, distribution: d, kind: "continuous", log: true, lo: Math.log(d.low), hi: Math.log(d.high), nChoices: 0 };
  if (d.step !== null) {
    const h = d.step / 2;
    return { name, distribution: d, kind: "discrete", log: false, lo: d.low - h, hi: d.high + h, nChoices: 0 };
  }
  return { name, distribution: d, kind: "continuous", log: false, lo: d.low, hi: d.high, nChoices: 0 };
}

/** Options of the estimator. */
export interface EstimatorOptions {
  readonly priorWeight: number;
  readonly considerMagicClip: boolean;
  readonly considerEndpoints: boolean;
}

interface NumericKernels {
  readonly mu: Float64Array;
  readonly sigma: Float64Array;
  readonly invSigma: Float64Array;
  /** Continuous: −log σ − log Z − log √(2π). Discrete: −log Z. Z = mass of [lo, hi]. */
  readonly logNorm: Float64Array;
}

interface CategoricalKernels {
  /** K × C row-major log-probabilities. */
  readonly logP: Float64Array;
  /** K × C row-major cumulative probabilities. */
  readonly cum: Float64Array;
}

let scratch = new Float64Array(1024);
let scratchXs = new Float64Array(64);

function scratchX(size: number): Float64Array {
  if (scratchXs.length < size) scratchXs = new Float64Array(size);
  return scratchXs;
}

function scratchOf(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(Math.max(size, scratch.length * 2));
  return scratch;
}

/**
 * Neighbour-rule bandwidths in work space (reference §1.8, Optuna 4.9/5.0): each point's σ is the
 * larger gap to its sorted neighbours, the domain ends counting as neighbours; without
 * `considerEndpoints` the extreme points (k ≥ 2) only look inwards. Clipped to [σmin, R] with
 * σmin = R / min(100, k + 2) under the magic clip, else 1e-12. `order`, when given, is the
 * permutation of the points sorted ascending (ties by index); it saves the sort.
 */
export function neighbourBandwidths(
  mus: ArrayLike<number>,
  lo: number,
  hi: number,
  options: Pick<EstimatorOptions, "considerMagicClip" | "considerEndpoints">,
  order?: Int32Array,
): Float64Array {
  const k = mus.length;
  const out = new Float64Array(k);
  if (k === 0) return out;
  let keys: Float64Array;
  let idx: Int32Array;
  if (order !== undefined && order.length === k) {
    // The caller knows the sorted order (ascending value, ties by index): no sort needed.
    idx = order;
    keys = new Float64Array(k);
    for (let r = 0; r < k; r++) keys[r] = mus[order[r] as number] as number;
  } else {
    keys = Float64Array.from(mus);
    idx = new Int32Array(k);
    for (let i = 0; i < k; i++) idx[i] = i;
    sortWithIndex(keys, idx, 0, k - 1);
  }
  const endpoints = options.considerEndpoints || k < 2;
  for (let r = 0; r < k; r++) {
    const x = keys[r] as number;
    const left = r === 0 ? lo : (keys[r - 1] as number);
    const right = r === k - 1 ? hi : (keys[r + 1] as number);
    let sg: number;
    if (!endpoints && r === 0) sg = right - x;
    else if (!endpoints && r === k - 1) sg = x - left;
    else sg = Math.max(x - left, right - x);
    out[idx[r] as number] = sg;
  }
  const range = hi - lo;
  const min = options.considerMagicClip ? range / Math.min(100, k + 2) : 1e-12;
  for (let i = 0; i < k; i++) out[i] = Math.min(Math.max(out[i] as number, min), range);
  return out;
}

/**
 * Sorts `keys[lo..hi]` ascending in place, permuting `idx` alongside; equal keys keep index
 * order (ties are broken by index), so the result is that of a stable sort. Quicksort with
 * insertion sort for short runs; no comparator calls, no allocation. @internal
 */
export function sortWithIndex(keys: Float64Array, idx: Int32Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >> 1;
    const pk = keys[mid] as number;
    const pi = idx[mid] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((keys[i] as number) < pk || ((keys[i] as number) === pk && (idx[i] as number) < pi)) i++;
      while ((keys[j] as number) > pk || ((keys[j] as number) === pk && (idx[j] as number) > pi)) j--;
      if (i <= j) {
        const tk = keys[i] as number;
        keys[i] = keys[j] as number;
        keys[j] = tk;
        const ti = idx[i] as number;
        idx[i] = idx[j] as number;
        idx[j] = ti;
        i++;
        j--;
      }
    }
    // recurse into the smaller part, loop on the larger
    if (j - lo < hi - i) {
      sortWithIndex(keys, idx, lo, j);
      lo = i;
    } else {
      sortWithIndex(keys, idx, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const k = keys[i] as number;
    const x = idx[i] as number;
    let j = i - 1;
    while (j >= lo && ((keys[j] as number) > k || ((keys[j] as number) === k && (idx[j] as number) > x))) {
      keys[j + 1] = keys[j] as number;
      idx[j + 1] = idx[j] as number;
      j--;
    }
    keys[j + 1] = k;
    idx[j + 1] = x;
  }
}

/** A Parzen mixture over the parameters of `models`. */
export class ParzenEstimator {
  /** Number of components (observations + the prior). */
  readonly size: number;
  private readonly logW: Float64Array;
  private readonly cumW: Float64Array;
  private readonly kernels: (NumericKernels | CategoricalKernels)[];

  /**
   * @param models the parameters, in the order of `observations`
   * @param observations per parameter, the k internal values (categorical: choice index)
   * @param weights k non-negative weights (oldest observation first)
   * @param orders optional, per parameter: the observations' indices sorted by value (ties by
   *   index), when the caller maintains them; saves the bandwidth sort
   */
  constructor(
    readonly models: readonly ParamModel[],
    observations: readonly ArrayLike<number>[],
    weights: ArrayLike<number>,
    readonly options: EstimatorOptions,
    orders?: readonly (Int32Array | undefined)[],
  ) {
    const k = weights.length;
    const K = k + 1;
    this.size = K;
    // Mixture weights: weights(k) then the prior's, normalized; the prior alone if they sum to 0.
    const w = new Float64Array(K);
    let sum = 0;
    for (let i = 0; i < k; i++) sum += w[i] = weights[i] as number;
    w[k] = options.priorWeight;
    sum += options.priorWeight;
    if (!(sum > 0)) {
      w.fill(0);
      w[k] = 1;
      sum = 1;
    }
    this.logW = new Float64Array(K);
    this.cumW = new Float64Array(K);
    let c = 0;
    for (let i = 0; i < K; i++) {
      const p = (w[i] as number) / sum;
      this.logW[i] = Math.log(p);
      c += p;
      this.cumW[i] = c;
    }
    this.cumW[K - 1] = 1;
    this.kernels = models.map((m, p) => (m.kind === "categorical" ? this.categorical(m, observations[p] as ArrayLike<number>, k) : this.numeric(m, observations[p] as ArrayLike<number>, k, orders?.[p])));
  }

  private numeric(m: ParamModel, obs: ArrayLike<number>, k: number, order: Int32Array | undefined): NumericKernels {
    const K = k + 1;
    const mu = new Float64Array(K);
    for (let i = 0; i < k; i++) mu[i] = m.log ? Math.log(obs[i] as number) : (obs[i] as number);
    const sig = neighbourBandwidths(mu.subarray(0, k), m.lo, m.hi, this.options, order);
    const sigma = new Float64Array(K);
    sigma.set(sig);
    mu[k] = 0.5 * (m.lo + m.hi);
    sigma[k] = m.hi - m.lo;
    const invSigma = new Float64Array(K);
    const logNorm = new Float64Array(K);
    let lastS = Number.NaN;
    let lastLogS = Number.NaN;
    for (let j = 0; j < K; j++) {
      const s = sigma[j] as number;
      const u = mu[j] as number;
      invSigma[j] = 1 / s;
      if (s !== lastS) {
        lastS = s;
        lastLogS = Math.log(s);
      }
      const a = (m.lo - u) / s;
      const b = (m.hi - u) / s;
      // Both ends beyond 8.5σ: the mass misses 1 by < 2e-17, below double precision of log Z.
      const logZ = a < -8.5 && b > 8.5 ? 0 : logGaussMass(a, b);
      logNorm[j] = m.kind === "continuous" ? -lastLogS - logZ - LOG_SQRT_2PI : -logZ;
    }
    return { mu, sigma, invSigma, logNorm };
  }

  private categorical(m: ParamModel, obs: ArrayLike<number>, k: number): CategoricalKernels {
    const C = m.nChoices;
    const K = k + 1;
    const logP = new Float64Array(K * C);
    const cum = new Float64Array(K * C);
    const base = this.options.priorWeight / K;
    for (let j = 0; j < K; j++) {
      const row = j * C;
      let total = 0;
      for (let c = 0; c < C; c++) {
        const v = j < k ? base + ((obs[j] as number) === c ? 1 : 0) : 1;
        logP[row + c] = v;
        total += v;
      }
      if (!(total > 0)) {
        for (let c = 0; c < C; c++) logP[row + c] = 1;
        total = C;
      }
      let acc = 0;
      for (let c = 0; c < C; c++) {
        const p = (logP[row + c] as number) / total;
        acc += p;
        cum[row + c] = acc;
        logP[row + c] = Math.log(p);
      }
      cum[row + C - 1] = 1;
    }
    return { logP, cum };
  }

  /** Picks a component index with probability equal to its weight. */
  private pickComponent(u: number): number {
    const cw = this.cumW;
    let lo = 0;
    let hi = cw.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cw[mid] as number) <= u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Draws `n` points: per point one component, then every parameter from that component's kernel.
   * The last `nMixed` points instead draw each parameter from its own randomly picked component
   * (a crossover of good observations; they are still scored by the joint mixtures).
   * Returns, per parameter, the n internal values (numeric value or choice index), each inside
   * its distribution.
   */
  sample(rng: Rng, n: number, nMixed = 0): Float64Array[] {
    const comps = new Int32Array(n);
    for (let i = 0; i < n; i++) comps[i] = this.pickComponent(rng.random());
    const nJoint = n - Math.min(Math.max(nMixed, 0), n);
    return this.models.map((m, p) => {
      // The last nMixed candidates take each parameter from an independently chosen component.
      if (p > 0) for (let i = nJoint; i < n; i++) comps[i] = this.pickComponent(rng.random());
      const out = new Float64Array(n);
      const kern = this.kernels[p] as NumericKernels & CategoricalKernels;
      if (m.kind === "categorical") {
        const C = m.nChoices;
        for (let i = 0; i < n; i++) {
          const u = rng.random();
          const row = (comps[i] as number) * C;
          let c = 0;
          while (c < C - 1 && (kern.cum[row + c] as number) <= u) c++;
          out[i] = c;
        }
        return out;
      }
      const d = m.distribution as Exclude<Distribution, { type: "categorical" }>;
      for (let i = 0; i < n; i++) {
        const j = comps[i] as number;
        const mu = kern.mu[j] as number;
        const s = kern.sigma[j] as number;
        const z = truncnormPpf(rng.random(), (m.lo - mu) / s, (m.hi - mu) / s);
        let x = mu + s * z;
        x = Math.min(Math.max(x, m.lo), m.hi);
        if (m.log) x = Math.exp(x);
        out[i] = toGrid(d, x);
      }
      return out;
    });
  }

  /**
   * log density (or mass, for discrete parameters) of the mixture at `n` points given as per
   * parameter internal values; written into `out`.
   */
  logPdf(points: readonly ArrayLike<number>[], n: number, out: Float64Array): void {
    const K = this.size;
    // Component-major scratch: acc[j·n + i] = log w_j + Σ_p log k_jp(x_i).
    const acc = scratchOf(n * K);
    const logW = this.logW;
    for (let j = 0; j < K; j++) acc.fill(logW[j] as number, j * n, j * n + n);
    const x = scratchX(n);
    for (let p = 0; p < this.models.length; p++) {
      const m = this.models[p] as ParamModel;
      const xs = points[p] as ArrayLike<number>;
      if (m.kind === "categorical") {
        const { logP } = this.kernels[p] as CategoricalKernels;
        const C = m.nChoices;
        for (let j = 0; j < K; j++) {
          const row = j * C;
          const base = j * n;
          for (let i = 0; i < n; i++) acc[base + i] = (acc[base + i] as number) + (logP[row + (xs[i] as number)] as number);
        }
        continue;
      }
      const { mu, invSigma, logNorm } = this.kernels[p] as NumericKernels;
      if (m.kind === "continuous") {
        for (let i = 0; i < n; i++) {
          const v = xs[i] as number;
          const w = m.log ? Math.log(v) : v;
          // outside the support: density 0 in every component
          x[i] = w >= m.lo && w <= m.hi ? w : Number.NaN;
        }
        for (let j = 0; j < K; j++) {
          const u = mu[j] as number;
          const is = invSigma[j] as number;
          const c = logNorm[j] as number;
          const base = j * n;
          for (let i = 0; i < n; i++) {
            const t = ((x[i] as number) - u) * is;
            acc[base + i] = (acc[base + i] as number) - 0.5 * t * t + c;
          }
        }
        continue;
      }
      const d = m.distribution as Exclude<Distribution, { type: "categorical" }>;
      const half = d.type === "int" && d.log ? 0.5 : (d.step as number) / 2;
      for (let i = 0; i < n; i++) {
        const v = xs[i] as number;
        const a = m.log ? Math.log(v - half) : v - half;
        const b = m.log ? Math.log(v + half) : v + half;
        for (let j = 0; j < K; j++) {
          const u = mu[j] as number;
          const is = invSigma[j] as number;
          const idx = j * n + i;
          acc[idx] = (acc[idx] as number) + logGaussMass((a - u) * is, (b - u) * is) + (logNorm[j] as number);
        }
      }
    }
    for (let i = 0; i < n; i++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < K; j++) {
        const v = acc[j * n + i] as number;
        if (v > max) max = v;
      }
      if (!(max > Number.NEGATIVE_INFINITY)) {
        out[i] = Number.NEGATIVE_INFINITY;
        continue;
      }
      // Terms more than 40 nats below the largest add < 4e-18 each: skip their exp.
      let s = 0;
      const cut = max - 40;
      for (let j = 0; j < K; j++) {
        const v = acc[j * n + i] as number;
        if (v > cut) s += Math.exp(v - max);
      }
      out[i] = max + Math.log(s);
    }
  }
}

/** Maps a numeric draw to the distribution's grid and range (int → integer, step → grid point). */
function toGrid(d: Exclude<Distribution, { type: "categorical" }>, x: number): number {
  if (d.type === "int") {
    if (d.log) return Math.min(Math.max(Math.round(x), d.low), d.high);
    return Math.round(snapToStep(x, d.low, d.high, d.step));
  }
  if (d.step !== null) return snapToStep(x, d.low, d.high, d.step);
  return Math.min(Math.max(x, d.low), d.high);
}
