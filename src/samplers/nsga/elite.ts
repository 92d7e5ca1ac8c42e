/**
 * Elite (survivor) selection of NSGA-II and NSGA-III on plain arrays: `points` are objective
 * vectors (all minimized), `violations` the total constraint violations (0 = feasible). Both add
 * whole constrained non-domination fronts while they fit and differ in how they cut the front
 * that does not: NSGA-II by crowding distance (Deb et al. 2002), NSGA-III by reference-point
 * niching (Deb & Jain 2014).
 * @module
 */
import { constrainedRanks, crowdingDistance } from "../../multi-objective/sorting.js";
import type { Rng } from "../../random/rng.js";

type Pt = readonly number[];

/** Whole fronts that fit, and the front that does not (empty when everything fits). */
function fronts(points: readonly Pt[], violations: ArrayLike<number>, size: number): { elite: number[]; border: number[] } {
  const ranks = constrainedRanks(points, violations);
  const byRank = new Map<number, number[]>();
  for (let i = 0; i < points.length; i++) {
    const r = ranks[i] as number;
    let l = byRank.get(r);
    if (!l) byRank.set(r, (l = []));
    l.push(i);
  }
  const elite: number[] = [];
  for (const r of [...byRank.keys()].sort((a, b) => a - b)) {
    const f = byRank.get(r) as number[];
    if (elite.length + f.length <= size) elite.push(...f);
    else return { elite, border: f };
  }
  return { elite, border: [] };
}

/** NSGA-II: the indices of `size` survivors. */
export function nsga2Elite(points: readonly Pt[], violations: ArrayLike<number>, size: number): number[] {
  const { elite, border } = fronts(points, violations, size);
  if (elite.length >= size || border.length === 0) return elite;
  const d = crowdingDistance(border.map((i) => points[i] as Pt));
  const order = border.map((_, k) => k).sort((a, b) => (d[b] as number) - (d[a] as number) || a - b);
  for (const k of order.slice(0, size - elite.length)) elite.push(border[k] as number);
  return elite;
}

/** Das–Dennis reference points: all vectors of `m` non-negative integers summing to `p`. */
export function dasDennisPoints(m: number, p: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (left: number, dim: number): void => {
    if (dim === m - 1) {
      out.push([...cur, left]);
      return;
    }
    for (let v = 0; v <= left; v++) {
      cur.push(v);
      rec(left - v, dim + 1);
      cur.pop();
    }
  };
  rec(p, 0);
  return out;
}

/** Solves A x = b (Gaussian elimination with partial pivoting); undefined when singular. */
function solve(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[piv] as number[])[c] as number)) piv = r;
    if (Math.abs((m[piv] as number[])[c] as number) < 1e-12) return undefined;
    [m[c], m[piv]] = [m[piv] as number[], m[c] as number[]];
    const row = m[c] as number[];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = ((m[r] as number[])[c] as number) / (row[c] as number);
      for (let k = c; k <= n; k++) (m[r] as number[])[k] = ((m[r] as number[])[k] as number) - f * (row[k] as number);
    }
  }
  return m.map((r, i) => (r[n] as number) / (r[i] as number));
}

/** Normalized objectives of the candidates (ideal point subtracted, divided by the intercepts). */
function normalize(points: readonly Pt[]): number[][] {
  const m = (points[0] as Pt).length;
  const cols = Array.from({ length: m }, (_, j) => points.map((p) => p[j] as number));
  const clipped = points.map((p) => [...p]);
  for (let j = 0; j < m; j++) {
    const fin = (cols[j] as number[]).filter(Number.isFinite);
    const lo = fin.length ? Math.min(...fin) : 0;
    const hi = fin.length ? Math.max(...fin) : 0;
    const range = hi - lo;
    for (const p of clipped) p[j] = Math.min(Math.max(p[j] as number, lo - 3 * range), hi + 3 * range);
  }
  const ideal = Array.from({ length: m }, (_, j) => Math.min(...clipped.map((p) => p[j] as number)));
  const f = clipped.map((p) => p.map((v, j) => v - (ideal[j] as number)));
  // extreme point per axis by the achievement scalarizing function (weight 1 on the axis, 1e6 elsewhere)
  const extremes = Array.from({ length: m }, (_, j) => {
    let best = 0;
    let bestV = Number.POSITIVE_INFINITY;
    f.forEach((p, i) => {
      const v = Math.max(...p.map((x, k) => (k === j ? x : x * 1e6)));
      if (v < bestV) {
        bestV = v;
        best = i;
      }
    });
    return f[best] as number[];
  });
  const a = solve(extremes, new Array<number>(m).fill(1));
  let intercepts = a?.map((v) => 1 / v);
  if (!intercepts || intercepts.some((v) => !Number.isFinite(v) || v <= 1e-12)) {
    intercepts = Array.from({ length: m }, (_, j) => Math.max(...f.map((p) => p[j] as number)) || 1);
  }
  return f.map((p) => p.map((v, j) => v / (intercepts[j] as number)));
}

/** NSGA-III: the indices of `size` survivors, niching the border front on `referencePoints`. */
export function nsga3Elite(points: readonly Pt[], violations: ArrayLike<number>, size: number, referencePoints: readonly Pt[], rng: Rng): number[] {
  const { elite, border } = fronts(points, violations, size);
  if (elite.length >= size || border.length === 0) return elite;
  const cand = [...elite, ...border];
  const norm = normalize(cand.map((i) => points[i] as Pt));
  const refs = referencePoints.map((r) => {
    const n = Math.hypot(...r);
    return r.map((v) => v / (n || 1));
  });
  const assoc = norm.map((p) => {
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    refs.forEach((w, j) => {
      const dot = p.reduce((s, v, k) => s + v * (w[k] as number), 0);
      const d = Math.hypot(...p.map((v, k) => v - dot * (w[k] as number)));
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    });
    return { ref: best, dist: bestD };
  });
  const count = new Array<number>(refs.length).fill(0);
  for (let k = 0; k < elite.length; k++) { const r = (assoc[k] as { ref: number }).ref; count[r] = (count[r] as number) + 1; }
  const pool = new Map<number, number[]>(); // ref → positions in `cand` of border members
  for (let k = elite.length; k < cand.length; k++) {
    const r = (assoc[k] as { ref: number }).ref;
    let l = pool.get(r);
    if (!l) pool.set(r, (l = []));
    l.push(k);
  }
  const out = [...elite];
  while (out.length < size && pool.size > 0) {
    const open = [...pool.keys()];
    const minCount = Math.min(...open.map((r) => count[r] as number));
    const ties = open.filter((r) => count[r] === minCount);
    const r = ties[rng.int(ties.length)] as number;
    const members = pool.get(r) as number[];
    let pick: number;
    if (count[r] === 0) {
      pick = members.reduce((b, k) => ((assoc[k] as { dist: number }).dist < (assoc[b] as { dist: number }).dist ? k : b), members[0] as number);
    } else pick = members[rng.int(members.length)] as number;
    members.splice(members.indexOf(pick), 1);
    if (members.length === 0) pool.delete(r);
    count[r] = (count[r] as number) + 1;
    out.push(cand[pick] as number);
  }
  return out;
}
