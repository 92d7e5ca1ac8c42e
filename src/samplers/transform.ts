/**
 * Uniform draws in a distribution's transformed space, mapped back (Optuna's `_transform`):
 * log in ln-space, steps by rounding to the grid, categorical uniformly.
 * @module
 */
import type { Distribution, ParamValue } from "../distributions/types.js";
import type { Rng } from "../random/rng.js";

/** Rounds half to even (NumPy's rule). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Snaps a value to a stepped distribution's grid and clips it to [low, high]. */
export function snapToStep(v: number, low: number, high: number, step: number): number {
  const k = roundHalfEven((v - low) / step);
  const x = low + k * step;
  return Math.min(Math.max(x, low), high);
}

/** The float just below `x`. */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  buf.setBigUint64(0, x > 0 ? bits - 1n : bits + 1n);
  return buf.getFloat64(0);
}

/** A uniform draw of the distribution (external value). */
export function sampleUniform(rng: Rng, d: Distribution): ParamValue {
  if (d.type === "categorical") return d.choices[rng.int(d.choices.length)] as ParamValue;
  if (d.type === "float" && d.step === null) {
    if (d.low === d.high) return d.low;
    const v = d.log ? Math.exp(rng.uniform(Math.log(d.low), Math.log(d.high))) : rng.uniform(d.low, d.high);
    return Math.min(Math.max(v, d.low), nextDown(d.high));
  }
  if (d.type === "int" && d.log) {
    const v = Math.round(Math.exp(rng.uniform(Math.log(d.low - 0.5), Math.log(d.high + 0.5))));
    return Math.min(Math.max(v, d.low), d.high);
  }
  const step = d.step as number;
  const u = rng.uniform(d.low - step / 2, d.high + step / 2);
  const v = snapToStep(u, d.low, d.high, step);
  return d.type === "int" ? Math.round(v) : v;
}
