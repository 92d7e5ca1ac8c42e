/**
 * Hypervolume of a set of points (every objective minimized) against a reference point: the
 * volume of the region the points dominate and the reference point bounds.
 *
 * - 1 objective: r − min.
 * - 2 objectives: exact sweep over the points sorted by the first objective, O(n log n).
 * - 3 to `exactUpTo` (default 5) objectives: exact WFG (While, Bradstreet, Barone 2012):
 *   HV(S) = Σ_k exclusive volume of p_k, exclusive = own box − HV(limit set), recursing on the
 *   limit sets (points clipped to p_k's box, Pareto-filtered), with closed forms for 1 and 2 points
 *   and the sweep once two objectives remain. Points are sorted by the last objective so that
 *   limit sets stay small.
 * - more objectives: a seeded Monte Carlo estimate (uniform samples in the points' bounding box).
 *
 * Points not strictly better than the reference in every objective dominate no volume and are
 * dropped (Optuna raises instead; for a fixed benchmark reference point dropping is what one
 * wants). Duplicates and dominated points are removed before the exact algorithms run.
 * Written by hand: no maintained npm package computes exact hypervolume (docs/multi-objective.md).
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import { lexicographic, weaklyDominatesMinimized } from "../core/pareto.js";
import { Rng } from "../random/rng.js";

/** Options of {@link hypervolume}. */
export interface HypervolumeOptions {
  /** Largest number of objectives computed exactly (WFG); above it, Monte Carlo. Default 5. */
  readonly exactUpTo?: number;
  /** Monte Carlo samples. Default 100,000. */
  readonly samples?: number;
  /** Monte Carlo seed. Default 0. */
  readonly seed?: number | string;
}

type Pt = readonly number[];

/** Checks the input and keeps the points strictly inside the reference box. */
function inside(points: readonly Pt[], reference: Pt, who: string): number[][] {
  const m = reference.length;
  if (m === 0) throw new InvalidArgumentError(`${who}: the reference point is empty; give one value per objective.`);
  for (const r of reference) {
    if (Number.isNaN(r)) throw new InvalidArgumentError(`${who}: the reference point contains NaN; give finite numbers (or Infinity).`);
  }
  const out: number[][] = [];
  for (const p of points) {
    if (p.length !== m) {
      throw new InvalidArgumentError(`${who}: a point has ${p.length} values but the reference point has ${m}; give one value per objective.`);
    }
    let ok = true;
    for (let i = 0; i < m; i++) {
      const v = p[i] as number;
      if (Number.isNaN(v)) throw new InvalidArgumentError(`${who}: a point contains NaN; drop it or replace it before computing the hypervolume.`);
      if (!(v < (reference[i] as number))) ok = false;
    }
    if (ok) out.push([...p]);
  }
  return out;
}

/**
 * The non-dominated points of `points` (minimized), duplicates removed, in lexicographic order.
 * A point weakly dominated by an earlier one in lexicographic order is dropped.
 */
export function nonDominatedSet(points: readonly Pt[]): number[][] {
  const sorted = points.map((p) => [...p]).sort((a, b) => lexicographic(a, b, () => 0));
  const front: number[][] = [];
  for (const p of sorted) {
    let dominated = false;
    for (const q of front) {
      if (weaklyDominatesMinimized(q, p)) {
        dominated = true;
        break;
      }
    }
    if (!dominated) front.push(p);
  }
  return front;
}

/** 2-D sweep over a non-dominated set (any order). */
function hv2(points: readonly Pt[], r: Pt): number {
  const s = [...points].sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  let vol = 0;
  let yPrev = r[1] as number;
  for (const p of s) {
    const y = p[1] as number;
    if (y < yPrev) {
      vol += ((r[0] as number) - (p[0] as number)) * (yPrev - y);
      yPrev = y;
    }
  }
  return vol;
}

/** Volume of the box between `p` and the reference point `r` (each coordinate of `p` below `r`'s). */
export function box(p: Pt, r: Pt): number {
  let v = 1;
  for (let i = 0; i < p.length; i++) v *= (r[i] as number) - (p[i] as number);
  return v;
}

/** WFG over a non-dominated set; points sorted by the last objective, descending. */
function wfg(points: readonly Pt[], r: Pt): number {
  const n = points.length;
  if (n === 0) return 0;
  if (n === 1) return box(points[0] as Pt, r);
  const m = r.length;
  if (m === 2) return hv2(points, r);
  if (n === 2) {
    const a = points[0] as Pt;
    const b = points[1] as Pt;
    const j = a.map((v, i) => Math.max(v, b[i] as number));
    return box(a, r) + box(b, r) - box(j, r);
  }
  let total = 0;
  for (let k = 0; k < n; k++) {
    const p = points[k] as Pt;
    const limit: number[][] = [];
    for (let j = k + 1; j < n; j++) {
      const q = points[j] as Pt;
      limit.push(q.map((v, i) => Math.max(v, p[i] as number)));
    }
    total += box(p, r) - wfg(sortedLast(nonDominatedSet(limit)), r);
  }
  return total;
}

function sortedLast(points: number[][]): number[][] {
  const m = (points[0]?.length ?? 1) - 1;
  return points.sort((a, b) => (b[m] as number) - (a[m] as number));
}

function monteCarlo(points: readonly Pt[], r: Pt, samples: number, seed: number | string): number {
  const m = r.length;
  const low = r.map((_, i) => Math.min(...points.map((p) => p[i] as number)));
  let vol = 1;
  for (let i = 0; i < m; i++) vol *= (r[i] as number) - (low[i] as number);
  const rng = new Rng(seed);
  const x = new Float64Array(m);
  let hits = 0;
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < m; i++) x[i] = rng.uniform(low[i] as number, r[i] as number);
    for (const p of points) {
      let dom = true;
      for (let i = 0; i < m; i++) {
        if ((p[i] as number) > (x[i] as number)) {
          dom = false;
          break;
        }
      }
      if (dom) {
        hits++;
        break;
      }
    }
  }
  return (vol * hits) / samples;
}

/**
 * The hypervolume `points` (all objectives minimized) dominate inside `reference`.
 * @throws {InvalidArgumentError} on NaN or when a point's length differs from the reference's.
 */
export function hypervolume(points: readonly Pt[], reference: Pt, options: HypervolumeOptions = {}): number {
  const pts = inside(points, reference, "hypervolume");
  if (pts.length === 0) return 0;
  if (reference.some((r) => r === Number.POSITIVE_INFINITY)) return Number.POSITIVE_INFINITY;
  return hypervolumeUnchecked(pts, reference, options);
}

/** {@link hypervolume} on points already checked to be inside the reference box. @internal */
export function hypervolumeUnchecked(points: readonly Pt[], r: Pt, options: HypervolumeOptions = {}): number {
  if (points.length === 0) return 0;
  const m = r.length;
  if (m === 1) return (r[0] as number) - Math.min(...points.map((p) => p[0] as number));
  const front = nonDominatedSet(points);
  if (m === 2) return hv2(front, r);
  const exactUpTo = options.exactUpTo ?? 5;
  if (m <= exactUpTo || front.length <= 2) return wfg(sortedLast(front), r);
  return monteCarlo(front, r, options.samples ?? 100_000, options.seed ?? 0);
}

/**
 * Each point's exclusive contribution: HV(all) − HV(all without it) = own box − HV of the other
 * points clipped to that box. Points outside the reference contribute 0; equal points share
 * nothing exclusively, so each duplicate contributes 0.
 */
export function hypervolumeContributions(points: readonly Pt[], reference: Pt, options: HypervolumeOptions = {}): Float64Array {
  inside(points, reference, "hypervolumeContributions");
  const out = new Float64Array(points.length);
  for (let k = 0; k < points.length; k++) {
    const p = points[k] as Pt;
    if (!p.every((v, i) => v < (reference[i] as number))) continue;
    const limit: number[][] = [];
    for (let j = 0; j < points.length; j++) {
      if (j !== k) limit.push((points[j] as Pt).map((v, i) => Math.max(v, p[i] as number)));
    }
    out[k] = Math.max(0, box(p, reference) - hypervolumeUnchecked(limit.filter((q) => q.every((v, i) => v < (reference[i] as number))), reference, options));
  }
  return out;
}
