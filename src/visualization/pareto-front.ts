/**
 * plotParetoFront: the objective values of a multi-objective study: Pareto-optimal trials on a
 * red scale by trial number, dominated ones on a blue scale, infeasible ones grey. Two objectives:
 * one scatter; three: the three pairwise projections; otherwise pass `targets` (2 or 3 numbers).
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import { minimizedKey, splitFront } from "../core/pareto.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { StudyDirection } from "../trial/state.js";
import { emptySpec, CONFIG, isFeasible, type PlotSpec, type PlotStudy, pointStyle, title } from "./spec.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link plotParetoFront}. */
export interface ParetoFrontOptions {
  /** Axis names (default "Objective 0", "Objective 1", …). */
  readonly targetNames?: readonly string[];
  /** Draw dominated trials too (default true). */
  readonly includeDominatedTrials?: boolean;
  /** Maps a trial to the 2 or 3 numbers to plot (required unless the study has 2 or 3 objectives). */
  readonly targets?: (trial: FrozenTrial) => readonly number[];
}

/** One point. */
export interface ParetoPoint {
  readonly number: number;
  readonly values: readonly number[];
}

/** The data of the plot. */
export interface ParetoFrontInfo {
  readonly targetNames: readonly string[];
  readonly best: readonly ParetoPoint[];
  readonly dominated: readonly ParetoPoint[];
  readonly infeasible: readonly ParetoPoint[];
}

const PARETO_FRONT_KEYS = optionKeys<ParetoFrontOptions>({ targetNames: true, includeDominatedTrials: true, targets: true });

/** The plot data. @throws {InvalidArgumentError} single objective; not 2 or 3 targets. */
export function getParetoFrontInfo(study: PlotStudy, options: ParetoFrontOptions = {}): ParetoFrontInfo {
  checkOptionKeys("plotParetoFront", options, PARETO_FRONT_KEYS);
  const nObj = study.directions.length;
  if (options.targets === undefined && nObj === 1) {
    throw new InvalidArgumentError("plotParetoFront: the study has a single objective; use plotOptimizationHistory, or pass `targets`.");
  }
  if (options.targets === undefined && nObj > 3) {
    throw new InvalidArgumentError(`plotParetoFront: the study has ${nObj} objectives; pass \`targets\` mapping a trial to 2 or 3 of them.`);
  }
  const targets = options.targets ?? ((t: FrozenTrial) => t.values as readonly number[]);
  const rows: ParetoPoint[] = [];
  const infeasible: ParetoPoint[] = [];
  let dims = -1;
  for (const t of study.getTrials({ states: ["COMPLETE"] })) {
    const v = [...targets(t)];
    if (dims < 0) dims = v.length;
    if (v.length !== dims || (dims !== 2 && dims !== 3)) {
      throw new InvalidArgumentError(`plotParetoFront: \`targets\` must return 2 or 3 numbers for every trial, got ${v.length}.`);
    }
    if (!v.every(Number.isFinite)) continue;
    (isFeasible(t) ? rows : infeasible).push({ number: t.number, values: v });
  }
  if (dims < 0) dims = options.targets ? 2 : nObj;
  const directions: StudyDirection[] = options.targets ? Array(dims).fill("minimize") : [...study.directions];
  const names = options.targetNames ?? Array.from({ length: dims }, (_, i) => `Objective ${i}`);
  if (names.length !== dims) throw new InvalidArgumentError(`plotParetoFront: \`targetNames\` must have ${dims} names.`);
  const { front: best, dominated } = splitFront(
    rows,
    (p) => minimizedKey(p.values, directions),
    (a, b) => a.number - b.number,
  );
  const byNumber = (a: ParetoPoint, b: ParetoPoint): number => a.number - b.number;
  return {
    targetNames: names,
    best: best.sort(byNumber),
    dominated: options.includeDominatedTrials === false ? [] : dominated.sort(byNumber),
    infeasible: options.includeDominatedTrials === false ? [] : infeasible,
  };
}

/** The Vega-Lite spec of the Pareto front. */
export function plotParetoFront(study: PlotStudy, options: ParetoFrontOptions = {}): PlotSpec {
  return paretoFrontSpec(getParetoFrontInfo(study, options));
}

/** The spec from the data. @internal */
export function paretoFrontSpec(info: ParetoFrontInfo): PlotSpec {
  if (info.best.length + info.dominated.length + info.infeasible.length === 0) return emptySpec("Pareto-front Plot", "No COMPLETE trials yet.");
  const dims = info.targetNames.length;
  const pairs: [number, number][] = dims === 2 ? [[0, 1]] : [[0, 1], [0, 2], [1, 2]];
  // `front` repeats the trial number of Pareto-optimal trials: a field of its own keeps Vega-Lite
  // from merging the red and the blue legends into one.
  const rows = (pts: readonly ParetoPoint[], kind: string): Record<string, unknown>[] =>
    pts.map((p) => ({
      number: p.number,
      ...(kind === "Pareto front" ? { front: p.number } : {}),
      kind,
      ...Object.fromEntries(p.values.map((v, i) => [`v${i}`, v])),
    }));
  const values = [...rows(info.infeasible, "Infeasible"), ...rows(info.dominated, "Dominated"), ...rows(info.best, "Pareto front")];
  const n = values.length;
  const style = pointStyle(n);
  const size = dims === 2 ? 440 : 260;
  const byNumber = (field: string, t: string, scheme: string, extent: [number, number]): Record<string, unknown> => ({
    field,
    type: "quantitative",
    title: t,
    scale: { scheme: { name: scheme, extent } },
    legend: { format: "d", orient: "right" },
  });
  const panel = ([a, b]: [number, number]): Record<string, unknown> => {
    const x = { field: `v${a}`, type: "quantitative", title: info.targetNames[a], scale: { zero: false } };
    const y = { field: `v${b}`, type: "quantitative", title: info.targetNames[b], scale: { zero: false } };
    const tip = [{ field: "number", title: "Trial" }, { field: "kind", title: "Kind" }, ...info.targetNames.map((t, i) => ({ field: `v${i}`, title: t, format: ".6~g" }))];
    // Dominated trials are coloured through `color` and the front through `fill`: two channels,
    // so two scales that every panel shares (one legend each) without any resolve.
    const layer = (kind: string, colour: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      transform: [{ filter: { field: "kind", equal: kind } }],
      mark: { type: "point", filled: true, size: style.size, opacity: style.opacity, ...extra },
      encoding: { x, y, ...colour, tooltip: tip },
    });
    return {
      width: size,
      height: size,
      layer: [
        ...(info.infeasible.length ? [layer("Infeasible", { color: { value: "#cccccc" } })] : []),
        ...(info.dominated.length ? [layer("Dominated", { color: byNumber("number", "Trial (dominated)", "blues", [0.25, 0.9]) })] : []),
        layer("Pareto front", { fill: byNumber("front", "Trial (Pareto front)", "reds", [0.35, 1]) }, {
          size: Math.max(style.size, 40),
          opacity: 1,
          stroke: "#333",
          strokeWidth: 0.5,
        }),
      ],
    };
  };
  const subtitle = `${info.best.length} Pareto-optimal of ${n} trials${info.infeasible.length ? `; ${info.infeasible.length} infeasible (grey)` : ""}`;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title("Pareto-front Plot", subtitle),
    config: CONFIG,
    data: { values },
    ...(pairs.length === 1 ? panel(pairs[0] as [number, number]) : { hconcat: pairs.map(panel) }),
  } as PlotSpec;
}
