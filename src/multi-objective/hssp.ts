/**
 * Greedy hypervolume subset selection (HSSP): choose `k` of `points` (all minimized) by adding,
 * one at a time, the point whose hypervolume contribution to the chosen set is largest. The
 * contribution of a point to a growing set only shrinks (hypervolume is submodular), so a lazy
 * greedy recomputes a candidate only while its stale bound is the largest (Minoux's trick).
 * Greedy HSSP is within 1 − 1/e of the optimal subset's hypervolume.
 * @module
 */
import { box, hypervolumeUnchecked } from "./hypervolume.js";

type Pt = readonly number[];

/** The contribution of `p` to the set `chosen`: own box − HV(chosen clipped to p's box). */
function contribution(p: Pt, chosen: readonly Pt[], r: Pt): number {
  const limit = chosen.map((q) => q.map((v, i) => Math.max(v, p[i] as number)));
  return box(p, r) - hypervolumeUnchecked(limit, r);
}

/**
 * Indices of `k` points chosen greedily by hypervolume contribution against `reference` (every
 * point must be strictly better than it). Ties go to the lower index. Returns all indices when
 * k ≥ n.
 */
export function greedyHssp(points: readonly Pt[], k: number, reference: Pt): number[] {
  const n = points.length;
  if (k >= n) return points.map((_, i) => i);
  if (k <= 0) return [];
  const bound = new Float64Array(n);
  for (let i = 0; i < n; i++) bound[i] = box(points[i] as Pt, reference);
  const fresh = new Int32Array(n).fill(0); // the size of `chosen` when bound[i] was computed
  const taken = new Uint8Array(n);
  const chosen: Pt[] = [];
  const out: number[] = [];
  while (out.length < k) {
    for (;;) {
      let best = -1;
      for (let i = 0; i < n; i++) {
        if (taken[i] === 0 && (best < 0 || (bound[i] as number) > (bound[best] as number))) best = i;
      }
      if (fresh[best] === chosen.length) {
        taken[best] = 1;
        out.push(best);
        chosen.push(points[best] as Pt);
        break;
      }
      bound[best] = contribution(points[best] as Pt, chosen, reference);
      fresh[best] = chosen.length;
    }
  }
  return out;
}

/**
 * The reference point Optuna's MOTPE uses for a set: per objective max(1.1·w, 0.9·w) with w the
 * worst (largest) value, an exact 0 replaced by 1e−12 so every point is strictly inside.
 */
export function motpeReferencePoint(points: readonly Pt[]): number[] {
  const m = (points[0] as Pt).length;
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    let w = Number.NEGATIVE_INFINITY;
    for (const p of points) if ((p[i] as number) > w) w = p[i] as number;
    let r = Math.max(1.1 * w, 0.9 * w);
    if (r === 0) r = 1e-12;
    out.push(r);
  }
  return out;
}
