/**
 * Non-dominated sorting, constrained ranks and crowding distance on plain number arrays (every
 * objective minimized). Dominance and the Pareto front of trials are owned by core/pareto.ts;
 * these are the numeric kernels NSGA-II/III and MOTPE add on top of it.
 * @module
 */

import { dominatesMinimized } from "../core/pareto.js";

type Pt = readonly number[];

/** Whether `a` dominates `b` (all minimized); the one definition lives in core/pareto.ts. */
export const dominatesMin = dominatesMinimized;

/**
 * The non-domination rank of every point: 0 for the points nothing dominates, 1 for those only
 * rank-0 points dominate, … Deb's fast non-dominated sort, O(m·n²).
 */
export function nonDominatedRanks(points: readonly Pt[]): Int32Array {
  const n = points.length;
  const ranks = new Int32Array(n).fill(-1);
  const dominatedBy = new Int32Array(n);
  const dominatesList: number[][] = points.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = points[i] as Pt;
      const b = points[j] as Pt;
      if (dominatesMin(a, b)) {
        (dominatesList[i] as number[]).push(j);
        dominatedBy[j] = (dominatedBy[j] as number) + 1;
      } else if (dominatesMin(b, a)) {
        (dominatesList[j] as number[]).push(i);
        dominatedBy[i] = (dominatedBy[i] as number) + 1;
      }
    }
  }
  let front: number[] = [];
  for (let i = 0; i < n; i++) if (dominatedBy[i] === 0) front.push(i);
  let rank = 0;
  while (front.length > 0) {
    const next: number[] = [];
    for (const i of front) {
      ranks[i] = rank;
      for (const j of dominatesList[i] as number[]) {
        dominatedBy[j] = (dominatedBy[j] as number) - 1;
        if (dominatedBy[j] === 0) next.push(j);
      }
    }
    front = next;
    rank++;
  }
  return ranks;
}

/**
 * Ranks under constrained domination (Deb 2000): feasible points (`violations[i]` = 0) by
 * non-domination; after them the infeasible ones by total violation alone, each distinct
 * violation one rank, smaller first.
 */
export function constrainedRanks(points: readonly Pt[], violations: ArrayLike<number>): Int32Array {
  const n = points.length;
  const feasible: number[] = [];
  const infeasible: number[] = [];
  for (let i = 0; i < n; i++) ((violations[i] as number) > 0 ? infeasible : feasible).push(i);
  const out = new Int32Array(n);
  const fr = nonDominatedRanks(feasible.map((i) => points[i] as Pt));
  let maxRank = -1;
  for (let k = 0; k < feasible.length; k++) {
    out[feasible[k] as number] = fr[k] as number;
    if ((fr[k] as number) > maxRank) maxRank = fr[k] as number;
  }
  const distinct = [...new Set(infeasible.map((i) => violations[i] as number))].sort((a, b) => a - b);
  const rankOf = new Map(distinct.map((v, k) => [v, maxRank + 1 + k]));
  for (const i of infeasible) out[i] = rankOf.get(violations[i] as number) as number;
  return out;
}

/**
 * Whether `a` beats `b` under constrained domination: feasible beats infeasible, of two
 * infeasible the smaller violation wins, of two feasible the Pareto-dominating one.
 */
export function constrainedDominates(a: Pt, va: number, b: Pt, vb: number): boolean {
  const fa = !(va > 0);
  const fb = !(vb > 0);
  if (fa && !fb) return true;
  if (!fa && fb) return false;
  if (!fa && !fb) return va < vb;
  return dominatesMin(a, b);
}

/**
 * Crowding distance of each point within its front (NSGA-II): per objective, sort by value; the
 * extremes get +∞, every other point adds (next − previous) / (finite max − finite min) (width 1
 * when ≤ 0); objectives where all values are equal are skipped.
 */
export function crowdingDistance(points: readonly Pt[]): Float64Array {
  const n = points.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const m = (points[0] as Pt).length;
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < m; k++) {
    const v = (i: number): number => (points[i] as Pt)[k] as number;
    idx.sort((a, b) => v(a) - v(b) || a - b);
    if (v(idx[0] as number) === v(idx[n - 1] as number)) continue;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const i of idx) {
      const x = v(i);
      if (Number.isFinite(x)) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    }
    let width = hi - lo;
    if (!(width > 0)) width = 1;
    for (let r = 0; r < n; r++) {
      const prev = r === 0 ? Number.NEGATIVE_INFINITY : v(idx[r - 1] as number);
      const next = r === n - 1 ? Number.POSITIVE_INFINITY : v(idx[r + 1] as number);
      const d = next - prev;
      out[idx[r] as number] = (out[idx[r] as number] as number) + (Number.isNaN(d) ? 0 : d / width);
    }
  }
  return out;
}
