/**
 * Maximizes log EI over the mixed space (after Optuna's recipe, reference §1.9, in our own
 * terms): score quasi-random points, start local searches from the best of them, from points
 * drawn with probability ∝ exp(log EI − max) and from the best trials; each local search
 * alternates L-BFGS-B on the continuous coordinates (preconditioned by the length scales,
 * z = x/ℓ) with an exhaustive pass over each grid and categorical coordinate, until a round
 * changes nothing.
 * @module
 */
import type { Rng } from "../../random/rng.js";
import { minimize } from "./lbfgs.js";
import { logEI } from "./log-ei.js";
import type { Prediction, Predictor } from "./posterior.js";
import { shiftedHalton } from "./qmc.js";
import type { Column, GpSpace } from "./space.js";

/** Options of {@link maximizeLogEI}. */
export interface AcquisitionOptions {
  /** Quasi-random points scored before the local searches. */
  readonly nPreliminary: number;
  /** Local searches (warm starts included). */
  readonly nLocal: number;
  /** L-BFGS iterations per continuous pass. */
  readonly maxIter: number;
}

/** The log EI of a point, value only. */
export class Acquisition {
  private readonly pred: Prediction = { mean: 0, variance: 0 };
  private readonly g = { dMean: 0, dVar: 0 };
  private readonly gm: Float64Array;
  private readonly gv: Float64Array;
  evaluations = 0;

  constructor(
    readonly gp: Predictor,
    readonly best: number,
  ) {
    this.gm = new Float64Array(gp.d);
    this.gv = new Float64Array(gp.d);
  }

  value(x: Float64Array): number {
    this.evaluations++;
    const p = this.gp.predict(x, this.pred);
    return logEI(p.mean, p.variance, this.best);
  }

  /** log EI of `m` points (row-major in `xs`), each first passed through `prepare` in place. */
  values(xs: Float64Array, m: number, prepare: (row: Float64Array) => void): Float64Array {
    const d = this.gp.d;
    for (let i = 0; i < m; i++) prepare(xs.subarray(i * d, (i + 1) * d));
    const means = new Float64Array(m);
    const vars = new Float64Array(m);
    this.gp.predictBatch(xs, m, means, vars);
    this.evaluations += m;
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = logEI(means[i] as number, vars[i] as number, this.best);
    return out;
  }

  /** log EI from given means and variances (the preliminary pool's). */
  fromPredictions(means: Float64Array, variances: Float64Array, m: number): Float64Array {
    this.evaluations += m;
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = logEI(means[i] as number, variances[i] as number, this.best);
    return out;
  }

  /** log EI and its gradient in x (categorical entries 0). */
  valueAndGradient(x: Float64Array, grad: Float64Array): number {
    this.evaluations++;
    const p = this.gp.predictWithGradient(x, this.pred, this.gm, this.gv);
    const v = logEI(p.mean, p.variance, this.best, this.g);
    for (let j = 0; j < grad.length; j++) grad[j] = this.g.dMean * (this.gm[j] as number) + this.g.dVar * (this.gv[j] as number);
    return v;
  }
}

/** Preliminary points already scored: `m` rows of `pts` and their log EI. */
export interface Preliminary {
  readonly pts: Float64Array;
  readonly values: Float64Array;
  readonly m: number;
}

/** `count` shifted-Halton points of the space, mapped onto its valid values. */
export function preliminaryPoints(space: GpSpace, count: number, rng: Rng): Float64Array {
  const pts = shiftedHalton(count, space.dim, rng);
  for (let i = 0; i < count; i++) space.fromUnit(pts.subarray(i * space.dim, (i + 1) * space.dim));
  return pts;
}

/**
 * The point of the space with the highest log EI found, and its value. The preliminary points
 * come scored (`preliminary`, from a candidate pool) or are drawn here (`opts.nPreliminary`).
 */
export function maximizeLogEI(
  acq: Acquisition,
  space: GpSpace,
  lengthScales: Float64Array,
  warmStarts: readonly Float64Array[],
  rng: Rng,
  opts: AcquisitionOptions,
  preliminary?: Preliminary,
): { x: Float64Array; value: number } {
  const d = space.dim;
  let pts: Float64Array;
  let vals: Float64Array;
  let m: number;
  if (preliminary) ({ pts, values: vals, m } = preliminary);
  else {
    m = opts.nPreliminary;
    pts = preliminaryPoints(space, m, rng);
    vals = acq.values(pts, m, () => {});
  }
  let bi = 0;
  for (let i = 1; i < m; i++) if ((vals[i] as number) > (vals[bi] as number)) bi = i;
  const starts: Float64Array[] = [pts.slice(bi * d, (bi + 1) * d)];
  // roulette over the rest, ∝ exp(v − max), without replacement
  const nRoulette = Math.max(0, opts.nLocal - 1 - warmStarts.length);
  const fmax = vals[bi] as number;
  const w = Float64Array.from(vals, (v, i) => (i === bi || !Number.isFinite(v) ? 0 : Math.exp(v - fmax)));
  for (let r = 0; r < nRoulette; r++) {
    let total = 0;
    for (const x of w) total += x;
    if (!(total > 0)) break;
    let u = rng.random() * total;
    let pick = -1;
    for (let i = 0; i < w.length; i++) {
      u -= w[i] as number;
      if ((w[i] as number) > 0) pick = i;
      if (u <= 0 && (w[i] as number) > 0) break;
    }
    if (pick < 0) break;
    w[pick] = 0;
    starts.push(pts.slice(pick * d, (pick + 1) * d));
  }
  for (const s of warmStarts) starts.push(s.slice());
  let best = starts[0] as Float64Array;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (const s of starts) {
    const v = localSearch(acq, space, lengthScales, s, opts.maxIter);
    if (v > bestValue) {
      bestValue = v;
      best = s;
    }
  }
  return { x: best, value: bestValue };
}

/**
 * A local search's L-BFGS stops once log EI improves by less than this, relative (|log EI| is
 * about 10 near the incumbent, so 1e−4 in log EI: 0.01% in EI, far below what moves the choice
 * of the next point). The default 2.2e−9 spent two thirds of all acquisition evaluations
 * polishing the incumbent's neighbourhood (docs/gp.md, "Cost").
 */
export const ACQ_FTOL = 1e-5;

/** Grids up to this many values are swept whole; longer ones only near the current value. */
export const FULL_SWEEP_GRID = 8;

/** Grid positions either side of the current value a long grid's sweep tries. */
const SWEEP_REACH = 2;

/**
 * The values a coordinate sweep tries on a numeric grid: all of a short grid; for a longer one
 * (an ordinal parameter, integers) the values within {@link SWEEP_REACH} positions of the
 * current one. Far values are the preliminary points' and the other starts' job. @internal
 */
export function gridNeighbours(grid: Float64Array, current: number): number[] {
  if (grid.length <= FULL_SWEEP_GRID) return Array.from(grid);
  let at = 0;
  for (let i = 1; i < grid.length; i++) if (Math.abs((grid[i] as number) - current) < Math.abs((grid[at] as number) - current)) at = i;
  return Array.from(grid.subarray(Math.max(0, at - SWEEP_REACH), Math.min(grid.length, at + SWEEP_REACH + 1)));
}

/** L-BFGS passes that ran out of iterations, after which a local search stops refining. */
const MAX_LONG_PASSES = 2;

/** Improves `x` in place; returns its final log EI. */
function localSearch(acq: Acquisition, space: GpSpace, lengthScales: Float64Array, x: Float64Array, maxIter: number): number {
  const d = space.dim;
  const cont: number[] = [];
  const discrete: number[] = [];
  space.columns.forEach((c, j) => (c.kind === "continuous" ? cont : discrete).push(j));
  space.snap(x);
  let value = acq.value(x);
  const trial = x.slice();
  const grad = new Float64Array(d);
  const lower = new Float64Array(cont.length);
  const upper = Float64Array.from(cont, (j) => 1 / (lengthScales[j] as number));
  // another L-BFGS pass on the continuous coordinates only after a discrete one moved, or when
  // the last pass ran out of iterations (a long curved valley) rather than converging
  let discreteMoved = true;
  let unfinished = false;
  let longPasses = 0;
  for (let round = 0; round < 10; round++) {
    if (cont.length > 0 && (discreteMoved || unfinished)) {
      const z0 = Float64Array.from(cont, (j) => (x[j] as number) / (lengthScales[j] as number));
      const r = minimize(
        (z, gz) => {
          trial.set(x);
          for (let c = 0; c < cont.length; c++) trial[cont[c] as number] = (z[c] as number) * (lengthScales[cont[c] as number] as number);
          const v = acq.valueAndGradient(trial, grad);
          for (let c = 0; c < cont.length; c++) gz[c] = -(grad[cont[c] as number] as number) * (lengthScales[cont[c] as number] as number);
          return Number.isFinite(v) ? -v : Number.POSITIVE_INFINITY;
        },
        z0,
        { gtol: 1e-2, maxIter, lower, upper, ftol: ACQ_FTOL },
      );
      unfinished = false;
      if (-r.f > value && r.iterations > 0) {
        for (let c = 0; c < cont.length; c++) x[cont[c] as number] = Math.min(1, Math.max(0, (r.x[c] as number) * (lengthScales[cont[c] as number] as number)));
        value = acq.value(x);
        unfinished = !r.converged && r.iterations >= maxIter && ++longPasses < MAX_LONG_PASSES;
      }
    }
    discreteMoved = false;
    for (const j of discrete) {
      const c = space.columns[j] as Column;
      const current = x[j] as number;
      const options = c.kind === "categorical" ? Array.from({ length: c.nChoices }, (_, k) => k) : gridNeighbours(c.grid as Float64Array, current);
      let bestV = value;
      let bestO = current;
      trial.set(x);
      for (const o of options) {
        if (o === current) continue;
        trial[j] = o;
        const v = acq.value(trial);
        if (v > bestV) {
          bestV = v;
          bestO = o;
        }
      }
      if (bestO !== current) {
        x[j] = bestO;
        value = bestV;
        discreteMoved = true;
      }
    }
    if (!discreteMoved && !unfinished) break;
  }
  return value;
}
