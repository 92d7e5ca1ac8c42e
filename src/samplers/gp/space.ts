/**
 * The GP's view of a search space: one column per parameter in [0, 1] (log parameters in
 * ln-space; int and stepped parameters with bounds widened by half a step, their values on the
 * grid), categoricals as the choice index (the kernel compares them by equality). Encodes trial
 * parameters, snaps points to valid values and decodes them back.
 * @module
 */
import { own, setOwn } from "../../core/own.js";
import { toInternal } from "../../distributions/ops.js";
import type { Distribution, ParamValue } from "../../distributions/types.js";
import type { SearchSpace } from "../base.js";
import { snapToStep } from "../transform.js";

/** How a column is searched: by gradient, over a grid, or over its choices. */
export type ColumnKind = "continuous" | "grid" | "categorical";

/** Discrete numeric columns with at most this many values are searched exhaustively. */
export const MAX_GRID = 32;

/** One parameter as a column. @internal */
export interface Column {
  readonly name: string;
  readonly distribution: Distribution;
  readonly kind: ColumnKind;
  /** Categorical: the number of choices. */
  readonly nChoices: number;
  /** Grid columns: the normalized grid values, ascending. */
  readonly grid: Float64Array | undefined;
  /** Stepped columns searched as continuous (too many grid values): snap on decode. */
  readonly stepped: boolean;
  readonly lo: number;
  readonly hi: number;
  readonly log: boolean;
}

function column(name: string, d: Distribution): Column {
  if (d.type === "categorical") {
    return { name, distribution: d, kind: "categorical", nChoices: d.choices.length, grid: undefined, stepped: false, lo: 0, hi: 1, log: false };
  }
  const step = d.step;
  let lo: number;
  let hi: number;
  if (step === null) {
    lo = d.log ? Math.log(d.low) : d.low;
    hi = d.log ? Math.log(d.high) : d.high;
    return { name, distribution: d, kind: "continuous", nChoices: 0, grid: undefined, stepped: false, lo, hi, log: d.log };
  }
  if (d.log) {
    lo = Math.log(d.low - 0.5);
    hi = Math.log(d.high + 0.5);
  } else {
    lo = d.low - step / 2;
    hi = d.high + step / 2;
  }
  const count = Math.floor((d.high - d.low) / step + 1e-9) + 1;
  if (count > MAX_GRID) return { name, distribution: d, kind: "continuous", nChoices: 0, grid: undefined, stepped: true, lo, hi, log: d.log };
  const grid = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const v = d.low + k * step;
    const t = d.log ? Math.log(v) : v;
    grid[k] = (t - lo) / (hi - lo);
  }
  return { name, distribution: d, kind: "grid", nChoices: 0, grid, stepped: true, lo, hi, log: d.log };
}

/** The columns of a search space and the maps between parameters and points. @internal */
export class GpSpace {
  readonly columns: readonly Column[];
  readonly dim: number;
  /** 1 for categorical columns (Hamming distance), 0 otherwise. */
  readonly categorical: Uint8Array;
  /** Indices of the continuous columns. */
  readonly continuousColumns: readonly number[];

  constructor(space: SearchSpace) {
    this.columns = Object.keys(space)
      .sort()
      .map((n) => column(n, space[n] as Distribution));
    this.dim = this.columns.length;
    this.categorical = Uint8Array.from(this.columns, (c) => (c.kind === "categorical" ? 1 : 0));
    this.continuousColumns = this.columns.flatMap((c, j) => (c.kind === "continuous" ? [j] : []));
  }

  /** The point of a trial's parameters into `out` at `offset`; false if one is missing or invalid. */
  encode(params: Readonly<Record<string, ParamValue>>, out: Float64Array, offset = 0): boolean {
    for (let j = 0; j < this.dim; j++) {
      const c = this.columns[j] as Column;
      const v = own(params, c.name);
      if (v === undefined) return false;
      let x: number;
      try {
        x = toInternal(c.distribution, v);
      } catch {
        return false;
      }
      if (c.kind !== "categorical") {
        if (!Number.isFinite(x)) return false;
        const t = c.log ? Math.log(x) : x;
        x = c.hi > c.lo ? (t - c.lo) / (c.hi - c.lo) : 0.5;
      }
      out[offset + j] = x;
    }
    return true;
  }

  /** Moves each coordinate of `x` to the nearest valid value (grid point, choice index, [0, 1]). */
  snap(x: Float64Array): void {
    for (let j = 0; j < this.dim; j++) {
      const c = this.columns[j] as Column;
      const v = x[j] as number;
      if (c.kind === "categorical") x[j] = Math.min(c.nChoices - 1, Math.max(0, Math.round(v)));
      else if (c.kind === "grid") x[j] = nearest(c.grid as Float64Array, v);
      else x[j] = Math.min(1, Math.max(0, v));
    }
  }

  /** A uniform point in [0,1]^dim onto the valid values: categoricals floor(u·n), grids by cell. */
  fromUnit(u: Float64Array): void {
    for (let j = 0; j < this.dim; j++) {
      const c = this.columns[j] as Column;
      if (c.kind === "categorical") u[j] = Math.min(c.nChoices - 1, Math.floor((u[j] as number) * c.nChoices));
      else if (c.kind === "grid") u[j] = nearest(c.grid as Float64Array, u[j] as number);
    }
  }

  /** The parameters of a point (snapped first), clipped to their distributions. */
  decode(x: Float64Array): Record<string, ParamValue> {
    const out: Record<string, ParamValue> = {};
    for (let j = 0; j < this.dim; j++) {
      const c = this.columns[j] as Column;
      const d = c.distribution;
      if (d.type === "categorical") {
        setOwn(out, c.name, d.choices[Math.min(c.nChoices - 1, Math.max(0, Math.round(x[j] as number)))] as ParamValue);
        continue;
      }
      const t = c.lo + Math.min(1, Math.max(0, x[j] as number)) * (c.hi - c.lo);
      let v = c.log ? Math.exp(t) : t;
      if (d.step !== null) v = d.log ? Math.round(v) : snapToStep(v, d.low, d.high, d.step);
      v = Math.min(d.high, Math.max(d.low, v));
      setOwn(out, c.name, d.type === "int" ? Math.round(v) : v);
    }
    return out;
  }
}

/** The grid value nearest to `v` (binary search). */
export function nearest(grid: Float64Array, v: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  if (v <= (grid[0] as number)) return grid[0] as number;
  if (v >= (grid[hi] as number)) return grid[hi] as number;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((grid[mid] as number) <= v) lo = mid;
    else hi = mid;
  }
  const a = grid[lo] as number;
  const b = grid[hi] as number;
  return v - a <= b - v ? a : b;
}
