/**
 * The little linear algebra CMA-ES needs, on row-major `Float64Array` n×n matrices. The
 * symmetric eigen-decomposition is ml-matrix's (a well-kept pure-JS library, loaded on first use
 * so that importing parzen does not load it); the rest is a few loops.
 * @module
 */
import { createRequire } from "node:module";

type MlMatrix = typeof import("ml-matrix");
let ml: MlMatrix | undefined;

function mlMatrix(): MlMatrix {
  ml ??= createRequire(import.meta.url)("ml-matrix") as MlMatrix;
  return ml;
}

/** Eigen-decomposition of a symmetric matrix: C = B·diag(values)·Bᵀ, columns of B the vectors. */
export interface Eigen {
  /** Eigenvalues. */
  readonly values: Float64Array;
  /** Eigenvectors as columns, row-major n×n. */
  readonly vectors: Float64Array;
}

/** The eigen-decomposition of the symmetric part of `c` (n×n, row-major). */
export function eigh(c: Float64Array, n: number): Eigen {
  const { Matrix, EigenvalueDecomposition } = mlMatrix();
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, (c[i * n + j]! + c[j * n + i]!) / 2);
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const values = Float64Array.from(evd.realEigenvalues);
  const v = evd.eigenvectorMatrix;
  const vectors = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vectors[i * n + j] = v.get(i, j);
  return { values, vectors };
}

/** B·diag(d)·Bᵀ. */
export function compose(b: Float64Array, d: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += b[i * n + k]! * d[k]! * b[j * n + k]!;
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/** m·v. */
export function matVec(m: Float64Array, v: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += m[i * n + k]! * v[k]!;
    out[i] = s;
  }
  return out;
}

/** Euclidean norm. */
export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}
