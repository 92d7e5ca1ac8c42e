import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/random/rng.js";
import {
  NotPositiveDefiniteError,
  cholesky,
  choleskyAppend,
  halfLogDet,
  inverseFromCholesky,
  solveLowerInPlace,
  solveUpperTInPlace,
} from "../../../src/samplers/gp/linalg.js";

/** A random symmetric positive definite n×n matrix B·Bᵀ + n·I. */
function spd(n: number, rng: Rng): Float64Array {
  const b = Float64Array.from({ length: n * n }, () => rng.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? n : 0;
    for (let k = 0; k < n; k++) s += (b[i * n + k] as number) * (b[j * n + k] as number);
    a[i * n + j] = s;
  }
  return a;
}

describe("GP linear algebra", () => {
  it("factors a 3×3 matrix as computed by hand", () => {
    // A = [[4, 12, -16], [12, 37, -43], [-16, -43, 98]] = L·Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]]
    const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    cholesky(a, 3);
    assert.deepEqual(Array.from(a), [2, 0, 0, 6, 1, 0, -8, 5, 3]);
    assert.equal(halfLogDet(a, 3), Math.log(6));
  });

  it("solves, inverts and extends a factor consistently with the full factorization", () => {
    const rng = new Rng(1);
    const n = 12;
    const a = spd(n, rng);
    const l = a.slice();
    cholesky(l, n);
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const x = b.slice();
    solveLowerInPlace(l, n, x);
    solveUpperTInPlace(l, n, x);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (a[i * n + k] as number) * (x[k] as number);
      assert.ok(Math.abs(s - (b[i] as number)) < 1e-10, `row ${i}: ${s} vs ${b[i]}`);
    }
    const inv = inverseFromCholesky(l, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (a[i * n + k] as number) * (inv[k * n + j] as number);
      assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-10);
    }
    // the leading (n−1)×(n−1) factor extended by the last row equals the full factor
    const m = n - 1;
    const lead = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) lead[i * m + j] = a[i * n + j] as number;
    cholesky(lead, m);
    const ext = choleskyAppend(lead, m, a.subarray(m * n, m * n + m), a[m * n + m] as number);
    for (let i = 0; i < n * n; i++) assert.ok(Math.abs((ext[i] as number) - (l[i] as number)) < 1e-12);
  });

  it("rejects a matrix that is not positive definite", () => {
    assert.throws(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2), NotPositiveDefiniteError);
    const l = Float64Array.from([1]);
    assert.throws(() => choleskyAppend(l, 1, [1], 1), NotPositiveDefiniteError);
  });
});
