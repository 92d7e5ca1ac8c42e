/**
 * What the contour and rank plots share: parameter pairs laid out as one chart (2 parameters) or
 * a matrix with an empty diagonal (more), and the mapping of a parameter value to a unit
 * coordinate (log10 for log parameters, choice index for categoricals).
 * @module
 * @internal
 */
import type { ParamValue } from "../distributions/types.js";
import type { FrozenTrial } from "../trial/frozen.js";
import { axisEncoding, categoryLabel, type ParamAxis } from "./spec.js";
import { own } from "../core/own.js";

/** A parameter axis with its observed range (in log10 for log axes). @internal */
export interface RangedAxis extends ParamAxis {
  /** Observed min and max (raw values; for categoricals 0 and k − 1). */
  readonly lo: number;
  readonly hi: number;
}

/** @internal */
export function rangedAxis(axis: ParamAxis, trials: readonly FrozenTrial[]): RangedAxis {
  if (axis.scale === "categorical") return { ...axis, lo: 0, hi: Math.max(0, (axis.categories?.length ?? 1) - 1) };
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of trials) {
    const v = own(t.params, axis.name);
    if (typeof v !== "number") continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo > hi) lo = hi = axis.scale === "log" ? 1 : 0;
  return { ...axis, lo, hi };
}

/** The unit coordinate in [0, 1] of a value on an axis. @internal */
export function unit(axis: RangedAxis, v: ParamValue): number {
  if (axis.scale === "categorical") {
    const i = (axis.categories ?? []).indexOf(categoryLabel(v));
    return axis.hi > 0 ? i / axis.hi : 0.5;
  }
  const t = (x: number): number => (axis.scale === "log" ? Math.log10(x) : x);
  const lo = t(axis.lo);
  const hi = t(axis.hi);
  return hi > lo ? (t(v as number) - lo) / (hi - lo) : 0.5;
}

/** The raw value at unit coordinate u of a numeric axis. @internal */
export function fromUnit(axis: RangedAxis, u: number): number {
  if (axis.scale === "log") {
    const lo = Math.log10(axis.lo);
    const hi = Math.log10(axis.hi);
    return 10 ** (lo + u * (hi - lo));
  }
  return axis.lo + u * (axis.hi - axis.lo);
}

/** The fields a point of a pair panel carries: x/xc and y/yc (numeric value or category label). @internal */
export function pairFields(ax: RangedAxis, ay: RangedAxis, t: FrozenTrial): Record<string, unknown> {
  const vx = own(t.params, ax.name) ?? null;
  const vy = own(t.params, ay.name) ?? null;
  return ax.scale === "categorical"
    ? { xc: categoryLabel(vx), ...(ay.scale === "categorical" ? { yc: categoryLabel(vy) } : { y: vy }) }
    : { x: vx, ...(ay.scale === "categorical" ? { yc: categoryLabel(vy) } : { y: vy }) };
}

/** A padded numeric scale (5% each side, in log space for log axes), as Optuna pads contour axes. @internal */
export function paddedDomain(axis: RangedAxis): [number, number] | undefined {
  if (axis.scale === "categorical") return undefined;
  if (axis.lo === axis.hi) return axis.scale === "log" ? [axis.lo / 2, axis.hi * 2] : [axis.lo - 1, axis.hi + 1];
  return [fromUnit(axis, -0.05), fromUnit(axis, 1.05)];
}

/** x or y encoding of a pair panel. @internal */
export function pairEncoding(axis: RangedAxis, field: "x" | "y", band = false): Record<string, unknown> {
  const dom = paddedDomain(axis);
  if (axis.scale === "categorical") {
    // rect marks get a band scale (cells touch), point marks a point scale.
    return axisEncoding(axis, field, { scale: band ? { domain: axis.categories, paddingInner: 0, paddingOuter: 0 } : { domain: axis.categories, padding: 0.5 } });
  }
  return axisEncoding(
    axis,
    field,
    { scale: axis.scale === "log" ? { type: "log", domain: dom, nice: false } : { domain: dom, nice: false, zero: false } },
    [axis.lo, axis.hi],
  );
}

/** Lays panels out: a single panel for one pair; else a matrix (row i = y param, column j = x param, empty diagonal). @internal */
export function pairLayout(names: readonly string[], panel: (i: number, j: number) => Record<string, unknown>, size: number): Record<string, unknown> {
  const n = names.length;
  if (n === 2) return panel(1, 0);
  const cells: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      cells.push(
        i === j
          ? {
              width: size,
              height: size,
              data: { values: [{ label: names[i] }] },
              mark: { type: "text", fontSize: 13, fontWeight: "bold", color: "#555", limit: size - 8 },
              encoding: { text: { field: "label" } },
              view: { stroke: null },
            }
          : panel(i, j),
      );
    }
  }
  return { concat: cells, columns: n, spacing: 16 };
}

/** Panel size for n parameters. @internal */
export function pairSize(n: number): number {
  return n <= 2 ? 380 : n === 3 ? 220 : n <= 5 ? 170 : 130;
}
