/**
 * The seeded pseudo-random generator behind every sampler and evaluator (seedrandom's alea).
 * All randomness in parzen flows through this module: the same seed gives the same stream.
 * @module
 */
import { randomBytes } from "node:crypto";
import seedrandom from "seedrandom";

/** A seeded generator of uniform, normal and integer draws. */
export class Rng {
  private prng: seedrandom.PRNG;
  private spareNormal: number | undefined;
  /** The seed this generator started from. */
  readonly seed: string;

  /** @param seed a number or string; omitted, a fresh seed is taken from the OS. */
  constructor(seed?: number | string) {
    this.seed = seed === undefined ? randomBytes(16).toString("hex") : String(seed);
    this.prng = seedrandom.alea(this.seed);
  }

  /** Uniform in [0, 1). */
  random(): number {
    return this.prng();
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.prng();
  }

  /** Integer uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.prng() - 1;
      v = 2 * this.prng() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** One element of a non-empty array, uniformly. */
  choice<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }

  /** A new independent generator derived from this one's seed and a label (stable across runs). */
  fork(label: string | number): Rng {
    return new Rng(`${this.seed}/${label}`);
  }

  /** Reseed from the OS (used when trials run in parallel without a deterministic schedule). */
  reseed(seed?: number | string): void {
    const s = seed === undefined ? randomBytes(16).toString("hex") : String(seed);
    (this as { seed: string }).seed = s;
    this.prng = seedrandom.alea(s);
    this.spareNormal = undefined;
  }
}
