/**
 * plotParallelCoordinate: one vertical axis for the objective, then one per parameter; one line
 * per COMPLETE trial that has every selected parameter, coloured by the objective (dark = good);
 * the subtitle says how many trials were left out for lacking a (conditional) parameter, and which.
 * Log parameters sit on log10 axes, categoricals on evenly spaced choices (numeric-like choices
 * sorted). More than `maxLines` trials: an evenly spaced subset is drawn, and the subtitle says so.
 * @module
 */
import {
  allParamNames,
  categoryLabel,
  completeWithTarget,
  CONFIG,
  emptySpec,
  fmt,
  niceTicks,
  objectiveColorScale,
  type ParamAxis,
  paramAxis,
  type PlotSpec,
  type PlotStudy,
  resolveTarget,
  selectParams,
  type TargetOptions,
  title,
} from "./spec.js";
import { own } from "../core/own.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link plotParallelCoordinate}. */
export interface ParallelCoordinateOptions extends TargetOptions {
  readonly params?: readonly string[];
  /** Most lines drawn (default 1000). */
  readonly maxLines?: number;
}

/** One vertical axis. */
export interface ParallelAxis {
  readonly label: string;
  readonly kind: "objective" | ParamAxis["scale"];
  /** Ticks at positions in [0, 1] (0 = bottom). */
  readonly ticks: readonly { pos: number; label: string }[];
}

/** The data of the plot. */
export interface ParallelCoordinateInfo {
  readonly targetName: string;
  readonly lowerIsBetter: boolean;
  readonly axes: readonly ParallelAxis[];
  /** Drawn trials: `pos[i]` is the trial's position in [0, 1] on axis i; `value` its objective. */
  readonly lines: readonly { number: number; value: number; pos: readonly number[] }[];
  /** COMPLETE trials with every selected parameter (before the cap). */
  readonly nEligible: number;
  /** COMPLETE trials left out because they lack a selected parameter, and how many lack each. */
  readonly skipped?: { readonly n: number; readonly lacking: Readonly<Record<string, number>> };
}

function linearTicks(lo: number, hi: number, map: (v: number) => number, integer = false): { pos: number; label: string }[] {
  if (lo === hi) return [{ pos: 0.5, label: fmt(lo) }];
  return niceTicks(lo, hi, 6, integer).map((v) => ({ pos: map(v), label: fmt(v) }));
}

const PARALLEL_COORDINATE_KEYS = optionKeys<ParallelCoordinateOptions>({ target: true, targetName: true, params: true, maxLines: true });

/** The plot data. @throws {InvalidArgumentError} */
export function getParallelCoordinateInfo(study: PlotStudy, options: ParallelCoordinateOptions = {}): ParallelCoordinateInfo {
  checkOptionKeys("plotParallelCoordinate", options, PARALLEL_COORDINATE_KEYS);
  const r = resolveTarget(study, options, "plotParallelCoordinate");
  const all = completeWithTarget(study, r.target);
  const names = selectParams("plotParallelCoordinate", options.params, allParamNames(all.map(([t]) => t)));
  const rows = all.filter(([t]) => names.every((n) => Object.hasOwn(t.params, n)));
  const lacking: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [t] of all) for (const n of names) if (!Object.hasOwn(t.params, n)) lacking[n] = (lacking[n] ?? 0) + 1;
  const trials = rows.map(([t]) => t);
  const axes: ParallelAxis[] = [];
  const mappers: ((t: (typeof rows)[number]) => number)[] = [];
  // Objective axis.
  const vs = rows.map(([, v]) => v);
  const vlo = Math.min(...vs);
  const vhi = Math.max(...vs);
  const vmap = (v: number): number => (vhi > vlo ? (v - vlo) / (vhi - vlo) : 0.5);
  const used = new Set(names);
  let objLabel = r.targetName;
  while (used.has(objLabel)) objLabel += " ";
  axes.push({ label: objLabel, kind: "objective", ticks: rows.length ? linearTicks(vlo, vhi, vmap) : [] });
  mappers.push(([, v]) => vmap(v));
  for (const name of names) {
    const axis = paramAxis(name, trials);
    if (axis.scale === "categorical") {
      const cats = axis.categories ?? [];
      const k = cats.length;
      const cmap = (i: number): number => (k > 1 ? i / (k - 1) : 0.5);
      axes.push({ label: name, kind: "categorical", ticks: cats.map((c, i) => ({ pos: cmap(i), label: c })) });
      mappers.push(([t]) => cmap(cats.indexOf(categoryLabel(own(t.params, name) ?? null))));
      continue;
    }
    const xs = rows.map(([t]) => own(t.params, name) as number);
    const log = axis.scale === "log";
    const tr = (v: number): number => (log ? Math.log10(v) : v);
    const lo = tr(Math.min(...xs));
    const hi = tr(Math.max(...xs));
    const map = (v: number): number => (hi > lo ? (tr(v) - lo) / (hi - lo) : 0.5);
    let ticks: { pos: number; label: string }[] = [];
    if (rows.length > 0) {
      if (log && hi - lo >= 1) {
        for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) ticks.push({ pos: (e - lo) / (hi - lo), label: fmt(10 ** e) });
        if (ticks.length > 7) ticks = ticks.filter((_, i) => i % Math.ceil(ticks.length / 6) === 0);
      } else ticks = linearTicks(Math.min(...xs), Math.max(...xs), map, trials.some((t) => own(t.distributions, name)?.type === "int"));
    }
    axes.push({ label: name, kind: axis.scale, ticks });
    mappers.push(([t]) => map(own(t.params, name) as number));
  }
  const maxLines = options.maxLines ?? 1000;
  let drawn = rows;
  if (rows.length > maxLines) {
    const step = rows.length / maxLines;
    drawn = Array.from({ length: maxLines }, (_, i) => rows[Math.floor(i * step)] as (typeof rows)[number]);
  }
  const lines = drawn.map((row) => ({ number: row[0].number, value: row[1], pos: mappers.map((m) => m(row)) }));
  // Best lines last, so they are drawn on top.
  const s = r.lowerIsBetter ? -1 : 1;
  lines.sort((a, b) => s * (a.value - b.value) || a.number - b.number);
  return { targetName: r.targetName, lowerIsBetter: r.lowerIsBetter, axes, lines, nEligible: rows.length, skipped: { n: all.length - rows.length, lacking } };
}

/** The Vega-Lite spec of a parallel-coordinate plot. */
export function plotParallelCoordinate(study: PlotStudy, options: ParallelCoordinateOptions = {}): PlotSpec {
  return parallelCoordinateSpec(getParallelCoordinateInfo(study, options));
}

/** The spec from the data. @internal */
export function parallelCoordinateSpec(info: ParallelCoordinateInfo): PlotSpec {
  const lacking = Object.keys(info.skipped?.lacking ?? {});
  const lackText = `${info.skipped?.n ?? 0} COMPLETE trials lack ${lacking.slice(0, 3).join(", ")}${lacking.length > 3 ? ", …" : ""} (choose fewer parameters to include them)`;
  if (info.lines.length === 0) {
    return emptySpec("Parallel Coordinate Plot", info.skipped && info.skipped.n > 0 ? `No COMPLETE trial has every parameter: ${lackText}.` : "No COMPLETE trials with every parameter yet.");
  }
  const labels = info.axes.map((a) => a.label);
  const points: Record<string, unknown>[] = [];
  for (const l of info.lines) l.pos.forEach((p, i) => points.push({ number: l.number, value: l.value, dim: labels[i], y: p, order: i }));
  const ticks = info.axes.flatMap((a) => a.ticks.map((t) => ({ dim: a.label, y: t.pos, label: t.label })));
  const n = info.lines.length;
  const x = {
    field: "dim",
    type: "nominal",
    title: null,
    sort: labels,
    scale: { domain: labels, padding: 0.35 },
    axis: { orient: "top", labelAngle: 0, domain: false, ticks: false, labelFontSize: 12, labelFontWeight: "bold", labelLimit: 150, labelPadding: 12 },
  };
  const y = { field: "y", type: "quantitative", scale: { domain: [-0.02, 1.02], nice: false }, axis: null };
  let shown = n < info.nEligible ? `${n} of ${info.nEligible} trials shown (evenly spaced)` : `${n} trial${n === 1 ? "" : "s"}`;
  if (info.skipped && info.skipped.n > 0) shown += `; left out: ${lackText}`;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title("Parallel Coordinate Plot", info.nEligible === 0 ? "No COMPLETE trials with every parameter yet." : `${shown}; colour = ${info.targetName}`),
    config: { ...CONFIG, view: { stroke: null } },
    width: Math.max(320, 135 * labels.length),
    height: 320,
    layer: [
      {
        data: { values: labels.map((d) => ({ dim: d })) },
        mark: { type: "rule", color: "#999" },
        encoding: { x, y: { datum: 0, type: "quantitative", scale: { domain: [-0.02, 1.02], nice: false }, axis: null }, y2: { datum: 1 } },
      },
      {
        data: { values: points },
        mark: { type: "line", strokeWidth: n > 300 ? 1 : 1.6, opacity: n > 300 ? 0.35 : 0.75 },
        encoding: {
          x,
          y,
          detail: { field: "number", type: "nominal" },
          order: { field: "order" },
          color: { field: "value", type: "quantitative", title: info.targetName, scale: objectiveColorScale(info.lowerIsBetter) },
          tooltip: [{ field: "number", title: "Trial" }, { field: "value", title: info.targetName, format: ".6~g" }],
        },
      },
      { data: { values: ticks }, mark: { type: "tick", orient: "horizontal", color: "#999", size: 6, thickness: 1 }, encoding: { x, y } },
      // Tick labels with a white outline first, so they stay readable over the lines.
      {
        data: { values: ticks },
        mark: { type: "text", align: "right", dx: -6, fontSize: 10, stroke: "white", strokeWidth: 3, strokeOpacity: 0.9, limit: 110 },
        encoding: { x, y, text: { field: "label" } },
      },
      { data: { values: ticks }, mark: { type: "text", align: "right", dx: -6, fontSize: 10, color: "#222", limit: 110 }, encoding: { x, y, text: { field: "label" } } },
    ],
  } as PlotSpec;
}
