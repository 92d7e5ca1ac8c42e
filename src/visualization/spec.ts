/**
 * Shared pieces of every plot: which number a plot shows (the objective or a user target), the
 * feasibility of a trial, how a parameter is put on an axis (linear, log or categorical), number
 * formatting, and the Vega-Lite config all plots share. Vega-Lite is imported for its types only.
 *
 * Escape safety: user text (study, parameter and category names) only ever appears as data
 * values or titles, never as a Vega-Lite field name or inside an expression.
 * @module
 * @internal
 */
import type { TopLevelSpec } from "vega-lite";
import type { Distribution, ParamValue } from "../distributions/types.js";
import { InvalidArgumentError } from "../errors.js";
import type { StudyView } from "../core/study-view.js";
import type { FrozenTrial } from "../trial/frozen.js";
import { own } from "../core/own.js";

/** A Vega-Lite spec, plain JSON. */
export type PlotSpec = TopLevelSpec;

/** The part of a study a plot reads. */
export type PlotStudy = Pick<StudyView, "studyName" | "directions" | "getTrials">;

/** Options of plots that show one number per trial. */
export interface TargetOptions {
  /** The number to show, from a trial; required for multi-objective studies. Default: its value. */
  readonly target?: (trial: FrozenTrial) => number;
  /** Axis and legend title of that number (default "Objective Value"). */
  readonly targetName?: string;
}

/** A resolved target. @internal */
export interface ResolvedTarget {
  readonly target: (t: FrozenTrial) => number;
  readonly targetName: string;
  /** Whether lower is better for colouring: minimize, or a custom target (as Optuna). */
  readonly lowerIsBetter: boolean;
  readonly custom: boolean;
}

/** @internal */
export function resolveTarget(study: PlotStudy, options: TargetOptions, plot: string): ResolvedTarget {
  const targetName = options.targetName ?? "Objective Value";
  if (options.target !== undefined) {
    if (typeof options.target !== "function") {
      throw new InvalidArgumentError(`${plot}: \`target\` must be a function of a trial returning a number.`);
    }
    return { target: options.target, targetName, lowerIsBetter: true, custom: true };
  }
  if (study.directions.length !== 1) {
    throw new InvalidArgumentError(
      `${plot}: study "${study.studyName}" has ${study.directions.length} objectives; pass \`target\` ` +
        "(e.g. target: (t) => t.values![0]) to choose the number to plot.",
    );
  }
  return { target: (t) => t.value as number, targetName, lowerIsBetter: study.directions[0] === "minimize", custom: false };
}

/** COMPLETE trials with a finite target, as [trial, target value]. @internal */
export function completeWithTarget(study: PlotStudy, target: (t: FrozenTrial) => number): [FrozenTrial, number][] {
  const out: [FrozenTrial, number][] = [];
  for (const t of study.getTrials({ states: ["COMPLETE"] })) {
    const v = target(t);
    if (typeof v === "number" && Number.isFinite(v)) out.push([t, v]);
  }
  return out;
}

/** A trial is infeasible when one of its constraints (`trial.constraints`, both Optuna forms) is > 0. */
export function isFeasible(t: FrozenTrial): boolean {
  for (const k in t.constraints) if ((t.constraints[k] as number) > 0) return false;
  return true;
}

/** How a parameter is drawn on an axis. */
export interface ParamAxis {
  readonly name: string;
  readonly scale: "linear" | "log" | "categorical";
  /** Categorical labels in axis order (numeric-like choices sorted by value). */
  readonly categories?: readonly string[];
}

/** The label of a categorical choice. */
export function categoryLabel(v: ParamValue): string {
  return v === null ? "null" : String(v);
}

/** Axis of a parameter from the distributions it had in the trials. @internal */
export function paramAxis(name: string, trials: readonly FrozenTrial[]): ParamAxis {
  let dist: Distribution | undefined;
  const seen = new Map<string, ParamValue>();
  for (const t of trials) {
    const d = own(t.distributions, name);
    if (!d) continue;
    dist ??= d;
    if (d.type === "categorical") {
      for (const c of d.choices) seen.set(categoryLabel(c), c);
    }
  }
  if (!dist) return { name, scale: "linear" };
  if (dist.type === "categorical") {
    const entries = [...seen.entries()];
    const numeric = entries.every(([, v]) => typeof v === "number");
    if (numeric) entries.sort((a, b) => (a[1] as number) - (b[1] as number));
    return { name, scale: "categorical", categories: entries.map(([l]) => l) };
  }
  return { name, scale: dist.log ? "log" : "linear" };
}

/** Every parameter name in these trials, sorted. @internal */
export function allParamNames(trials: readonly FrozenTrial[]): string[] {
  const s = new Set<string>();
  for (const t of trials) for (const k of Object.keys(t.params)) s.add(k);
  return [...s].sort();
}

/** Checks a `params` option against the parameters that exist. @internal */
export function selectParams(plot: string, params: readonly string[] | undefined, existing: readonly string[]): string[] {
  if (params === undefined) return [...existing];
  if (!Array.isArray(params)) throw new InvalidArgumentError(`${plot}: \`params\` must be an array of parameter names.`);
  for (const p of params) {
    if (!existing.includes(p)) {
      throw new InvalidArgumentError(
        `${plot}: parameter ${JSON.stringify(p)} does not exist in the study. Parameters: ${existing.map((e) => JSON.stringify(e)).join(", ") || "(none)"}.`,
      );
    }
  }
  return [...params];
}

/** A short readable number: 4 significant digits, exponent form when very large or small. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(4)));
}

/** Up to about `count` round tick values inside [lo, hi] (steps of 1, 2 or 5 × 10^k; integers only when `integer`). @internal */
export function niceTicks(lo: number, hi: number, count = 5, integer = false): number[] {
  if (!(hi > lo)) return [lo];
  let step = (hi - lo) / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(step));
  const r = step / mag;
  step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
  if (integer) step = Math.max(1, Math.round(step));
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * At most `max` items: evenly spaced in their order, plus the item `pin` when given (the best
 * trial), so a capped scatter still shows the whole run and its best point. @internal
 */
export function subsample<T>(items: readonly T[], max: number, pin?: T): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  const out = Array.from({ length: max }, (_, i) => items[Math.floor(i * step)] as T);
  if (pin !== undefined && !out.includes(pin)) out[out.length - 1] = pin;
  return out;
}

/** The row with the best value (lowest when lowerIsBetter). @internal */
export function bestRow<T extends readonly [unknown, number]>(rows: readonly T[], lowerIsBetter: boolean): T | undefined {
  let best: T | undefined;
  for (const r of rows) if (best === undefined || (lowerIsBetter ? r[1] < best[1] : r[1] > best[1])) best = r;
  return best;
}

/** The font every plot asks for; the PNG renderer loads DejaVu Sans under that name. */
export const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

/** The shared Vega-Lite config. @internal */
export const CONFIG = {
  font: FONT,
  background: "white",
  padding: 12,
  view: { stroke: "#ddd" },
  title: { fontSize: 15, fontWeight: "bold", anchor: "start", subtitleColor: "#555", subtitleFontSize: 11, offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", gridColor: "#eee", labelOverlap: true, labelLimit: 160 },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: "normal", labelLimit: 220, gradientOpacity: 1, symbolOpacity: 1 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  concat: { spacing: 24 },
} as const;

/** Title object with an optional subtitle. @internal */
export function title(text: string, subtitle?: string): { text: string; subtitle?: string } {
  return subtitle ? { text, subtitle } : { text };
}

/** A plot with nothing to draw yet: its title and a sentence saying why. @internal */
export function emptySpec(titleText: string, message: string): PlotSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: titleText },
    config: CONFIG,
    width: 420,
    height: 80,
    data: { values: [{ message }] },
    mark: { type: "text", fontSize: 13, color: "#777" },
    encoding: { text: { field: "message" } },
  } as PlotSpec;
}

/** Point size and opacity that stay readable from 1 to 10,000 points. @internal */
export function pointStyle(n: number): { size: number; opacity: number } {
  if (n > 5000) return { size: 10, opacity: 0.35 };
  if (n > 1000) return { size: 18, opacity: 0.5 };
  if (n > 200) return { size: 30, opacity: 0.7 };
  return { size: 50, opacity: 0.85 };
}

/** Vega-Lite scale of a colour by objective: Blues, dark = good. @internal */
export function objectiveColorScale(lowerIsBetter: boolean): { scheme: { name: string; extent: [number, number] }; reverse?: boolean } {
  return lowerIsBetter ? { scheme: { name: "blues", extent: [0.25, 1] }, reverse: true } : { scheme: { name: "blues", extent: [0.25, 1] } };
}

/** Vega-Lite scale of a colour by trial number: Blues, later = darker. @internal */
export const TRIAL_COLOR_SCALE = { scheme: { name: "blues", extent: [0.25, 1] as [number, number] } };

/** Decade tick values (1e-5, 1e-4, …) covering [lo, hi], at most about 7; undefined below one decade. @internal */
export function logTicks(lo: number, hi: number): number[] | undefined {
  if (!(lo > 0) || !(hi > lo)) return undefined;
  const a = Math.ceil(Math.log10(lo) - 1e-9);
  const b = Math.floor(Math.log10(hi) + 1e-9);
  if (b - a < 1) return undefined;
  const every = Math.ceil((b - a + 1) / 7);
  const out: number[] = [];
  for (let e = a; e <= b; e += every) out.push(Number(`1e${e}`));
  return out;
}

/** Axis label expression of log axes: plain numbers in [0.001, 1e5), else 1e-5 style. No user text. @internal */
export const LOG_LABEL_EXPR = "abs(datum.value) >= 0.001 && abs(datum.value) < 100000 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), 'e-0', 'e-')";

/**
 * The x/y encoding of a parameter axis, on field `field` (numeric) or `field + "c"` (category
 * label). `range`: the observed [min, max] of a numeric axis, for decade ticks on log axes.
 * @internal
 */
export function axisEncoding(axis: ParamAxis, field: string, extra: Record<string, unknown> = {}, range?: readonly [number, number]): Record<string, unknown> {
  if (axis.scale === "categorical") {
    return { field: `${field}c`, type: "nominal", title: axis.name, scale: { domain: axis.categories }, sort: axis.categories, axis: { labelAngle: 0 }, ...extra };
  }
  if (axis.scale === "log") {
    const values = range ? logTicks(range[0], range[1]) : undefined;
    return {
      field,
      type: "quantitative",
      title: axis.name,
      scale: { type: "log", nice: false },
      axis: { labelExpr: LOG_LABEL_EXPR, ...(values ? { values } : { tickCount: 4 }) },
      ...extra,
    };
  }
  return { field, type: "quantitative", title: axis.name, scale: { zero: false, nice: false }, ...extra };
}

/** Splits `n` items into rows of at most `cols` for a concat layout. @internal */
export function columnsFor(n: number): number {
  return n <= 3 ? n : n <= 4 ? 2 : n <= 9 ? 3 : 4;
}
