/**
 * plotHypervolumeHistory: the hypervolume of the feasible Pareto front after each COMPLETE
 * trial (lines and points), from {@link getHypervolumeHistory}.
 * @module
 */
import { getHypervolumeHistory, type HypervolumePoint } from "../study/hypervolume-history.js";
import { CONFIG, emptySpec, type PlotSpec, type PlotStudy, title } from "./spec.js";

/** The data of the plot. */
export interface HypervolumeHistoryInfo {
  readonly referencePoint: readonly number[];
  readonly points: readonly HypervolumePoint[];
}

/** The plot data; `referencePoint` in the study's directions. @throws {InvalidArgumentError} */
export function getHypervolumeHistoryInfo(study: PlotStudy, referencePoint: readonly number[]): HypervolumeHistoryInfo {
  return { referencePoint: [...referencePoint], points: getHypervolumeHistory(study, referencePoint) };
}

/** The Vega-Lite spec of the hypervolume history. */
export function plotHypervolumeHistory(study: PlotStudy, referencePoint: readonly number[]): PlotSpec {
  return hypervolumeHistorySpec(getHypervolumeHistoryInfo(study, referencePoint));
}

/** The spec from the data. @internal */
export function hypervolumeHistorySpec(info: HypervolumeHistoryInfo): PlotSpec {
  if (info.points.length === 0) return emptySpec("Hypervolume History Plot", "No COMPLETE trials yet.");
  const last = info.points[info.points.length - 1] as HypervolumePoint;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title("Hypervolume History Plot", `${info.points.length} COMPLETE trials; reference point [${info.referencePoint.join(", ")}]; final ${last.hypervolume.toPrecision(5)}`),
    config: CONFIG,
    width: 560,
    height: 300,
    data: { values: info.points.map((p) => ({ number: p.number, hypervolume: p.hypervolume })) },
    mark: { type: "line", point: true, interpolate: "step-after", strokeWidth: 2 },
    encoding: {
      x: { field: "number", type: "quantitative", title: "Trial" },
      y: { field: "hypervolume", type: "quantitative", title: "Hypervolume", scale: { zero: false } },
      tooltip: [{ field: "number", title: "Trial" }, { field: "hypervolume", title: "Hypervolume", format: ".5~g" }],
    },
  } as PlotSpec;
}
