/**
 * The unit-cube coordinates CMA-ES and QMC work in (Optuna's `_SearchSpaceTransform` with
 * `transform_0_1`): log parameters in ln-space; int and stepped parameters widened by ±step/2 so
 * every grid point owns an equal interval (or, for CMA-ES with margin, kept at [low, high] with
 * the grid step given separately); then each coordinate scaled to [0, 1].
 * @module
 */
import type { Distribution, ParamValue } from "../distributions/types.js";
import { own, setOwn } from "../core/own.js";
import type { SearchSpace } from "./base.js";
import { snapToStep } from "./transform.js";

/** One numeric coordinate of the cube. */
export interface Coordinate {
  readonly name: string;
  readonly dist: Exclude<Distribution, { type: "categorical" }>;
  /** Bounds of the transformed (ln or linear) value that map to 0 and 1. */
  readonly lo: number;
  readonly hi: number;
  /** The normalized grid step with `exactSteps` (0 for continuous and log coordinates). */
  readonly step: number;
}

/** A numeric search space mapped to [0, 1]ⁿ, names in order. */
export class UnitCube {
  readonly coords: readonly Coordinate[];

  /**
   * @param space numeric distributions only (callers leave categoricals out)
   * @param exactSteps keep int/stepped bounds at [low, high] and report their steps (margin)
   */
  constructor(space: SearchSpace, exactSteps = false) {
    const coords: Coordinate[] = [];
    for (const [name, d] of Object.entries(space)) {
      if (d.type === "categorical") continue;
      let lo: number;
      let hi: number;
      let step = 0;
      if (d.log) {
        const widen = d.type === "int" && !exactSteps ? 0.5 : 0;
        lo = Math.log(d.low - widen);
        hi = Math.log(d.high + widen);
      } else if (d.step !== null) {
        const half = exactSteps ? 0 : d.step / 2;
        lo = d.low - half;
        hi = d.high + half;
        if (exactSteps) step = hi > lo ? d.step / (hi - lo) : 1;
      } else {
        lo = d.low;
        hi = d.high;
      }
      coords.push({ name, dist: d, lo, hi, step });
    }
    this.coords = coords;
  }

  get dim(): number {
    return this.coords.length;
  }

  /** The normalized steps (for the margin). */
  get steps(): number[] {
    return this.coords.map((c) => c.step);
  }

  /** A trial's params as a point of the cube. */
  toCube(params: Readonly<Record<string, ParamValue>>): number[] {
    return this.coords.map((c) => {
      const v = own(params, c.name) as number;
      const t = c.dist.log ? Math.log(v) : v;
      return c.hi > c.lo ? (t - c.lo) / (c.hi - c.lo) : 0.5;
    });
  }

  /** A point of the cube as params: clipped, ints rounded, steps snapped. */
  fromCube(x: readonly number[]): Record<string, number> {
    const out: Record<string, number> = {};
    this.coords.forEach((c, i) => {
      const u = Math.min(Math.max(x[i]!, 0), 1);
      let v = c.lo + u * (c.hi - c.lo);
      if (c.dist.log) v = Math.exp(v);
      const d = c.dist;
      if (d.type === "int") v = d.log ? Math.round(v) : snapToStep(v, d.low, d.high, d.step);
      else if (d.step !== null) v = snapToStep(v, d.low, d.high, d.step);
      v = Math.min(Math.max(v, d.low), d.high);
      setOwn(out, c.name, d.type === "int" ? Math.round(v) : v);
    });
    return out;
  }
}
