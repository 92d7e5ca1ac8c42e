/**
 * plotSlice: one panel per parameter, x = the parameter's value (log axis for log parameters,
 * category axis for categoricals), y = the objective, points coloured by trial number.
 * @module
 */
import {
  allParamNames,
  axisEncoding,
  bestRow,
  categoryLabel,
  columnsFor,
  completeWithTarget,
  CONFIG,
  emptySpec,
  type ParamAxis,
  paramAxis,
  type PlotSpec,
  type PlotStudy,
  pointStyle,
  resolveTarget,
  selectParams,
  subsample,
  type TargetOptions,
  title,
  TRIAL_COLOR_SCALE,
} from "./spec.js";
import { own } from "../core/own.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link plotSlice}. */
export interface SliceOptions extends TargetOptions {
  /** Parameters to show (default: all, sorted by name). */
  readonly params?: readonly string[];
  /** Most points per panel (default 2000): an evenly spaced subset plus the best trial. */
  readonly maxPoints?: number;
}

/** One panel. */
export interface SlicePanel {
  readonly axis: ParamAxis;
  /** COMPLETE trials with this parameter: x is the value (categoricals: their label in `label`). */
  readonly points: readonly { number: number; x: number | null; label: string | null; value: number }[];
}

/** The data of the plot. */
export interface SliceInfo {
  readonly targetName: string;
  readonly panels: readonly SlicePanel[];
  /** COMPLETE trials with a finite target (before the cap). */
  readonly nTrials: number;
  /** Points drawn per panel at most. */
  readonly maxPoints: number;
}

const SLICE_KEYS = optionKeys<SliceOptions>({ target: true, targetName: true, params: true, maxPoints: true });

/** The plot data. @throws {InvalidArgumentError} unknown params; multi-objective without target. */
export function getSliceInfo(study: PlotStudy, options: SliceOptions = {}): SliceInfo {
  checkOptionKeys("plotSlice", options, SLICE_KEYS);
  const r = resolveTarget(study, options, "plotSlice");
  const all = completeWithTarget(study, r.target);
  const trials = all.map(([t]) => t);
  const maxPoints = options.maxPoints ?? 2000;
  const rows = subsample(all, maxPoints, bestRow(all, r.lowerIsBetter));
  const names = selectParams("plotSlice", options.params, allParamNames(study.getTrials({ states: ["COMPLETE"] })));
  const panels = names.map((name) => {
    const axis = paramAxis(name, trials);
    const points: SlicePanel["points"][number][] = [];
    for (const [t, value] of rows) {
      if (!(Object.hasOwn(t.params, name))) continue;
      const v = own(t.params, name) ?? null;
      if (axis.scale === "categorical") points.push({ number: t.number, x: null, label: categoryLabel(v), value });
      else points.push({ number: t.number, x: v as number, label: null, value });
    }
    return { axis, points };
  });
  return { targetName: r.targetName, panels, nTrials: all.length, maxPoints };
}

function numericRange(p: SlicePanel): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const pt of p.points) {
    if (pt.x === null) continue;
    lo = Math.min(lo, pt.x);
    hi = Math.max(hi, pt.x);
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** The Vega-Lite spec of a slice plot. */
export function plotSlice(study: PlotStudy, options: SliceOptions = {}): PlotSpec {
  return sliceSpec(getSliceInfo(study, options));
}

/** The spec from the data. @internal */
export function sliceSpec(info: SliceInfo): PlotSpec {
  if (info.nTrials === 0 || info.panels.length === 0) return emptySpec("Slice Plot", info.panels.length === 0 && info.nTrials > 0 ? "The trials have no parameters." : "No COMPLETE trials yet.");
  const n = info.panels.length;
  const cols = Math.max(1, columnsFor(n));
  const width = n === 1 ? 480 : n === 2 ? 300 : 230;
  const style = pointStyle(Math.min(info.nTrials, info.maxPoints));
  const values: Record<string, unknown>[] = [];
  info.panels.forEach((p, k) => {
    for (const pt of p.points) values.push({ k, number: pt.number, x: pt.x, xc: pt.label, value: pt.value });
  });
  const capped = info.nTrials > info.maxPoints ? ` (${info.maxPoints} shown, evenly spaced, with the best)` : "";
  const subtitle = info.nTrials === 0 ? "No COMPLETE trials yet." : `${info.nTrials} COMPLETE trial${info.nTrials === 1 ? "" : "s"}${capped}; colour = trial number`;
  const panels = info.panels.map((p, k) => ({
    data: { name: "trials" },
    transform: [{ filter: { field: "k", equal: k } }],
    width,
    height: 200,
    mark: { type: "point", filled: true, size: style.size, opacity: style.opacity, stroke: "#333", strokeWidth: info.nTrials > 500 ? 0 : 0.3 },
    encoding: {
      x:
        p.axis.scale === "categorical"
          ? axisEncoding(p.axis, "x", { scale: { domain: p.axis.categories, paddingInner: 0.2, paddingOuter: 0.1 } })
          : axisEncoding(p.axis, "x", {}, numericRange(p)),
      ...(p.axis.scale === "categorical" ? { xOffset: { field: "jitter", type: "quantitative", scale: { domain: [0, 1] } } } : {}),
      y: { field: "value", type: "quantitative", title: k % cols === 0 ? info.targetName : null, scale: { zero: false } },
      color: { field: "number", type: "quantitative", title: "Trial", scale: TRIAL_COLOR_SCALE, legend: { format: "d" } },
      tooltip: [
        { field: "number", title: "Trial" },
        { field: p.axis.scale === "categorical" ? "xc" : "x", title: p.axis.name },
        { field: "value", title: info.targetName, format: ".6~g" },
      ],
    },
    ...(p.axis.scale === "categorical" ? { transform: [{ filter: { field: "k", equal: k } }, { calculate: "(datum.number * 0.618034) % 1 * 0.7 + 0.15", as: "jitter" }] } : {}),
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title("Slice Plot", subtitle),
    config: CONFIG,
    datasets: { trials: values },
    ...(n === 0
      ? { data: { name: "trials" }, mark: "point", encoding: {} }
      : { concat: panels, columns: cols, resolve: { scale: { y: "shared", color: "shared" } } }),
  } as PlotSpec;
}
