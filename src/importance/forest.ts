/**
 * A random forest of regression trees on typed arrays, as scikit-learn's RandomForestRegressor
 * builds it with Optuna's settings: bootstrap samples, every feature considered at each split,
 * min samples split 2, min samples leaf 1, squared-error (variance) reduction, thresholds at the
 * midpoint between consecutive distinct values. Shared by the fANOVA and MDI evaluators.
 *
 * Fitting one tree:
 *   bootstrap (sample counts = weights) → presort each feature once → grow depth first: at each
 *   node scan every feature's sorted segment for the best weighted variance reduction, then
 *   partition every segment stably into the two children (no re-sorting).
 * @module
 * @internal
 */
import type { Rng } from "../random/rng.js";

/** One fitted regression tree. Nodes are numbered depth first, so children come after parents. @internal */
export interface RegressionTree {
  readonly nodeCount: number;
  /** Split feature, or -1 for a leaf. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Weighted mean of the targets in the node (its prediction). */
  readonly value: Float64Array;
  /** Sum of the bootstrap weights in the node. */
  readonly weight: Float64Array;
  /** Weighted variance of the targets in the node. */
  readonly impurity: Float64Array;
}

/** Options of {@link fitForest}. @internal */
export interface ForestOptions {
  readonly nTrees: number;
  readonly maxDepth: number;
}

/** A dense row-major matrix. @internal */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** rows × cols, row-major. */
  readonly data: Float64Array;
}

const EPS = 1e-12;

/** Fits `nTrees` trees on bootstrap samples of (X, y). @internal */
export function fitForest(x: Matrix, y: Float64Array, options: ForestOptions, rng: Rng): RegressionTree[] {
  // Feature-major copy for cache-friendly scans, and one presort per feature shared by every tree.
  const { rows: n, cols: f } = x;
  const cols: Float64Array[] = [];
  const order: Int32Array[] = [];
  for (let j = 0; j < f; j++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = x.data[i * f + j] as number;
    cols.push(c);
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    idx.sort((a, b) => (c[a] as number) - (c[b] as number) || a - b);
    order.push(idx);
  }
  const trees: RegressionTree[] = [];
  for (let t = 0; t < options.nTrees; t++) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[rng.int(n)]! += 1;
    trees.push(fitTree(cols, order, y, w, options.maxDepth, rng));
  }
  return trees;
}

/** Growable node arrays. */
class NodeBuffer {
  n = 0;
  feature = new Int32Array(64);
  threshold = new Float64Array(64);
  left = new Int32Array(64);
  right = new Int32Array(64);
  value = new Float64Array(64);
  weight = new Float64Array(64);
  impurity = new Float64Array(64);

  add(value: number, weight: number, impurity: number): number {
    if (this.n === this.feature.length) this.grow();
    const i = this.n++;
    this.feature[i] = -1;
    this.left[i] = -1;
    this.right[i] = -1;
    this.value[i] = value;
    this.weight[i] = weight;
    this.impurity[i] = impurity;
    return i;
  }

  private grow(): void {
    const m = this.feature.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(m);
      b.set(a);
      return b;
    };
    this.feature = g(this.feature);
    this.threshold = g(this.threshold);
    this.left = g(this.left);
    this.right = g(this.right);
    this.value = g(this.value);
    this.weight = g(this.weight);
    this.impurity = g(this.impurity);
  }

  freeze(): RegressionTree {
    const n = this.n;
    return {
      nodeCount: n,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      value: this.value.slice(0, n),
      weight: this.weight.slice(0, n),
      impurity: this.impurity.slice(0, n),
    };
  }
}

function fitTree(
  cols: readonly Float64Array[],
  order: readonly Int32Array[],
  y: Float64Array,
  w: Float64Array,
  maxDepth: number,
  rng: Rng,
): RegressionTree {
  const f = cols.length;
  // Per feature, the in-bag samples sorted by that feature; node segments are [start, end).
  let m = 0;
  for (let i = 0; i < w.length; i++) if ((w[i] as number) > 0) m++;
  const seg: Int32Array[] = [];
  for (let j = 0; j < f; j++) {
    const s = new Int32Array(m);
    let k = 0;
    for (const i of order[j] as Int32Array) if ((w[i] as number) > 0) s[k++] = i;
    seg.push(s);
  }
  const tmp = new Int32Array(m);
  const goLeft = new Uint8Array(w.length);
  const features = Array.from({ length: f }, (_, j) => j);
  const nodes = new NodeBuffer();

  const stats = (start: number, end: number): [number, number, number] => {
    const s = seg[0] as Int32Array;
    let sw = 0;
    let swy = 0;
    let swyy = 0;
    for (let k = start; k < end; k++) {
      const i = s[k] as number;
      const wi = w[i] as number;
      const yi = y[i] as number;
      sw += wi;
      swy += wi * yi;
      swyy += wi * yi * yi;
    }
    const mean = swy / sw;
    return [mean, sw, Math.max(0, swyy / sw - mean * mean)];
  };

  const build = (start: number, end: number, depth: number): number => {
    const [mean, sw, imp] = stats(start, end);
    const node = nodes.add(mean, sw, imp);
    if (depth >= maxDepth || end - start < 2 || imp <= EPS * Math.max(1, mean * mean)) return node;
    // Best split: maximize sumL²/wL + sumR²/wR (equivalent to the largest variance reduction).
    // Features are visited in random order and only a strictly better split wins, as sklearn does.
    rng.shuffle(features);
    let total = 0;
    {
      const s = seg[0] as Int32Array;
      for (let k = start; k < end; k++) total += (w[s[k] as number] as number) * (y[s[k] as number] as number);
    }
    let bestProxy = -Infinity;
    let bestFeature = -1;
    let bestPos = -1;
    let bestThreshold = 0;
    for (const j of features) {
      const s = seg[j] as Int32Array;
      const c = cols[j] as Float64Array;
      if ((c[s[start] as number] as number) >= (c[s[end - 1] as number] as number)) continue; // constant here
      let wl = 0;
      let yl = 0;
      for (let k = start; k < end - 1; k++) {
        const i = s[k] as number;
        wl += w[i] as number;
        yl += (w[i] as number) * (y[i] as number);
        const xv = c[i] as number;
        const xn = c[s[k + 1] as number] as number;
        if (xn <= xv) continue;
        const wr = sw - wl;
        const yr = total - yl;
        const proxy = (yl * yl) / wl + (yr * yr) / wr;
        if (proxy > bestProxy) {
          bestProxy = proxy;
          bestFeature = j;
          bestPos = k + 1;
          let th = (xv + xn) / 2;
          if (th >= xn || !Number.isFinite(th)) th = xv;
          bestThreshold = th;
        }
      }
    }
    if (bestFeature < 0) return node;
    // Stable partition of every feature's segment around the chosen split.
    const sb = seg[bestFeature] as Int32Array;
    for (let k = start; k < end; k++) goLeft[sb[k] as number] = k < bestPos ? 1 : 0;
    for (let j = 0; j < f; j++) {
      if (j === bestFeature) continue;
      const s = seg[j] as Int32Array;
      let a = start;
      let b = 0;
      for (let k = start; k < end; k++) {
        const i = s[k] as number;
        if (goLeft[i]) s[a++] = i;
        else tmp[b++] = i;
      }
      s.set(tmp.subarray(0, b), a);
    }
    nodes.feature[node] = bestFeature;
    nodes.threshold[node] = bestThreshold;
    const l = build(start, bestPos, depth + 1);
    const r = build(bestPos, end, depth + 1);
    nodes.left[node] = l;
    nodes.right[node] = r;
    return node;
  };

  if (m > 0) build(0, m, 0);
  return nodes.freeze();
}

/**
 * Mean decrease in impurity per feature, as sklearn's `feature_importances_`: per tree the
 * weighted impurity decrease of each split, normalized to sum 1 (trees without a split are
 * left out), then averaged over the trees and normalized again.
 * @internal
 */
export function impurityImportances(trees: readonly RegressionTree[], nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures);
  let used = 0;
  for (const t of trees) {
    const imp = new Float64Array(nFeatures);
    for (let i = 0; i < t.nodeCount; i++) {
      const j = t.feature[i] as number;
      if (j < 0) continue;
      const l = t.left[i] as number;
      const r = t.right[i] as number;
      imp[j]! +=
        (t.weight[i] as number) * (t.impurity[i] as number) -
        (t.weight[l] as number) * (t.impurity[l] as number) -
        (t.weight[r] as number) * (t.impurity[r] as number);
    }
    let s = 0;
    for (let j = 0; j < nFeatures; j++) s += Math.max(0, imp[j] as number);
    if (s <= 0) continue;
    used++;
    for (let j = 0; j < nFeatures; j++) out[j]! += Math.max(0, imp[j] as number) / s;
  }
  if (used > 0) {
    let s = 0;
    for (let j = 0; j < nFeatures; j++) s += out[j] as number;
    if (s > 0) for (let j = 0; j < nFeatures; j++) out[j]! /= s;
  }
  return out;
}
