/**
 * fANOVA on one regression tree (Hutter et al. 2014, as Optuna's `_FanovaTree` computes it).
 * Every node owns a box: the search bounds cut by the splits on its path. Leaves carry
 * (prediction, box volume); an internal node carries the volume-weighted mean of its children and
 * their summed volume. The tree's total variance is the volume-weighted variance of its leaves.
 *
 * Marginal of a group of columns (a parameter's encoded columns):
 *   split thresholds on those columns + bounds → interval midpoints and widths (Cartesian
 *   product over the columns) → for each midpoint tuple walk the tree (follow splits on the
 *   columns; descend both ways where the subtree still splits on them; stop elsewhere) and average
 *   the reached nodes' values, each weighted by its volume over its box's volume on the columns →
 *   weighted variance of those averages (weights × product of widths).
 * @module
 * @internal
 */
import type { RegressionTree } from "../forest.js";
import { marginalVarianceByWalk, weightedVariance, type WalkableTree } from "./walk.js";

/** Above this many cells a multi-column marginal is estimated from a sample of cells. */
const MAX_EXACT_CELLS = 1 << 16;
/** Cells sampled for such an estimate. */
const SAMPLED_CELLS = 4096;

/** A tree prepared for marginal-variance queries. @internal */
export class FanovaTree implements WalkableTree {
  /** Per node: the volume-weighted mean prediction of its box. */
  readonly stat: Float64Array;
  /** Per node: the volume of its box (leaves) or of its subtree's leaves. */
  readonly statWeight: Float64Array;
  /** Per node, one bit per feature (as a Uint8Array row): whether the subtree splits on it. */
  readonly active: Uint8Array;
  /** Per feature: its split thresholds, ascending. */
  readonly splits: Float64Array[];
  readonly variance: number;

  constructor(
    readonly tree: RegressionTree,
    readonly bounds: readonly (readonly [number, number])[],
  ) {
    const n = tree.nodeCount;
    const f = bounds.length;
    this.stat = new Float64Array(n);
    this.statWeight = new Float64Array(n);
    // Boxes top-down (children come after parents).
    const lo = new Float64Array(n * f);
    const hi = new Float64Array(n * f);
    for (let j = 0; j < f; j++) {
      lo[j] = (bounds[j] as readonly [number, number])[0];
      hi[j] = (bounds[j] as readonly [number, number])[1];
    }
    for (let i = 0; i < n; i++) {
      const j = tree.feature[i] as number;
      if (j < 0) {
        let vol = 1;
        for (let k = 0; k < f; k++) vol *= (hi[i * f + k] as number) - (lo[i * f + k] as number);
        this.stat[i] = tree.value[i] as number;
        this.statWeight[i] = vol;
        continue;
      }
      const th = tree.threshold[i] as number;
      for (const [c, isLeft] of [
        [tree.left[i] as number, true],
        [tree.right[i] as number, false],
      ] as const) {
        lo.copyWithin(c * f, i * f, i * f + f);
        hi.copyWithin(c * f, i * f, i * f + f);
        if (isLeft) hi[c * f + j] = th;
        else lo[c * f + j] = th;
      }
    }
    // Internal nodes bottom-up; subtree split features.
    this.active = new Uint8Array(n * f);
    for (let i = n - 1; i >= 0; i--) {
      const j = tree.feature[i] as number;
      if (j < 0) continue;
      const l = tree.left[i] as number;
      const r = tree.right[i] as number;
      const wl = this.statWeight[l] as number;
      const wr = this.statWeight[r] as number;
      const w = wl + wr;
      this.statWeight[i] = w;
      this.stat[i] = w > 0 ? ((this.stat[l] as number) * wl + (this.stat[r] as number) * wr) / w : ((this.stat[l] as number) + (this.stat[r] as number)) / 2;
      for (let k = 0; k < f; k++) this.active[i * f + k] = (this.active[l * f + k] as number) | (this.active[r * f + k] as number);
      this.active[i * f + j] = 1;
    }
    // Split values per feature.
    const sets = Array.from({ length: f }, () => new Set<number>());
    for (let i = 0; i < n; i++) {
      const j = tree.feature[i] as number;
      if (j >= 0) (sets[j] as Set<number>).add(tree.threshold[i] as number);
    }
    this.splits = sets.map((s) => Float64Array.from(s).sort());
    // Total variance over the leaves.
    let sw = 0;
    let swv = 0;
    for (let i = 0; i < n; i++) {
      if ((tree.feature[i] as number) >= 0) continue;
      sw += this.statWeight[i] as number;
      swv += (this.statWeight[i] as number) * (this.stat[i] as number);
    }
    const mean = sw > 0 ? swv / sw : 0;
    let v = 0;
    for (let i = 0; i < n; i++) {
      if ((tree.feature[i] as number) >= 0) continue;
      const d = (this.stat[i] as number) - mean;
      v += (this.statWeight[i] as number) * d * d;
    }
    this.variance = sw > 0 ? v / sw : 0;
  }

  /** The variance of the marginal prediction over the given columns (≥ 0). */
  marginalVariance(columns: readonly number[]): number {
    if (columns.length === 1) return this.marginalVariance1(columns[0] as number);
    let cells = 1;
    for (const c of columns) cells *= (this.splits[c] as Float64Array).length + 1;
    return cells <= MAX_EXACT_CELLS ? this.marginalVarianceGrouped(columns) : this.marginalVarianceSampled(columns);
  }

  /**
   * More cells than MAX_EXACT_CELLS (a categorical with more than about 16 choices split in one
   * tree; Optuna would walk 2^choices cells): the variance over SAMPLED_CELLS cells drawn with
   * probability proportional to their size, from a fixed-seed generator (deterministic).
   */
  private marginalVarianceSampled(columns: readonly number[]): number {
    const t = this.tree;
    const f = this.bounds.length;
    const k = columns.length;
    const pts = columns.map((c) => {
      const [low, high] = this.bounds[c] as readonly [number, number];
      return [low, ...(this.splits[c] as Float64Array), high];
    });
    const isActive = new Uint8Array(f);
    for (const c of columns) isActive[c] = 1;
    const sample = new Float64Array(f);
    const boxLo = new Float64Array(f);
    const boxHi = new Float64Array(f);
    let state = 0x9e3779b9;
    const next = (): number => {
      // xorshift32: enough to spread the cells, and the same every run.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 4294967296;
    };
    let accW = 0;
    let accWV = 0;
    const walk = (node: number): void => {
      const j = t.feature[node] as number;
      if (j >= 0) {
        if (isActive[j]) {
          const th = t.threshold[node] as number;
          const left = (sample[j] as number) <= th;
          const old = left ? (boxHi[j] as number) : (boxLo[j] as number);
          if (left) boxHi[j] = th;
          else boxLo[j] = th;
          walk(left ? (t.left[node] as number) : (t.right[node] as number));
          if (left) boxHi[j] = old;
          else boxLo[j] = old;
          return;
        }
        if (columns.some((c) => this.active[node * f + c])) {
          walk(t.left[node] as number);
          walk(t.right[node] as number);
          return;
        }
      }
      let card = 1;
      for (const c of columns) card *= (boxHi[c] as number) - (boxLo[c] as number);
      const w = (this.statWeight[node] as number) / card;
      accW += w;
      accWV += w * (this.stat[node] as number);
    };
    const values = new Float64Array(SAMPLED_CELLS);
    const weights = new Float64Array(SAMPLED_CELLS);
    for (let s = 0; s < SAMPLED_CELLS; s++) {
      for (let a = 0; a < k; a++) {
        const p = pts[a] as number[];
        const c = columns[a] as number;
        // An interval with probability proportional to its width.
        const u = (p[0] as number) + next() * ((p[p.length - 1] as number) - (p[0] as number));
        let i = 0;
        while (i < p.length - 2 && u > (p[i + 1] as number)) i++;
        sample[c] = ((p[i] as number) + (p[i + 1] as number)) / 2;
        boxLo[c] = p[0] as number;
        boxHi[c] = p[p.length - 1] as number;
      }
      accW = 0;
      accWV = 0;
      walk(0);
      values[s] = accW > 0 ? accWV / accW : 0;
      weights[s] = accW;
    }
    let sw = 0;
    let swv = 0;
    for (let i = 0; i < SAMPLED_CELLS; i++) {
      sw += weights[i] as number;
      swv += (weights[i] as number) * (values[i] as number);
    }
    if (!(sw > 0)) return 0;
    const mean = swv / sw;
    let v = 0;
    for (let i = 0; i < SAMPLED_CELLS; i++) v += (weights[i] as number) * ((values[i] as number) - mean) ** 2;
    return Math.max(0, v / sw);
  }

  /**
   * Several columns (a categorical's one-hot columns) without visiting every cell of the
   * Cartesian product (2^choices cells for Optuna's walk): the tree is cut into terminal nodes
   * (leaves, or nodes below which no split touches the columns), each covering a block of cells;
   * the cells are then enumerated column by column, and as soon as every terminal node left
   * covers all the remaining columns, the whole remaining block has one value and is added at once.
   */
  private marginalVarianceGrouped(columns: readonly number[]): number {
    const t = this.tree;
    const f = this.bounds.length;
    const k = columns.length;
    const pts = columns.map((c) => {
      const [low, high] = this.bounds[c] as readonly [number, number];
      return [low, ...(this.splits[c] as Float64Array), high];
    });
    const nInt = pts.map((p) => p.length - 1);
    const colIndex = new Map(columns.map((c, a) => [c, a]));
    // Terminal nodes: interval range [lo, hi) per column, weight a = volume / box volume on the columns.
    const lo: number[][] = [];
    const hi: number[][] = [];
    const a: number[] = [];
    const av: number[] = [];
    const visit = (node: number, rl: number[], rh: number[]): void => {
      const j = t.feature[node] as number;
      if (j >= 0) {
        const ci = colIndex.get(j);
        if (ci !== undefined) {
          const p = (pts[ci] as number[]).indexOf(t.threshold[node] as number);
          const l = rh.slice();
          l[ci] = Math.min(l[ci] as number, p);
          const r = rl.slice();
          r[ci] = Math.max(r[ci] as number, p);
          if ((rl[ci] as number) < (l[ci] as number)) visit(t.left[node] as number, rl, l);
          if ((r[ci] as number) < (rh[ci] as number)) visit(t.right[node] as number, r, rh);
          return;
        }
        if (columns.some((c) => this.active[node * f + c])) {
          visit(t.left[node] as number, rl, rh);
          visit(t.right[node] as number, rl, rh);
          return;
        }
      }
      let vol = 1;
      for (let ci = 0; ci < k; ci++) vol *= (pts[ci] as number[])[rh[ci] as number]! - (pts[ci] as number[])[rl[ci] as number]!;
      if (!(vol > 0)) return;
      const w = (this.statWeight[node] as number) / vol;
      lo.push(rl);
      hi.push(rh);
      a.push(w);
      av.push(w * (this.stat[node] as number));
    };
    visit(0, new Array<number>(k).fill(0), nInt.slice());
    // Enumerate blocks of cells.
    const totalWidth = pts.map((p) => (p[p.length - 1] as number) - (p[0] as number));
    const values: number[] = [];
    const weights: number[] = [];
    const recurse = (ci: number, live: number[], size: number): void => {
      let covered = true;
      for (const L of live) {
        for (let c = ci; c < k && covered; c++) if ((lo[L] as number[])[c] !== 0 || (hi[L] as number[])[c] !== nInt[c]) covered = false;
        if (!covered) break;
      }
      if (covered || ci === k) {
        let w = 0;
        let wv = 0;
        for (const L of live) {
          w += a[L] as number;
          wv += av[L] as number;
        }
        let rest = size;
        for (let c = ci; c < k; c++) rest *= totalWidth[c] as number;
        values.push(w > 0 ? wv / w : 0);
        weights.push(w * rest);
        return;
      }
      const p = pts[ci] as number[];
      for (let i = 0; i < (nInt[ci] as number); i++) {
        const next = live.filter((L) => ((lo[L] as number[])[ci] as number) <= i && i < ((hi[L] as number[])[ci] as number));
        recurse(ci + 1, next, size * ((p[i + 1] as number) - (p[i] as number)));
      }
    };
    recurse(0, a.map((_, i) => i), 1);
    return weightedVariance(values, weights);
  }

  /**
   * One column, in one sweep instead of one tree walk per midpoint: below a node that no longer
   * splits on the column, every leaf has the node's width on it, so the walk's result at x equals
   * Σ over the leaves whose interval contains x of (volume / width) · value, over Σ (volume / width).
   * Each leaf adds a constant over a run of consecutive intervals: a difference array does the rest.
   */
  private marginalVariance1(c: number): number {
    const t = this.tree;
    const [low, high] = this.bounds[c] as readonly [number, number];
    const s = this.splits[c] as Float64Array;
    const pts = new Float64Array(s.length + 2);
    pts[0] = low;
    pts.set(s, 1);
    pts[s.length + 1] = high;
    const m = pts.length - 1;
    const dw = new Float64Array(m + 1);
    const dv = new Float64Array(m + 1);
    // Interval index of a boundary value (it is one of pts).
    const find = (v: number): number => {
      let a = 0;
      let b = pts.length - 1;
      while (a < b) {
        const mid = (a + b) >> 1;
        if ((pts[mid] as number) < v) a = mid + 1;
        else b = mid;
      }
      return a;
    };
    const stack: number[] = [0];
    const lo: number[] = [low];
    const hi: number[] = [high];
    while (stack.length > 0) {
      const node = stack.pop() as number;
      const l = lo.pop() as number;
      const h = hi.pop() as number;
      const j = t.feature[node] as number;
      if (j >= 0 && this.active[node * this.bounds.length + c]) {
        if (j === c) {
          const th = t.threshold[node] as number;
          stack.push(t.left[node] as number, t.right[node] as number);
          lo.push(l, th);
          hi.push(th, h);
        } else {
          stack.push(t.left[node] as number, t.right[node] as number);
          lo.push(l, l);
          hi.push(h, h);
        }
        continue;
      }
      const width = h - l;
      if (!(width > 0)) continue;
      const w = (this.statWeight[node] as number) / width;
      const a = find(l);
      const b = find(h);
      dw[a]! += w;
      dw[b]! -= w;
      dv[a]! += w * (this.stat[node] as number);
      dv[b]! -= w * (this.stat[node] as number);
    }
    let accW = 0;
    let accV = 0;
    let sw = 0;
    let swv = 0;
    const values = new Float64Array(m);
    const weights = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      accW += dw[i] as number;
      accV += dv[i] as number;
      const size = (pts[i + 1] as number) - (pts[i] as number);
      const v = accW > 0 ? accV / accW : 0;
      const wt = accW * size;
      values[i] = v;
      weights[i] = wt;
      sw += wt;
      swv += wt * v;
    }
    if (!(sw > 0)) return 0;
    const mean = swv / sw;
    let v = 0;
    for (let i = 0; i < m; i++) {
      const d = (values[i] as number) - mean;
      v += (weights[i] as number) * d * d;
    }
    return Math.max(0, v / sw);
  }

  /** Any number of columns (a categorical's one-hot columns): one walk per midpoint tuple, as Optuna. @internal (tests compare it with the sweep) */
  marginalVarianceWalk(columns: readonly number[]): number {
    return marginalVarianceByWalk(this, columns);
  }
}
