/**
 * The reference marginal of fANOVA on one tree, as Optuna computes it: one tree walk per tuple of
 * interval midpoints over the columns. FanovaTree answers the same question faster (a sweep for
 * one column, grouped cells for several); the tests compare both.
 * @module
 * @internal
 */
import type { RegressionTree } from "../forest.js";

/** What the walk reads of a prepared tree (FanovaTree). */
export interface WalkableTree {
  readonly tree: RegressionTree;
  readonly bounds: readonly (readonly [number, number])[];
  readonly splits: readonly Float64Array[];
  readonly stat: Float64Array;
  readonly statWeight: Float64Array;
  readonly active: Uint8Array;
}

/** The variance of the marginal prediction over `columns`, by walking the tree per midpoint tuple. */
export function marginalVarianceByWalk(tree: WalkableTree, columns: readonly number[]): number {
  const f = tree.bounds.length;
  const k = columns.length;
  const mids: Float64Array[] = [];
  const widths: Float64Array[] = [];
  for (const c of columns) {
    const [low, high] = tree.bounds[c] as readonly [number, number];
    const s = tree.splits[c] as Float64Array;
    const pts = [low, ...s, high];
    const m = new Float64Array(pts.length - 1);
    const w = new Float64Array(pts.length - 1);
    for (let i = 0; i + 1 < pts.length; i++) {
      m[i] = ((pts[i] as number) + (pts[i + 1] as number)) / 2;
      w[i] = (pts[i + 1] as number) - (pts[i] as number);
    }
    mids.push(m);
    widths.push(w);
  }
  const isActive = new Uint8Array(f);
  for (const c of columns) isActive[c] = 1;
  const sample = new Float64Array(f);
  const boxLo = new Float64Array(f);
  const boxHi = new Float64Array(f);
  const t = tree.tree;
  const active = tree.active;
  // Accumulators of the current walk.
  let accW = 0;
  let accWV = 0;
  const walk = (node: number): void => {
    const j = t.feature[node] as number;
    if (j >= 0) {
      if (isActive[j]) {
        const th = t.threshold[node] as number;
        if ((sample[j] as number) <= th) {
          const old = boxHi[j] as number;
          boxHi[j] = th;
          walk(t.left[node] as number);
          boxHi[j] = old;
        } else {
          const old = boxLo[j] as number;
          boxLo[j] = th;
          walk(t.right[node] as number);
          boxLo[j] = old;
        }
        return;
      }
      let any = false;
      for (const c of columns) {
        if (active[node * f + c]) {
          any = true;
          break;
        }
      }
      if (any) {
        walk(t.left[node] as number);
        walk(t.right[node] as number);
        return;
      }
    }
    let card = 1;
    for (const c of columns) card *= (boxHi[c] as number) - (boxLo[c] as number);
    const w = (tree.statWeight[node] as number) / card;
    accW += w;
    accWV += w * (tree.stat[node] as number);
  };
  // Iterate over the Cartesian product of the midpoints.
  const idx = new Int32Array(k);
  const values: number[] = [];
  const weights: number[] = [];
  for (;;) {
    let size = 1;
    for (let a = 0; a < k; a++) {
      const c = columns[a] as number;
      sample[c] = (mids[a] as Float64Array)[idx[a] as number] as number;
      size *= (widths[a] as Float64Array)[idx[a] as number] as number;
      boxLo[c] = (tree.bounds[c] as readonly [number, number])[0];
      boxHi[c] = (tree.bounds[c] as readonly [number, number])[1];
    }
    accW = 0;
    accWV = 0;
    walk(0);
    values.push(accW > 0 ? accWV / accW : 0);
    weights.push(accW * size);
    let a = 0;
    while (a < k) {
      idx[a]!++;
      if ((idx[a] as number) < (mids[a] as Float64Array).length) break;
      idx[a] = 0;
      a++;
    }
    if (a === k) break;
  }
  return weightedVariance(values, weights);
}

/**
 * Variance of `values` under non-negative `weights` (Σ w (x − mean)² / Σ w, floored at 0);
 * 0 when the weights sum to nothing.
 */
export function weightedVariance(values: readonly number[], weights: readonly number[]): number {
  let sw = 0;
  let swv = 0;
  for (let i = 0; i < values.length; i++) {
    sw += weights[i] as number;
    swv += (weights[i] as number) * (values[i] as number);
  }
  if (!(sw > 0)) return 0;
  const mean = swv / sw;
  let v = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (values[i] as number) - mean;
    v += (weights[i] as number) * d * d;
  }
  return Math.max(0, v / sw);
}
