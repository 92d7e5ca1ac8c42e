/**
 * Quasi-random points in [0,1]^d: the Halton sequence with a random shift per dimension
 * (Cranley–Patterson rotation), so that every call covers the cube evenly yet differs with the
 * seed. Dimensions past the 64th prime get plain uniform draws.
 * @module
 */
import type { Rng } from "../../random/rng.js";

const PRIMES: number[] = [];
for (let c = 2; PRIMES.length < 64; c++) if (PRIMES.every((p) => c % p !== 0)) PRIMES.push(c);

function radicalInverse(i: number, base: number): number {
  let f = 1;
  let r = 0;
  while (i > 0) {
    f /= base;
    r += f * (i % base);
    i = Math.floor(i / base);
  }
  return r;
}

/** `count` points of dimension `d`, row-major, each coordinate in [0, 1). */
export function shiftedHalton(count: number, d: number, rng: Rng): Float64Array {
  const out = new Float64Array(count * d);
  const shift = Float64Array.from({ length: d }, () => rng.random());
  const skip = 1 + rng.int(1024);
  for (let j = 0; j < d; j++) {
    const base = PRIMES[j];
    for (let i = 0; i < count; i++) {
      const u = base === undefined ? rng.random() : radicalInverse(i + skip, base) + (shift[j] as number);
      out[i * d + j] = u >= 1 ? u - 1 : u;
    }
  }
  return out;
}
