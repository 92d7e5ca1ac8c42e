/**
 * The crossovers of NSGA-II/III as small pluggable objects (Optuna's set). Each works on the
 * numeric parameters in their transformed space (ln for log scales; int and stepped ranges widened
 * by half a step), gets `nParents` parent vectors and returns one child vector; the sampler maps
 * it back, and draws new parents when a child leaves the bounds. Categorical parameters are not
 * crossed here (the sampler swaps them between the first and last parent).
 * @module
 */
import { InvalidArgumentError } from "../../errors.js";
import type { Rng } from "../../random/rng.js";

/** What a crossover knows of the problem. */
export interface CrossoverContext {
  /** Per dimension, the transformed lower and upper bound. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** The number of objectives (SBX picks its default η from it). */
  readonly nObjectives: number;
}

/** A crossover: `nParents` vectors in, one child vector out. */
export interface Crossover {
  readonly name: string;
  readonly nParents: number;
  crossover(parents: readonly Float64Array[], rng: Rng, context: CrossoverContext): Float64Array;
}

function check(who: string, name: string, v: number, ok: boolean, expected: string): void {
  if (typeof v !== "number" || !ok) throw new InvalidArgumentError(`${who}: \`${name}\` must be ${expected}, got ${String(v)}.`);
}

/** Per dimension the second parent's value with probability 1 − swappingProb, else the first's. */
export class UniformCrossover implements Crossover {
  readonly name = "uniform";
  readonly nParents = 2;
  constructor(readonly swappingProb = 0.5) {
    check("UniformCrossover", "swappingProb", swappingProb, swappingProb >= 0 && swappingProb <= 1, "in [0, 1]");
  }
  crossover(p: readonly Float64Array[], rng: Rng, _context?: CrossoverContext): Float64Array {
    const a = p[0] as Float64Array;
    const b = p[1] as Float64Array;
    return a.map((v, i) => (rng.random() >= this.swappingProb ? (b[i] as number) : v));
  }
}

/** BLX-α (Eshelman & Schaffer 1993): per dimension uniform in [min − αΔ, max + αΔ]. */
export class BLXAlphaCrossover implements Crossover {
  readonly name = "blx-alpha";
  readonly nParents = 2;
  constructor(readonly alpha = 0.5) {
    check("BLXAlphaCrossover", "alpha", alpha, alpha >= 0 && Number.isFinite(alpha), "a finite number >= 0");
  }
  crossover(p: readonly Float64Array[], rng: Rng, _context?: CrossoverContext): Float64Array {
    const a = p[0] as Float64Array;
    const b = p[1] as Float64Array;
    return a.map((v, i) => {
      const lo = Math.min(v, b[i] as number);
      const hi = Math.max(v, b[i] as number);
      const d = hi - lo;
      return rng.uniform(lo - this.alpha * d, hi + this.alpha * d);
    });
  }
}

/** Simplex crossover (Tsutsui et al. 1999) with three parents; ε defaults to √(n + 2). */
export class SPXCrossover implements Crossover {
  readonly name = "spx";
  readonly nParents = 3;
  constructor(readonly epsilon?: number) {
    if (epsilon !== undefined) check("SPXCrossover", "epsilon", epsilon, epsilon > 0 && Number.isFinite(epsilon), "a finite number > 0");
  }
  crossover(p: readonly Float64Array[], rng: Rng, _context?: CrossoverContext): Float64Array {
    const n = (p[0] as Float64Array).length;
    const eps = this.epsilon ?? Math.sqrt(n + 2);
    const g = new Float64Array(n);
    for (const q of p) for (let i = 0; i < n; i++) g[i] = (g[i] as number) + (q[i] as number) / p.length;
    const x = p.map((q) => q.map((v, i) => (g[i] as number) + eps * (v - (g[i] as number))));
    let c = new Float64Array(n);
    for (let k = 1; k < x.length; k++) {
      const r = rng.random() ** (1 / k);
      const prev = x[k - 1] as Float64Array;
      const cur = x[k] as Float64Array;
      c = c.map((v, i) => r * ((prev[i] as number) - (cur[i] as number) + v));
    }
    const last = x[x.length - 1] as Float64Array;
    return last.map((v, i) => v + (c[i] as number));
  }
}

interface SbxOptions {
  /** Distribution index; default 20 with several objectives, 2 with one. */
  readonly eta?: number;
  /** Probability of swapping the two child genes of a dimension. Default 0.5. */
  readonly uniformCrossoverProb?: number;
  /** Probability of using the crossed genes (else the parents'). Default 0.5. */
  readonly useChildGeneProb?: number;
}

abstract class SbxBase implements Crossover {
  abstract readonly name: string;
  readonly nParents = 2;
  readonly eta: number | undefined;
  readonly uniformCrossoverProb: number;
  readonly useChildGeneProb: number;
  constructor(who: string, o: SbxOptions) {
    if (o.eta !== undefined) check(who, "eta", o.eta, o.eta >= 0 && Number.isFinite(o.eta), "a finite number >= 0");
    this.eta = o.eta;
    this.uniformCrossoverProb = o.uniformCrossoverProb ?? 0.5;
    this.useChildGeneProb = o.useChildGeneProb ?? 0.5;
    check(who, "uniformCrossoverProb", this.uniformCrossoverProb, this.uniformCrossoverProb >= 0 && this.uniformCrossoverProb <= 1, "in [0, 1]");
    check(who, "useChildGeneProb", this.useChildGeneProb, this.useChildGeneProb >= 0 && this.useChildGeneProb <= 1, "in [0, 1]");
  }
  protected abstract pair(a: number, b: number, lb: number, ub: number, eta: number, rng: Rng): [number, number];
  crossover(p: readonly Float64Array[], rng: Rng, ctx: CrossoverContext): Float64Array {
    const eta = this.eta ?? (ctx.nObjectives > 1 ? 20 : 2);
    const a = p[0] as Float64Array;
    const b = p[1] as Float64Array;
    const c1 = new Float64Array(a.length);
    const c2 = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) {
      let [x, y] = rng.random() < this.useChildGeneProb ? this.pair(a[i] as number, b[i] as number, ctx.lower[i] as number, ctx.upper[i] as number, eta, rng) : [a[i] as number, b[i] as number];
      if (rng.random() < this.uniformCrossoverProb) [x, y] = [y, x];
      c1[i] = x;
      c2[i] = y;
    }
    return rng.random() < 0.5 ? c1 : c2;
  }
}

/** Simulated binary crossover with bounds (Deb & Agrawal 1995; Deb's bounded form). */
export class SBXCrossover extends SbxBase {
  readonly name = "sbx";
  constructor(options: SbxOptions = {}) {
    super("SBXCrossover", options);
  }
  protected pair(p1: number, p2: number, lb: number, ub: number, eta: number, rng: Rng): [number, number] {
    const a = Math.min(p1, p2);
    const b = Math.max(p1, p2);
    const d = Math.max(b - a, 1e-10);
    const u = rng.random();
    const q = (beta: number): number => {
      const alpha = 2 - beta ** -(eta + 1);
      return u <= 1 / alpha ? (u * alpha) ** (1 / (eta + 1)) : (1 / (2 - u * alpha)) ** (1 / (eta + 1));
    };
    const bq1 = q(1 + (2 * (a - lb)) / d);
    const bq2 = q(1 + (2 * (ub - b)) / d);
    return [0.5 * (a + b - bq1 * d), 0.5 * (a + b + bq2 * d)];
  }
}

/** Vectorized SBX (the unbounded form; out-of-bounds children make the sampler redraw). */
export class VSBXCrossover extends SbxBase {
  readonly name = "vsbx";
  constructor(options: SbxOptions = {}) {
    super("VSBXCrossover", options);
  }
  protected pair(p1: number, p2: number, _lb: number, _ub: number, eta: number, rng: Rng): [number, number] {
    const u = rng.random();
    const b1 = (1 / Math.max(2 * u, 1e-10)) ** (1 / (eta + 1));
    const b2 = (1 / Math.max(2 * (1 - u), 1e-10)) ** (1 / (eta + 1));
    const c1 = rng.random() <= 0.5 ? 0.5 * ((1 + b1) * p1 + (1 - b2) * p2) : 0.5 * ((1 - b1) * p1 + (1 + b2) * p2);
    const c2 = rng.random() <= 0.5 ? 0.5 * ((3 - b1) * p1 - (1 - b2) * p2) : 0.5 * (-(1 - b1) * p1 + (3 - b2) * p2);
    return [c1, c2];
  }
}

/**
 * Unimodal normal distribution crossover (Ono & Kobayashi 1997): child = midpoint(p1, p2) + ξ·d
 * + D·Σ ηᵢeᵢ, d = p1 − p2, D = distance of p3 from the line p1p2, eᵢ an orthonormal basis of the
 * complement of d; ξ ~ N(0, σξ²), ηᵢ ~ N(0, ση²) with ση = 0.35/√n by default. (Optuna passes
 * σ² where a standard deviation is expected; parzen uses the paper's σ.)
 */
export class UNDXCrossover implements Crossover {
  readonly name = "undx";
  readonly nParents = 3;
  constructor(readonly sigmaXi = 0.5, readonly sigmaEta?: number) {
    check("UNDXCrossover", "sigmaXi", sigmaXi, sigmaXi >= 0 && Number.isFinite(sigmaXi), "a finite number >= 0");
    if (sigmaEta !== undefined) check("UNDXCrossover", "sigmaEta", sigmaEta, sigmaEta >= 0 && Number.isFinite(sigmaEta), "a finite number >= 0");
  }
  crossover(p: readonly Float64Array[], rng: Rng, _context?: CrossoverContext): Float64Array {
    const [p1, p2, p3] = p as [Float64Array, Float64Array, Float64Array];
    const n = p1.length;
    const mid = p1.map((v, i) => (v + (p2[i] as number)) / 2);
    const d = p1.map((v, i) => v - (p2[i] as number));
    const dn = Math.hypot(...d);
    // distance of p3 from the line through p1 along d
    const w = p3.map((v, i) => v - (p1[i] as number));
    const proj = dn > 0 ? w.reduce((s, v, i) => s + v * (d[i] as number), 0) / (dn * dn) : 0;
    const D = Math.hypot(...w.map((v, i) => v - proj * (d[i] as number)));
    // Gram–Schmidt: d first, then the unit axes; keep the n − 1 vectors orthogonal to d.
    const basis: Float64Array[] = [];
    if (dn > 0) basis.push(d.map((v) => v / dn));
    for (let k = 0; k < n && basis.length < n; k++) {
      const e = new Float64Array(n);
      e[k] = 1;
      for (const b of basis) {
        const dot = e.reduce((s, v, i) => s + v * (b[i] as number), 0);
        for (let i = 0; i < n; i++) e[i] = (e[i] as number) - dot * (b[i] as number);
      }
      const en = Math.hypot(...e);
      if (en > 1e-10) basis.push(e.map((v) => v / en));
    }
    const ortho = dn > 0 ? basis.slice(1) : basis.slice(0, n - 1);
    const sEta = this.sigmaEta ?? 0.35 / Math.sqrt(n);
    const xi = rng.normal() * this.sigmaXi;
    const child = mid.map((v, i) => v + xi * (d[i] as number));
    for (const e of ortho) {
      const eta = rng.normal() * sEta;
      for (let i = 0; i < n; i++) child[i] = (child[i] as number) + D * eta * (e[i] as number);
    }
    return child;
  }
}
