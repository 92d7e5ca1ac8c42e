/**
 * plotOptimizationHistory: objective value per trial number, with the best value so far; for
 * several studies either one series each or, with `errorBar`, the mean ± std across studies.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import {
  completeWithTarget,
  CONFIG,
  emptySpec,
  isFeasible,
  type PlotSpec,
  type PlotStudy,
  pointStyle,
  resolveTarget,
  type TargetOptions,
  title,
} from "./spec.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link plotOptimizationHistory}. */
export interface OptimizationHistoryOptions extends TargetOptions {
  /** With several studies: draw the mean ± std across studies instead of one series each. */
  readonly errorBar?: boolean;
}

/** One study's series. */
export interface HistorySeries {
  readonly studyName: string;
  /** COMPLETE trials with a finite target. */
  readonly points: readonly { number: number; value: number; feasible: boolean }[];
  /** Best feasible value so far at each point's trial number (absent with a custom target). */
  readonly best?: readonly { number: number; value: number }[];
}

/** Mean ± std across studies at one trial number. */
export interface HistoryBand {
  readonly number: number;
  readonly mean: number;
  readonly std: number;
}

/** The data of the plot. */
export interface OptimizationHistoryInfo {
  readonly targetName: string;
  readonly direction: "minimize" | "maximize" | "custom";
  readonly series: readonly HistorySeries[];
  /** With errorBar: objective values and best values across studies. */
  readonly errorBar?: { readonly values: readonly HistoryBand[]; readonly best?: readonly HistoryBand[] };
}

function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(v) };
}

/** Names made unique by numbering repeats: ["a", "a"] → ["a (1)", "a (2)"]. @internal */
export function uniqueNames(names: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  const seen = new Map<string, number>();
  return names.map((n) => {
    if ((count.get(n) ?? 0) < 2) return n;
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return `${n} (${k})`;
  });
}

const OPTIMIZATION_HISTORY_KEYS = optionKeys<OptimizationHistoryOptions>({ target: true, targetName: true, errorBar: true });

/** The plot data: points and best-value lines per study. @throws {InvalidArgumentError} */
export function getOptimizationHistoryInfo(
  studyOrStudies: PlotStudy | readonly PlotStudy[],
  options: OptimizationHistoryOptions = {},
): OptimizationHistoryInfo {
  checkOptionKeys("plotOptimizationHistory", options, OPTIMIZATION_HISTORY_KEYS);
  const studies = Array.isArray(studyOrStudies) ? (studyOrStudies as readonly PlotStudy[]) : [studyOrStudies as PlotStudy];
  if (studies.length === 0) throw new InvalidArgumentError("plotOptimizationHistory: pass a study or a non-empty array of studies.");
  const dirs = new Set(studies.map((s) => (s.directions.length === 1 ? s.directions[0] : "multi")));
  if (options.target === undefined && dirs.size > 1) {
    throw new InvalidArgumentError("plotOptimizationHistory: the studies must all minimize or all maximize.");
  }
  let direction: OptimizationHistoryInfo["direction"] = "custom";
  let targetName = options.targetName ?? "Objective Value";
  const series: HistorySeries[] = studies.map((study) => {
    const r = resolveTarget(study, options, "plotOptimizationHistory");
    targetName = r.targetName;
    if (!r.custom) direction = r.lowerIsBetter ? "minimize" : "maximize";
    const pts = completeWithTarget(study, r.target).map(([t, value]) => ({ number: t.number, value, feasible: isFeasible(t) }));
    if (r.custom) return { studyName: study.studyName, points: pts };
    const sign = r.lowerIsBetter ? 1 : -1;
    let cur = Infinity;
    const best = pts.map((p) => {
      if (p.feasible && sign * p.value < cur) cur = sign * p.value;
      return { number: p.number, value: sign * cur };
    });
    return { studyName: study.studyName, points: pts, best };
  });
  if (!options.errorBar) return { targetName, direction, series };
  const band = (get: (s: HistorySeries) => readonly { number: number; value: number }[] | undefined): HistoryBand[] => {
    const by = new Map<number, number[]>();
    for (const s of series) {
      for (const p of get(s) ?? []) {
        if (!Number.isFinite(p.value)) continue;
        let a = by.get(p.number);
        if (!a) by.set(p.number, (a = []));
        a.push(p.value);
      }
    }
    return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([number, xs]) => ({ number, ...meanStd(xs) }));
  };
  const values = band((s) => s.points.filter((p) => p.feasible));
  const withBest = series.every((s) => s.best !== undefined);
  return { targetName, direction, series, errorBar: withBest ? { values, best: band((s) => s.best) } : { values } };
}

/** The Vega-Lite spec of an optimization history. */
export function plotOptimizationHistory(
  studyOrStudies: PlotStudy | readonly PlotStudy[],
  options: OptimizationHistoryOptions = {},
): PlotSpec {
  return optimizationHistorySpec(getOptimizationHistoryInfo(studyOrStudies, options));
}

/** The spec from the data. @internal */
export function optimizationHistorySpec(info: OptimizationHistoryInfo): PlotSpec {
  if (info.series.every((s) => s.points.length === 0)) return emptySpec("Optimization History", "No COMPLETE trials yet.");
  const several = info.series.length > 1;
  const n = info.series.reduce((a, s) => a + s.points.length, 0);
  const style = pointStyle(n);
  const x = { field: "number", type: "quantitative", title: "Trial", axis: { tickMinStep: 1, format: "d" }, scale: { nice: false, padding: 8 } };
  const y = { type: "quantitative", title: info.targetName, scale: { zero: false } };
  const subtitle =
    n === 0 ? "No COMPLETE trials yet." : `${n} COMPLETE trial${n === 1 ? "" : "s"}${several ? ` in ${info.series.length} studies` : ""}`;
  const head = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", title: title("Optimization History", subtitle), config: CONFIG, width: 560, height: 320 };
  if (info.errorBar) {
    const vals = info.errorBar.values.map((b) => ({ ...b, lo: b.mean - b.std, hi: b.mean + b.std, series: "Objective Value (mean ± std)" }));
    const best = (info.errorBar.best ?? []).map((b) => ({ ...b, lo: b.mean - b.std, hi: b.mean + b.std, series: "Best Value (mean ± std)" }));
    const color = {
      field: "series",
      type: "nominal",
      title: null,
      scale: { domain: ["Objective Value (mean ± std)", "Best Value (mean ± std)"], range: ["#1f77b4", "#d62728"] },
      legend: { orient: "top", labelLimit: 320, symbolOpacity: 1 },
    };
    return {
      ...head,
      layer: [
        ...(best.length > 0
          ? [
              { data: { values: best }, mark: { type: "area", opacity: 0.2, color: "#d62728" }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" } } },
              { data: { values: best }, mark: { type: "line", interpolate: "step-after" }, encoding: { x, y: { ...y, field: "mean" }, color } },
            ]
          : []),
        { data: { values: vals }, mark: { type: "rule", opacity: 0.6 }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color } },
        {
          data: { values: vals },
          mark: { type: "point", filled: true, size: style.size, opacity: style.opacity },
          encoding: {
            x,
            y: { ...y, field: "mean" },
            color,
            tooltip: [{ field: "number", title: "Trial" }, { field: "mean", title: "mean", format: ".4~g" }, { field: "std", title: "std", format: ".4~g" }],
          },
        },
      ],
    } as PlotSpec;
  }
  const points: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  const domain: string[] = [];
  // Studies may share a name (e.g. the same study loaded twice): number the repeats.
  const labels = uniqueNames(info.series.map((s) => s.studyName));
  const studyOf = new Map<string, number>();
  for (const [k, s] of info.series.entries()) {
    const name = labels[k] as string;
    const sv = several ? `Objective Value of ${name}` : "Objective Value";
    const sb = several ? `Best Value of ${name}` : "Best Value";
    studyOf.set(sv, k);
    studyOf.set(sb, k);
    domain.push(sv);
    for (const p of s.points) points.push({ number: p.number, value: p.value, series: p.feasible ? sv : "Infeasible Trial" });
    if (s.best) {
      domain.push(sb);
      for (const p of s.best) if (Number.isFinite(p.value)) lines.push({ number: p.number, value: p.value, series: sb });
    }
  }
  if (points.some((p) => p.series === "Infeasible Trial")) domain.push("Infeasible Trial");
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];
  const range = several
    ? domain.map((d) => (d === "Infeasible Trial" ? "#cccccc" : (palette[(studyOf.get(d) ?? 0) % palette.length] as string)))
    : domain.map((d) => (d === "Best Value" ? "#d62728" : d === "Infeasible Trial" ? "#cccccc" : "#1f77b4"));
  const color = {
    field: "series",
    type: "nominal",
    title: null,
    scale: { domain, range },
    legend: { orient: several ? "bottom" : "top", columns: several ? 2 : 3, labelLimit: 320, symbolOpacity: 1 },
  };
  return {
    ...head,
    layer: [
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: style.size, opacity: style.opacity },
        encoding: {
          x,
          y: { ...y, field: "value" },
          color,
          tooltip: [{ field: "number", title: "Trial" }, { field: "value", title: info.targetName, format: ".6~g" }],
        },
      },
      ...(lines.length > 0
        ? [{ data: { values: lines }, mark: { type: "line", interpolate: "step-after", strokeWidth: 2 }, encoding: { x, y: { ...y, field: "value" }, color, detail: { field: "series" } } }]
        : []),
    ],
  } as PlotSpec;
}
