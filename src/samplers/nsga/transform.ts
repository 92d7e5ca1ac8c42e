/**
 * The numeric search space of the genetic samplers: each numeric parameter as one real
 * coordinate (ln for log scales; int and stepped ranges widened by half a step on each side, as
 * Optuna's `_SearchSpaceTransform` does), and back (rounded to the grid, clipped to the range).
 * @module
 */
import type { Distribution, ParamValue } from "../../distributions/types.js";
import { nextDown, snapToStep } from "../transform.js";

/** The transformed bounds of a numeric distribution. */
export function bounds(d: Distribution): [number, number] {
  if (d.type === "categorical") throw new Error("bounds: categorical");
  if (d.type === "float" && d.step === null) return d.log ? [Math.log(d.low), Math.log(d.high)] : [d.low, d.high];
  if (d.type === "int" && d.log) return [Math.log(d.low - 0.5), Math.log(d.high + 0.5)];
  const s = d.step as number;
  return [d.low - s / 2, d.high + s / 2];
}

/** A numeric value in transformed coordinates. */
export function toCoordinate(d: Distribution, v: ParamValue): number {
  const x = v as number;
  if (d.type !== "categorical" && d.log) return Math.log(x);
  return x;
}

/** A transformed coordinate back to a value of `d` (on its grid, inside its range). */
export function fromCoordinate(d: Distribution, x: number): ParamValue {
  if (d.type === "categorical") throw new Error("fromCoordinate: categorical");
  if (d.type === "float" && d.step === null) {
    const v = d.log ? Math.exp(x) : x;
    return d.low === d.high ? d.low : Math.min(Math.max(v, d.low), nextDown(d.high));
  }
  if (d.type === "int" && d.log) return Math.min(Math.max(Math.round(Math.exp(x)), d.low), d.high);
  const v = snapToStep(x, d.low, d.high, d.step as number);
  return d.type === "int" ? Math.round(v) : v;
}
