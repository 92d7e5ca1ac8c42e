/**
 * The Halton sequence: coordinate j of point i is the radical inverse of i in the j-th prime
 * base. Scrambled, every digit position of every base gets its own random digit permutation
 * (Owen-style random permutations, as in SciPy's scrambled Halton), which breaks the
 * correlations between high-dimensional coordinates of the plain sequence.
 * @module
 */
import type { Rng } from "../../random/rng.js";
import { checkDim, checkIndex } from "./check.js";

/** The first `n` primes. */
export function primes(n: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < n; c++) if (out.every((p) => p * p > c || c % p !== 0)) out.push(c);
  return out;
}

/** A d-dimensional Halton sequence, plain or scrambled. */
export class Halton {
  private readonly bases: number[];
  /** Per dimension, per digit position, a permutation of the digits (scrambled only). */
  private readonly perms: number[][][] | undefined;
  private readonly depth: number[];

  constructor(readonly dim: number, rng?: Rng) {
    checkDim("Halton", dim);
    this.bases = primes(dim);
    // enough digits for double precision: base^depth ≥ 2^52
    this.depth = this.bases.map((b) => Math.ceil((52 * Math.LN2) / Math.log(b)));
    if (rng) {
      this.perms = this.bases.map((b, j) =>
        Array.from({ length: this.depth[j]! }, () => rng.shuffle(Array.from({ length: b }, (_, k) => k))),
      );
    }
  }

  /** Point `index` (0-based) in [0, 1)^dim. */
  point(index: number): number[] {
    checkIndex("Halton", index, Number.MAX_SAFE_INTEGER);
    return this.bases.map((b, j) => {
      let i = index;
      let f = 1 / b;
      let x = 0;
      const perm = this.perms?.[j];
      for (let k = 0; k < this.depth[j]! && (perm !== undefined || i > 0); k++) {
        const digit = i % b;
        x += (perm ? perm[k]![digit]! : digit) * f;
        i = Math.floor(i / b);
        f /= b;
      }
      return Math.min(x, 1 - Number.EPSILON);
    });
  }
}
