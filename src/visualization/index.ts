/**
 * parzen/visualization: plots as Vega-Lite specs (each with a `get<Plot>Info` returning plain
 * data) and renderers to SVG, PNG and one offline HTML report. Explicit named re-exports only.
 * @module
 */
export type { PlotSpec, PlotStudy, TargetOptions, ParamAxis } from "./spec.js";
export {
  getOptimizationHistoryInfo,
  plotOptimizationHistory,
  type OptimizationHistoryInfo,
  type OptimizationHistoryOptions,
  type HistorySeries,
  type HistoryBand,
} from "./optimization-history.js";
export { getSliceInfo, plotSlice, type SliceInfo, type SliceOptions, type SlicePanel } from "./slice.js";
export {
  getParamImportancesInfo,
  plotParamImportances,
  type ParamImportancesInfo,
  type ParamImportancesOptions,
} from "./param-importances.js";
export {
  getParallelCoordinateInfo,
  plotParallelCoordinate,
  type ParallelCoordinateInfo,
  type ParallelCoordinateOptions,
  type ParallelAxis,
} from "./parallel-coordinate.js";
export { getContourInfo, plotContour, type ContourInfo, type ContourOptions, type ContourPanel, type ContourCell } from "./contour.js";
export type { RangedAxis } from "./pairs.js";
export { getEdfInfo, plotEdf, type EdfInfo } from "./edf.js";
export {
  getIntermediateValuesInfo,
  plotIntermediateValues,
  type IntermediateValuesInfo,
  type IntermediateValuesOptions,
} from "./intermediate-values.js";
export {
  getParetoFrontInfo,
  plotParetoFront,
  type ParetoFrontInfo,
  type ParetoFrontOptions,
  type ParetoPoint,
} from "./pareto-front.js";
export {
  getHypervolumeHistoryInfo,
  plotHypervolumeHistory,
  type HypervolumeHistoryInfo,
} from "./hypervolume-history.js";
export { getTimelineInfo, plotTimeline, type TimelineInfo, type TimelineOptions } from "./timeline.js";
export { getRankInfo, plotRank, type RankInfo, type RankOptions, type RankPanel } from "./rank.js";
export { toSVG } from "./render/svg.js";
export { toPNG, type PNGOptions } from "./render/png.js";
export { toHTML, type HTMLOptions, type HTMLPlot } from "./render/html.js";
export { reportPlots, reportSummary, renderReport, writeReport, type ReportOptions, type ReportPlotsOptions } from "./report.js";
