/**
 * GPSampler: Bayesian optimization with a Gaussian process (docs/gp.md).
 *
 *   COMPLETE trials ─ encode to [0,1]^d ─ standardize y ─ fit kernel (MAP, refit on a schedule)
 *     ─ posterior (Cholesky, extended per new trial) ─ + running trials at believed values
 *     ─ maximize log EI over the mixed space ─ on a bound: virtual derivative signs, again ─ decode
 *
 * The relative space is the intersection of the COMPLETE trials' distributions; parameters
 * outside it (conditional ones) come from the independent sampler, as does everything during
 * the first `nStartupTrials` trials.
 * @module
 */
import { checkOptionKeys, optionKeys } from "../../core/option-keys.js";
import { InvalidArgumentError } from "../../errors.js";
import type { Distribution, ParamValue } from "../../distributions/types.js";
import { Rng } from "../../random/rng.js";
import type { StudyView } from "../../core/study-view.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { JsonValue } from "../../trial/state.js";
import { gpIndependent } from "../../messages.js";
import { warn } from "../../warnings.js";
import type { Sampler, SearchSpace } from "../base.js";
import { RandomSampler } from "../random.js";
import { IntersectionSearchSpace } from "../search-space.js";
import { Acquisition, maximizeLogEI, preliminaryPoints } from "./acquisition.js";
import { defaultRaw, fitKernelParams } from "./fit.js";
import type { KernelParams } from "./kernel.js";
import { CandidatePool } from "./pool.js";
import { GpPosterior } from "./posterior.js";
import { GpSpace } from "./space.js";
import { warpInPlace } from "./warp.js";
import { type BoundaryPosterior, BoundarySites } from "./boundary.js";
import { squaredDistance } from "./kernel.js";

/** The system attribute holding a running trial's relative sample, for other workers. */
export const GP_RELATIVE_PARAMS_KEY = "gp:relative_params";

/** Options of `new GPSampler(...)`; every one is optional. */
export interface GPSamplerOptions {
  seed?: number | string;
  /** Below this many COMPLETE trials, sample with the independent sampler. Default 10. */
  nStartupTrials?: number;
  /** The objective has no noise: fix the noise variance at its floor (1e−6). Default false. */
  deterministicObjective?: boolean;
  /** Samples the startup trials and parameters outside the relative space. Default: RandomSampler. */
  independentSampler?: Sampler;
}

/** Preliminary quasi-random points and local searches of the acquisition maximizer. */
export const ACQUISITION = { nPreliminary: 512, nLocal: 6, maxIter: 50 } as const;

/**
 * Acquisition maxima on a bound get a virtual derivative-sign observation there and the
 * acquisition is maximized again, at most this many times per trial (boundary.ts).
 */
export const BOUNDARY_ROUNDS = 3;

/**
 * ν² of the sign observations' probit Φ(±g/ν), as a fraction of the prior variance of the
 * derivative: 1 lets the data overrule the assumption "the optimum is inside" where they insist
 * (a hard sign, 0, cost more on functions whose acquisition visits bounds often; docs/gp.md).
 */
export const BOUNDARY_SOFTNESS = 1;

/**
 * The boundary sites are used up to this many trials, and past it while the fitted noise
 * variance (standardized units) is at least {@link BOUNDARY_MIN_NOISE}: the noisy bench
 * functions fit 0.007–0.5, noise-free ones below 0.002. Early on a fit cannot yet tell noise
 * from signal, and where the early trials go decides where the late ones do (docs/gp.md).
 */
export const BOUNDARY_ALWAYS_UNTIL = 60;

/** See {@link BOUNDARY_ALWAYS_UNTIL}. */
export const BOUNDARY_MIN_NOISE = 0.005;

/**
 * Where sites were placed is kept for later trials of the study, the newest this many: each
 * trial re-derives their values from its data before its own search (docs/gp.md).
 */
export const BOUNDARY_MEMORY = 20;

/** Hyperparameters are refit every trial up to this many trials, then on a sparser schedule. */
export const REFIT_EVERY_TRIAL_UNTIL = 50;

/** Trials between two kernel fits once n ≥ {@link REFIT_EVERY_TRIAL_UNTIL}. @internal */
export function refitInterval(n: number): number {
  return n < REFIT_EVERY_TRIAL_UNTIL ? 1 : Math.ceil(n / 12);
}

/** A point the acquisition search found, and its log EI. */
type Found = { x: Float64Array; value: number };

/** What one trial's acquisition searches share: the posterior, the scored pool, the incumbent. */
interface SearchContext {
  readonly gp: GpPosterior;
  readonly pool: CandidatePool;
  /** The pool's predictions under `gp` (no sites). */
  readonly pm: Float64Array;
  readonly pv: Float64Array;
  readonly best: number;
  readonly space: GpSpace;
  readonly lengthScales: Float64Array;
  readonly warm: readonly Float64Array[];
}

interface StudyState {
  spaceKey: string;
  space: GpSpace;
  raw: Float64Array | undefined;
  params: KernelParams | undefined;
  fitN: number;
  /** Trial ids behind `factor`, in order. */
  ids: number[];
  factor: Float64Array | undefined;
  /** The preliminary points, valid while `factor` only grows (pool.ts). */
  pool: CandidatePool | undefined;
  /** Where boundary sites were placed in earlier trials (boundary.ts), oldest first. */
  siteAt: { x: Float64Array; dim: number }[];
}

/**
 * A Gaussian-process sampler: Matérn-5/2 ARD kernel, MAP hyperparameters, log expected
 * improvement. See docs/gp.md for the method, priors and defaults.
 *
 * @example
 * ```ts
 * import { createStudy, GPSampler } from "parzen";
 *
 * const study = await createStudy({ sampler: new GPSampler({ seed: 1 }) });
 * await study.optimize((t) => (t.suggestFloat("x", -5, 5) - 1) ** 2, { nTrials: 30 });
 * ```
 */
const GP_OPTION_KEYS = optionKeys<GPSamplerOptions>({ seed: true, nStartupTrials: true, deterministicObjective: true, independentSampler: true });

export class GPSampler implements Sampler {
  private readonly rng: Rng;
  private readonly independent: Sampler;
  private readonly ownIndependent: boolean;
  private readonly nStartupTrials: number;
  private readonly deterministic: boolean;
  private readonly spaces = new WeakMap<StudyView, IntersectionSearchSpace>();
  private readonly states = new WeakMap<StudyView, StudyState>();
  private warned = new Set<string>();
  readonly seed?: string;

  /** @throws {InvalidArgumentError} naming the first invalid option. */
  constructor(options: GPSamplerOptions = {}) {
    checkOptionKeys("new GPSampler", options, GP_OPTION_KEYS);
    const { seed, nStartupTrials = 10, deterministicObjective = false, independentSampler } = options;
    if (seed !== undefined && !((typeof seed === "number" && Number.isFinite(seed)) || typeof seed === "string")) {
      throw new InvalidArgumentError(`GPSampler: \`seed\` must be a finite number or a string, but got ${String(seed)}.`);
    }
    if (!Number.isSafeInteger(nStartupTrials) || nStartupTrials < 0) {
      throw new InvalidArgumentError(`GPSampler: \`nStartupTrials\` must be a non-negative integer, but got ${String(nStartupTrials)}.`);
    }
    if (typeof deterministicObjective !== "boolean") {
      throw new InvalidArgumentError(`GPSampler: \`deterministicObjective\` must be a boolean, but got ${String(deterministicObjective)}.`);
    }
    if (independentSampler !== undefined && typeof (independentSampler as Sampler).sampleIndependent !== "function") {
      throw new InvalidArgumentError("GPSampler: `independentSampler` must be a Sampler (an object with sampleIndependent).");
    }
    this.rng = new Rng(seed);
    if (seed !== undefined) this.seed = String(seed);
    this.ownIndependent = independentSampler === undefined;
    this.independent = independentSampler ?? new RandomSampler({ seed: `${this.rng.seed}/independent` });
    this.nStartupTrials = nStartupTrials;
    this.deterministic = deterministicObjective;
  }

  /** The intersection of the COMPLETE trials' distributions (single values left out). */
  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): SearchSpace {
    let sp = this.spaces.get(study);
    if (!sp) {
      sp = new IntersectionSearchSpace(false);
      this.spaces.set(study, sp);
    }
    return sp.calculate(study.getTrials());
  }

  /** One GP step over `searchSpace`; `{}` during the startup trials. */
  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: SearchSpace): Record<string, ParamValue> {
    if (Object.keys(searchSpace).length === 0) return {};
    if (study.directions.length > 1) {
      throw new InvalidArgumentError("GPSampler optimizes one objective; use TPESampler (or the default sampler) for a multi-objective study.");
    }
    const trials = study.getTrials();
    const state = this.state(study, searchSpace);
    const space = state.space;
    const d = space.dim;
    const complete: FrozenTrial[] = [];
    for (const t of trials) if (t.state === "COMPLETE" && t.values !== undefined && t.values.length === 1) complete.push(t);
    const x = new Float64Array(complete.length * d);
    const used: FrozenTrial[] = [];
    for (const t of complete) if (space.encode(t.params, x, used.length * d)) used.push(t);
    const n = used.length;
    if (n < this.nStartupTrials || n === 0) return {};
    const y = standardized(used, study.directions[0] === "maximize");

    const refit = state.params === undefined || n - state.fitN >= refitInterval(n);
    if (refit) {
      const starts = state.raw === undefined ? [defaultRaw(d, this.deterministic)] : [state.raw, ...(n <= 40 ? [defaultRaw(d, this.deterministic)] : [])];
      const sub = fitSubset(y, n, d, x);
      const fit = fitKernelParams(sub.x, sub.y, sub.n, d, space.categorical, { deterministic: this.deterministic, starts });
      state.raw = fit.raw;
      state.params = fit.params;
      state.fitN = n;
      state.factor = undefined;
    }
    const params = state.params as KernelParams;
    const ids = used.map((t) => t.trialId);
    let gp: GpPosterior;
    const k = state.factor !== undefined && isPrefix(state.ids, ids) ? state.ids.length : 0;
    let extended = k > 0;
    try {
      if (k > 0) {
        gp = new GpPosterior(x, y, k, d, params, space.categorical, state.factor);
        for (let i = k; i < n; i++) gp.add(x.subarray(i * d, (i + 1) * d), y[i] as number);
      } else gp = new GpPosterior(x, y, n, d, params, space.categorical);
    } catch {
      // a numerically singular update: factor afresh
      gp = new GpPosterior(x, y, n, d, params, space.categorical);
      extended = false;
    }
    if (!extended) state.pool = undefined;
    state.factor = gp.factorMatrix;
    state.ids = ids;

    // the incumbent: the best posterior mean at a trial (the plug-in value for noisy objectives)
    const means = gp.trainingMeans();
    let bestI = 0;
    for (let i = 1; i < n; i++) if ((means[i] as number) > (means[bestI] as number)) bestI = i;
    const best = means[bestI] as number;
    if (state.pool === undefined) {
      const m = ACQUISITION.nPreliminary;
      state.pool = new CandidatePool(preliminaryPoints(space, m, this.rng), m, d);
    }
    const pool = state.pool;
    pool.extend(gp, n);
    const running = this.believeRunning(gp, space, trials, trial);

    const lengthScales = Float64Array.from(params.invLs2, (l) => Math.min(1e3, 1 / Math.sqrt(l)));
    const acq = new Acquisition(gp, best);
    const warm = [x.slice(bestI * d, (bestI + 1) * d)];
    const pm = new Float64Array(pool.m);
    const pv = new Float64Array(pool.m);
    pool.predict(gp, pm, pv);
    const useSites = n <= BOUNDARY_ALWAYS_UNTIL || params.noise >= BOUNDARY_MIN_NOISE;
    // the sites of earlier trials first (their values re-derived from today's data), as virtual
    // observations stay in the data set in Siivola et al.; then the first search
    const sites = new BoundarySites(gp, BOUNDARY_SOFTNESS);
    if (useSites) for (const at of state.siteAt) sites.add(at.x, [at.dim]);
    const post = sites.sites.length > 0 ? sites.posterior() : undefined;
    if (post === undefined) sites.truncate(0);
    const stored = sites.sites.length;
    const ctx: SearchContext = { gp, pool, pm, pv, best, space, lengthScales, warm };
    const first = post
      ? this.searchWith(ctx, post)
      : maximizeLogEI(acq, space, lengthScales, warm, this.rng, ACQUISITION, { pts: pool.pts, values: acq.fromPredictions(pm, pv, pool.m), m: pool.m });
    // on a bound of a continuous coordinate: "not better further out" there, then search again
    // (in a young study, and later with a noisy fit: without noise the data resolve the edge by
    // then, and the extra searches would cost 2-5x per trial where the acquisition visits bounds)
    let found = useSites ? this.searchOffBounds(ctx, first, sites) : first;
    for (const site of sites.sites.slice(stored)) state.siteAt.push({ x: site.x, dim: site.dim });
    if (state.siteAt.length > BOUNDARY_MEMORY) state.siteAt.splice(0, state.siteAt.length - BOUNDARY_MEMORY);
    // the running trials were believed at their means without the sites: a point next to one of
    // them is not accounted for, so the first point (which was) is taken instead
    if (found !== first && nearAny(found.x, running, params.invLs2, space.categorical)) found = first;
    const out = space.decode(found.x);
    study.setTrialSystemAttr(trial.trialId, GP_RELATIVE_PARAMS_KEY, out as Record<string, JsonValue>);
    return out;
  }

  /**
   * While the acquisition's maximum has a continuous coordinate on a bound, adds virtual
   * derivative-sign observations there (boundary.ts) to `sites` and maximizes again, up to
   * {@link BOUNDARY_ROUNDS} times.
   */
  private searchOffBounds(ctx: SearchContext, first: Found, sites: BoundarySites): Found {
    let found = first;
    for (let round = 0; round < BOUNDARY_ROUNDS; round++) {
      const before = sites.sites.length;
      if (sites.add(found.x, ctx.space.continuousColumns) === 0) break;
      const post = sites.posterior();
      if (post === undefined) {
        sites.truncate(before);
        break; // numerically singular with the new sites: keep the point found
      }
      found = this.searchWith(ctx, post);
    }
    return found;
  }

  /** The acquisition's maximum under `post`; the pool's base predictions are corrected for its sites, not redone. */
  private searchWith(ctx: SearchContext, post: BoundaryPosterior): Found {
    const { pool, pm, pv, space } = ctx;
    const d = space.dim;
    const bm = new Float64Array(pool.m);
    const bv = new Float64Array(pool.m);
    const pr = { mean: 0, variance: 0 };
    for (let i = 0; i < pool.m; i++) {
      pr.mean = pm[i] as number;
      pr.variance = pv[i] as number;
      post.adjust(pool.pts.subarray(i * d, (i + 1) * d), pr);
      bm[i] = pr.mean;
      bv[i] = pr.variance;
    }
    const acq = new Acquisition(post, ctx.best);
    return maximizeLogEI(acq, space, ctx.lengthScales, ctx.warm, this.rng, ACQUISITION, { pts: pool.pts, values: acq.fromPredictions(bm, bv, pool.m), m: pool.m });
  }

  /** From the independent sampler (startup, conditional parameters). */
  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    if (!this.warned.has(name)) {
      let nComplete = 0;
      for (const t of study.getTrials()) if (t.state === "COMPLETE") nComplete++;
      if (nComplete >= this.nStartupTrials && nComplete > 0) {
        this.warned.add(name);
        warn(gpIndependent(name));
      }
    }
    return this.independent.sampleIndependent(study, trial, name, distribution);
  }

  /** Reseeds the GP's generator and, if it built it, the independent sampler. */
  reseedRng(seed?: number | string): void {
    this.rng.reseed(seed);
    if (this.ownIndependent) this.independent.reseedRng?.(`${this.rng.seed}/independent`);
  }

  private state(study: StudyView, searchSpace: SearchSpace): StudyState {
    const spaceKey = JSON.stringify(Object.keys(searchSpace).sort().map((k) => [k, searchSpace[k]]));
    let s = this.states.get(study);
    if (s === undefined || s.spaceKey !== spaceKey) {
      s = { spaceKey, space: new GpSpace(searchSpace), raw: undefined, params: undefined, fitN: 0, ids: [], factor: undefined, pool: undefined, siteAt: [] };
      this.states.set(study, s);
    }
    return s;
  }

  /**
   * Kriging believer: each other RUNNING trial whose full point is known (its params plus the
   * relative sample it stored) joins the data at its posterior mean, so the variance, and with it
   * the expected improvement, drops around points being evaluated. Returns the points believed.
   */
  private believeRunning(gp: GpPosterior, space: GpSpace, trials: readonly FrozenTrial[], current: FrozenTrial): Float64Array[] {
    const row = new Float64Array(space.dim);
    const pred = { mean: 0, variance: 0 };
    const rows: Float64Array[] = [];
    for (const t of trials) {
      if (t.state !== "RUNNING" || t.trialId === current.trialId) continue;
      const rel = t.systemAttrs[GP_RELATIVE_PARAMS_KEY] as Record<string, ParamValue> | undefined;
      if (!space.encode({ ...(rel ?? {}), ...t.params }, row)) continue;
      try {
        gp.add(row, gp.predict(row, pred).mean);
        rows.push(row.slice());
      } catch {
        // the point duplicates one already in the data: nothing to add
      }
    }
    return rows;
  }
}

/** The kernel is fit on at most this many trials (the posterior always uses all of them). */
export const MAX_FIT_POINTS = 150;

/**
 * The data the hyperparameters are fit on: everything up to {@link MAX_FIT_POINTS} trials, else
 * the best half of that budget by value and the rest spread evenly over the remaining trials in
 * trial order (the length scales are a property of the whole function, so a spread-out subset
 * estimates them; the O(n³) of each likelihood evaluation stays bounded).
 */
function fitSubset(y: Float64Array, n: number, d: number, x: Float64Array): { x: Float64Array; y: Float64Array; n: number } {
  if (n <= MAX_FIT_POINTS) return { x, y, n };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (y[b] as number) - (y[a] as number));
  const chosen = new Set(order.slice(0, MAX_FIT_POINTS / 2));
  const rest = Array.from({ length: n }, (_, i) => i).filter((i) => !chosen.has(i));
  const need = MAX_FIT_POINTS - chosen.size;
  for (let k = 0; k < need; k++) chosen.add(rest[Math.floor((k * rest.length) / need)] as number);
  const idx = [...chosen].sort((a, b) => a - b);
  const sx = new Float64Array(idx.length * d);
  const sy = new Float64Array(idx.length);
  idx.forEach((i, k) => {
    sx.set(x.subarray(i * d, (i + 1) * d), k * d);
    sy[k] = y[i] as number;
  });
  return { x: sx, y: sy, n: idx.length };
}

/** Whether x is within kernel distance r² < 1e−4 (correlation > 0.9998) of one of `points`. */
function nearAny(x: Float64Array, points: readonly Float64Array[], invLs2: Float64Array, categorical: Uint8Array): boolean {
  return points.some((p) => squaredDistance(x, 0, p, 0, invLs2, categorical, x.length) < 1e-4);
}

function isPrefix(a: readonly number[], b: readonly number[]): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Values as "higher is better", ±∞ clipped to the finite range, standardized, Yeo-Johnson warped (warp.ts), standardized again. */
function standardized(trials: readonly FrozenTrial[], maximize: boolean): Float64Array {
  const y = Float64Array.from(trials, (t) => (maximize ? 1 : -1) * ((t.values as number[])[0] as number));
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of y) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (lo > hi) lo = hi = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (!Number.isFinite(v)) y[i] = Number.isNaN(v) ? lo : v > 0 ? hi : lo;
  }
  warpInPlace(y);
  return y;
}
