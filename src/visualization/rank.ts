/**
 * plotRank: like the contour plot's layout, but a scatter per parameter pair whose colours encode
 * the rank of each trial's objective (red-yellow-blue, blue = lowest value), with a colour bar
 * labelled by the values at the quantiles. One parameter: x = the parameter, y = the objective.
 * @module
 */
import type { FrozenTrial } from "../trial/frozen.js";
import { pairEncoding, pairFields, pairLayout, pairSize, type RangedAxis, rangedAxis } from "./pairs.js";
import {
  allParamNames,
  bestRow,
  completeWithTarget,
  CONFIG,
  emptySpec,
  fmt,
  isFeasible,
  paramAxis,
  type PlotSpec,
  type PlotStudy,
  pointStyle,
  resolveTarget,
  selectParams,
  subsample,
  type TargetOptions,
  title,
} from "./spec.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link plotRank}. */
export interface RankOptions extends TargetOptions {
  readonly params?: readonly string[];
  /** Most points per panel (default 1500): an evenly spaced subset plus the best trial. Ranks use every trial. */
  readonly maxPoints?: number;
}

/** One pair panel (or, with one parameter, the parameter against the objective). */
export interface RankPanel {
  readonly x: RangedAxis;
  readonly y: RangedAxis | null;
  /** rank in [0, 1] over the plotted trials (0 = lowest value); infeasible trials have rank null. */
  readonly points: readonly { number: number; value: number; rank: number | null; x?: number; xc?: string; y?: number; yc?: string }[];
}

/** The data of the plot. */
export interface RankInfo {
  readonly targetName: string;
  readonly params: readonly string[];
  /** panels[i][j]: y = params[i], x = params[j] (diagonal null); one parameter: panels[0][0]. */
  readonly panels: readonly (readonly (RankPanel | null)[])[];
  /** Objective values at ranks 0, 0.25, 0.5, 0.75, 1. */
  readonly quantiles: readonly { rank: number; value: number }[];
  /** COMPLETE trials with a finite target (before the cap). */
  readonly nTrials: number;
  readonly maxPoints: number;
}

function ranks(values: readonly number[]): number[] {
  const idx = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const r = new Array<number>(values.length);
  const d = Math.max(1, values.length - 1);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && values[idx[j + 1] as number] === values[idx[i] as number]) j++;
    for (let k = i; k <= j; k++) r[idx[k] as number] = (i + j) / 2 / d;
    i = j + 1;
  }
  return r;
}

const RANK_KEYS = optionKeys<RankOptions>({ target: true, targetName: true, params: true, maxPoints: true });

/** The plot data. @throws {InvalidArgumentError} */
export function getRankInfo(study: PlotStudy, options: RankOptions = {}): RankInfo {
  checkOptionKeys("plotRank", options, RANK_KEYS);
  const r = resolveTarget(study, options, "plotRank");
  const rows = completeWithTarget(study, r.target);
  const params = selectParams("plotRank", options.params, allParamNames(study.getTrials({ states: ["COMPLETE"] })));
  const feasible = rows.filter(([t]) => isFeasible(t));
  const rk = ranks(feasible.map(([, v]) => v));
  const rankOf = new Map<FrozenTrial, number>(feasible.map(([t], i) => [t, rk[i] as number]));
  const sortedVals = feasible.map(([, v]) => v).sort((a, b) => a - b);
  const quantiles = sortedVals.length
    ? [0, 0.25, 0.5, 0.75, 1].map((q) => ({ rank: q, value: sortedVals[Math.round(q * (sortedVals.length - 1))] as number }))
    : [];
  const trials = rows.map(([t]) => t);
  const axes = params.map((p) => paramAxis(p, trials));
  const maxPoints = options.maxPoints ?? 1500;
  const drawn = subsample(rows, maxPoints, bestRow(rows, r.lowerIsBetter));
  const point = (t: FrozenTrial, value: number, extra: Record<string, unknown>): RankPanel["points"][number] => ({ number: t.number, value, rank: rankOf.get(t) ?? null, ...extra });
  let panels: (RankPanel | null)[][];
  if (params.length === 1) {
    const name = params[0] as string;
    const sub = drawn.filter(([t]) => Object.hasOwn(t.params, name));
    const ax = rangedAxis(axes[0] as ReturnType<typeof paramAxis>, sub.map(([t]) => t));
    panels = [[{ x: ax, y: null, points: sub.map(([t, v]) => point(t, v, { ...pairFields(ax, ax, t), y: v })) }]];
  } else {
    panels = params.map((py, i) =>
      params.map((px, j) => {
        if (i === j) return null;
        const sub = drawn.filter(([t]) => Object.hasOwn(t.params, px) && Object.hasOwn(t.params, py));
        const ts = sub.map(([t]) => t);
        const ax = rangedAxis(axes[j] as ReturnType<typeof paramAxis>, ts);
        const ay = rangedAxis(axes[i] as ReturnType<typeof paramAxis>, ts);
        return { x: ax, y: ay, points: sub.map(([t, v]) => point(t, v, pairFields(ax, ay, t))) };
      }),
    );
  }
  return { targetName: r.targetName, params, panels, quantiles, nTrials: rows.length, maxPoints };
}

/** The Vega-Lite spec of the rank plot. */
export function plotRank(study: PlotStudy, options: RankOptions = {}): PlotSpec {
  return rankSpec(getRankInfo(study, options));
}

/** The spec from the data. @internal */
export function rankSpec(info: RankInfo): PlotSpec {
  if (info.nTrials === 0 || info.params.length === 0) return emptySpec("Rank Plot", info.params.length === 0 && info.nTrials > 0 ? "The trials have no parameters." : "No COMPLETE trials yet.");
  const n = info.params.length;
  const size = n === 1 ? 420 : pairSize(n);
  const style = pointStyle(Math.min(info.nTrials, info.maxPoints));
  // Colour-bar labels: the objective value at each quantile (numbers only in the expression).
  const labelExpr = info.quantiles.length
    ? info.quantiles
        .slice(0, -1)
        .map((q) => `datum.value <= ${q.rank + 0.01} ? ${JSON.stringify(fmt(q.value))} : `)
        .join("") + JSON.stringify(fmt((info.quantiles[info.quantiles.length - 1] as { value: number }).value))
    : "''";
  const color = {
    condition: { test: "datum.rank == null", value: "#cccccc" },
    field: "rank",
    type: "quantitative",
    title: info.targetName,
    scale: { scheme: "redyellowblue", reverse: true, domain: [0, 1] },
    legend: { values: [0, 0.25, 0.5, 0.75, 1], labelExpr, gradientLength: Math.min(200, Math.max(120, size)) },
  };
  const tip = [{ field: "number", title: "Trial" }, { field: "value", title: info.targetName, format: ".6~g" }];
  const panel = (i: number, j: number): Record<string, unknown> => {
    const p = info.panels[i]?.[j] as RankPanel;
    const ye = p.y === null ? { field: "y", type: "quantitative", title: info.targetName, scale: { zero: false } } : pairEncoding(p.y, "y");
    return {
      width: size,
      height: size,
      data: { values: p.points },
      mark: { type: "point", filled: true, size: style.size, opacity: Math.max(style.opacity, 0.6), stroke: "#555", strokeWidth: Math.min(info.nTrials, info.maxPoints) > 500 ? 0 : 0.4 },
      encoding: { x: pairEncoding(p.x, "x"), y: ye, color, tooltip: tip },
    };
  };
  const body = n === 0 ? { data: { values: [] }, mark: "point", width: 300, height: 100 } : n === 1 ? panel(0, 0) : pairLayout(info.params, panel, size);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title(
      "Rank Plot",
      `${info.nTrials} COMPLETE trials${info.nTrials > info.maxPoints ? ` (${info.maxPoints} shown, evenly spaced, with the best)` : ""}; ` +
        `colour = rank of ${info.targetName} (blue = lowest)`,
    ),
    config: CONFIG,
    ...body,
    ...(n > 2 ? { resolve: { scale: { color: "shared" } } } : {}),
  } as PlotSpec;
}

