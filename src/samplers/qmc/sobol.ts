/**
 * The Sobol sequence (Bratley & Fox 1988 construction with Joe & Kuo's direction numbers),
 * 32-bit, with random access to point i through its Gray code, optionally scrambled by a random
 * linear matrix scramble plus a digital shift (Matoušek 1998; what SciPy's `Sobol(scramble=True)`
 * does), which keeps the (t, s)-net structure and makes the points an unbiased randomized QMC set.
 * @module
 */
import { InvalidArgumentError } from "../../errors.js";
import type { Rng } from "../../random/rng.js";
import { checkDim, checkIndex } from "./check.js";
import { JOE_KUO, MAX_SOBOL_DIM } from "./direction-numbers.js";

const BITS = 32;
const SCALE = 2 ** -BITS;

let table: { poly: number; m: number[] }[] | undefined;

function entries(): { poly: number; m: number[] }[] {
  table ??= JOE_KUO.join(";")
    .split(";")
    .map((e) => {
      const [p, ms] = e.split(":") as [string, string];
      return { poly: parseInt(p, 16), m: ms.split(",").map((x) => parseInt(x, 16)) };
    });
  return table;
}

/** The 32 direction numbers V₁…V₃₂ of dimension `j` (0-based), as unsigned 32-bit integers. */
export function directionNumbers(j: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (j === 0) {
    for (let k = 0; k < BITS; k++) v[k] = (1 << (BITS - 1 - k)) >>> 0;
    return v;
  }
  const { poly, m } = entries()[j - 1]!;
  const s = m.length;
  for (let k = 0; k < Math.min(s, BITS); k++) v[k] = (m[k]! << (BITS - 1 - k)) >>> 0;
  for (let k = s; k < BITS; k++) {
    let x = (v[k - s]! ^ (v[k - s]! >>> s)) >>> 0;
    for (let i = 1; i < s; i++) if ((poly >>> (s - i)) & 1) x = (x ^ v[k - i]!) >>> 0;
    v[k] = x;
  }
  return v;
}

/** Parity of the set bits of a 32-bit integer. */
function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** A d-dimensional Sobol sequence, plain or scrambled. */
export class Sobol {
  private readonly v: Uint32Array[];
  private readonly shift: Uint32Array;

  /**
   * @param rng scrambles when given (consumed here only)
   * @throws {InvalidArgumentError} above {@link MAX_SOBOL_DIM} dimensions.
   */
  constructor(readonly dim: number, rng?: Rng) {
    checkDim("Sobol", dim);
    if (dim > MAX_SOBOL_DIM) {
      throw new InvalidArgumentError(`Sobol: at most ${MAX_SOBOL_DIM} dimensions are supported, got ${dim}; use qmcType "halton".`);
    }
    this.v = Array.from({ length: dim }, (_, j) => directionNumbers(j));
    this.shift = new Uint32Array(dim);
    if (rng) {
      for (let j = 0; j < dim; j++) {
        // lower-triangular (MSB first) random binary matrix with unit diagonal, applied to every V
        const rows = new Uint32Array(BITS);
        for (let r = 0; r < BITS; r++) {
          let row = (1 << (BITS - 1 - r)) >>> 0;
          for (let c = 0; c < r; c++) if (rng.random() < 0.5) row = (row | (1 << (BITS - 1 - c))) >>> 0;
          rows[r] = row;
        }
        const vj = this.v[j]!;
        for (let k = 0; k < BITS; k++) {
          let out = 0;
          for (let r = 0; r < BITS; r++) if (parity((rows[r]! & vj[k]!) >>> 0)) out |= 1 << (BITS - 1 - r);
          vj[k] = out >>> 0;
        }
        this.shift[j] = Math.floor(rng.random() * 2 ** BITS) >>> 0;
      }
    }
  }

  /** Point `index` (0-based) of the sequence, in [0, 1)^dim. */
  point(index: number): number[] {
    checkIndex("Sobol", index, 2 ** BITS);
    const gray = index ^ Math.floor(index / 2);
    const out = new Array<number>(this.dim);
    for (let j = 0; j < this.dim; j++) {
      const vj = this.v[j]!;
      let x = this.shift[j]!;
      let g = gray;
      for (let k = 0; g > 0; k++, g = Math.floor(g / 2)) if (g % 2 === 1) x = (x ^ vj[k]!) >>> 0;
      out[j] = x * SCALE;
    }
    return out;
  }
}
