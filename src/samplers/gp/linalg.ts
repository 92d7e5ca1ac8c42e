/**
 * Dense linear algebra on row-major Float64Array matrices, just what the GP needs: a Cholesky
 * factorization, its one-row extension (a trial added without refactorizing), triangular solves
 * and the inverse from the factor. Written by hand (docs/gp.md says why): the GP calls these on
 * matrices of at most a few hundred rows thousands of times per trial, with no allocation per call.
 * @module
 */

/** Thrown when a matrix is not (numerically) positive definite. @internal */
export class NotPositiveDefiniteError extends Error {}

/**
 * Σ_{k<len} a[ao + k]·b[bo + k] with four accumulators: independent add chains run in parallel
 * in the CPU (one chain is latency-bound). The same summation order everywhere, so every caller
 * gets the same bits for the same inputs.
 */
export function dot4(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += (a[ao + k] as number) * (b[bo + k] as number);
    s1 += (a[ao + k + 1] as number) * (b[bo + k + 1] as number);
    s2 += (a[ao + k + 2] as number) * (b[bo + k + 2] as number);
    s3 += (a[ao + k + 3] as number) * (b[bo + k + 3] as number);
  }
  for (; k < len; k++) s0 += (a[ao + k] as number) * (b[bo + k] as number);
  return s0 + s1 + s2 + s3;
}

/**
 * In-place Cholesky A = L·Lᵀ of the n×n symmetric matrix `a` (row-major, lower triangle read);
 * on return the lower triangle holds L and the upper triangle is zeroed.
 * @throws {NotPositiveDefiniteError} when a pivot is not positive.
 */
export function cholesky(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j] as number;
    for (let k = 0; k < j; k++) {
      const v = a[rj + k] as number;
      d -= v * v;
    }
    if (!(d > 0)) throw new NotPositiveDefiniteError(`pivot ${j} is ${d}`);
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      a[ri + j] = ((a[ri + j] as number) - dot4(a, ri, a, rj, j)) / ljj;
    }
    for (let k = j + 1; k < n; k++) a[rj + k] = 0;
  }
}

/**
 * The factor of [[A, b], [bᵀ, c]] from L = chol(A) (n×n), in O(n²): a new (n+1)×(n+1) array.
 * @throws {NotPositiveDefiniteError} when the new pivot is not positive.
 */
export function choleskyAppend(l: Float64Array, n: number, b: ArrayLike<number>, c: number): Float64Array {
  const m = n + 1;
  const out = new Float64Array(m * m);
  for (let i = 0; i < n; i++) out.set(l.subarray(i * n, i * n + i + 1), i * m);
  const row = out.subarray(n * m, n * m + n);
  for (let i = 0; i < n; i++) row[i] = b[i] as number;
  solveLowerInPlace(l, n, row);
  let d = c;
  for (let i = 0; i < n; i++) d -= (row[i] as number) ** 2;
  if (!(d > 0)) throw new NotPositiveDefiniteError(`appended pivot is ${d}`);
  out[n * m + n] = Math.sqrt(d);
  return out;
}

/** Solves L·x = b in place (`x` holds b on entry), L lower-triangular n×n. */
export function solveLowerInPlace(l: Float64Array, n: number, x: Float64Array | number[]): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    x[i] = ((x[i] as number) - dot4(l, ri, x, 0, i)) / (l[ri + i] as number);
  }
}

/** Solves Lᵀ·x = b in place, L lower-triangular n×n (row-wise updates: contiguous reads). */
export function solveUpperTInPlace(l: Float64Array, n: number, x: Float64Array | number[]): void {
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = (x[i] as number) / (l[ri + i] as number);
    x[i] = xi;
    for (let k = 0; k < i; k++) x[k] = (x[k] as number) - (l[ri + k] as number) * xi;
  }
}

/**
 * (L·Lᵀ)⁻¹ from the factor L: a symmetric n×n array (`out` when given, else new); `work` is an
 * optional n×n scratch array.
 */
export function inverseFromCholesky(l: Float64Array, n: number, out?: Float64Array, work?: Float64Array): Float64Array {
  // M = L⁻¹ (lower), row by row: M_i = (e_i − Σ_{k<i} L_ik·M_k) / L_ii; then A⁻¹ = Mᵀ·M as a sum
  // of the outer products of M's rows. Both passes read rows contiguously (a column walk of an
  // n×n array misses the cache on every step past a hundred rows).
  const m = work ?? new Float64Array(n * n);
  m.fill(0);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const c = l[ri + k] as number;
      if (c === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) m[ri + j] = (m[ri + j] as number) - c * (m[rk + j] as number);
    }
    m[ri + i] = 1;
    const lii = l[ri + i] as number;
    for (let j = 0; j <= i; j++) m[ri + j] = (m[ri + j] as number) / lii;
  }
  const inv = out ?? new Float64Array(n * n);
  inv.fill(0);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const a = m[rk + i] as number;
      if (a === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) inv[ri + j] = (inv[ri + j] as number) + a * (m[rk + j] as number);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) inv[j * n + i] = inv[i * n + j] as number;
  return inv;
}

/** Σ ln Lᵢᵢ = ½ ln det(A). */
export function halfLogDet(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i] as number);
  return s;
}
