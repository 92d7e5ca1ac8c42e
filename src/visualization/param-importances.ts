/**
 * plotParamImportances: horizontal bars of `getParamImportances`, largest on top, labelled with
 * two decimals ("<0.01" below). A multi-objective study without `target` gets one bar per objective.
 * @module
 */
import { type ImportanceEvaluator } from "../importance/base.js";
import { FanovaImportanceEvaluator } from "../importance/fanova/evaluator.js";
import { getParamImportances } from "../importance/index.js";
import { emptySpec, CONFIG, type PlotSpec, type PlotStudy, title } from "./spec.js";
import type { FrozenTrial } from "../trial/frozen.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link plotParamImportances}. */
export interface ParamImportancesOptions {
  /** Default: fANOVA (as getParamImportances). */
  readonly evaluator?: ImportanceEvaluator;
  readonly params?: readonly string[];
  readonly target?: (trial: FrozenTrial) => number;
  /** Legend/axis name of the target (default "Objective Value"). */
  readonly targetName?: string;
}

/** The data of the plot. */
export interface ParamImportancesInfo {
  /** One series per objective (or one for the target). */
  readonly series: readonly { name: string; importances: readonly { param: string; importance: number; label: string }[] }[];
  readonly evaluatorName: string;
  /** Why there are no bars, when there are none. */
  readonly note?: string;
}

const label = (v: number): string => (v < 0.01 ? "<0.01" : v.toFixed(2));

const PARAM_IMPORTANCES_KEYS = optionKeys<ParamImportancesOptions>({ evaluator: true, params: true, target: true, targetName: true });

/** The plot data (importances normalized to sum 1 per series). */
export function getParamImportancesInfo(study: PlotStudy, options: ParamImportancesOptions = {}): ParamImportancesInfo {
  checkOptionKeys("plotParamImportances", options, PARAM_IMPORTANCES_KEYS);
  const evaluator = options.evaluator ?? new FanovaImportanceEvaluator({ seed: 0 });
  const cls = evaluator.constructor?.name ?? "";
  const names: Record<string, string> = {
    FanovaImportanceEvaluator: "fANOVA",
    MeanDecreaseImpurityImportanceEvaluator: "Mean decrease in impurity",
    PedAnovaImportanceEvaluator: "PED-ANOVA",
  };
  const evaluatorName = names[cls] ?? (cls.replace(/ImportanceEvaluator$/, "") || "custom evaluator");
  const complete = study.getTrials({ states: ["COMPLETE"] });
  if (complete.length < 2) {
    return { series: [], evaluatorName, note: complete.length === 0 ? "No COMPLETE trials yet." : "Importances need at least 2 COMPLETE trials." };
  }
  const targets: { name: string; target?: (t: FrozenTrial) => number }[] =
    options.target !== undefined || study.directions.length === 1
      ? [{ name: options.targetName ?? "Objective Value", ...(options.target ? { target: options.target } : {}) }]
      : study.directions.map((_, i) => ({ name: `Objective ${i}`, target: (t: FrozenTrial) => (t.values as readonly number[])[i] as number }));
  const series = targets.map(({ name, target }) => {
    const imp = getParamImportances(study, {
      evaluator,
      ...(options.params ? { params: options.params } : {}),
      ...(target ? { target } : {}),
    });
    return { name, importances: Object.entries(imp).map(([param, importance]) => ({ param, importance, label: label(importance) })) };
  });
  return { series, evaluatorName };
}

/** The Vega-Lite spec of the importance bars. */
export function plotParamImportances(study: PlotStudy, options: ParamImportancesOptions = {}): PlotSpec {
  return paramImportancesSpec(getParamImportancesInfo(study, options));
}

/** The spec from the data. @internal */
export function paramImportancesSpec(info: ParamImportancesInfo): PlotSpec {
  if (info.series.length === 0 || (info.series[0]?.importances.length ?? 0) === 0) return emptySpec("Hyperparameter Importances", info.note ?? "No parameters to evaluate.");
  const several = info.series.length > 1;
  const values = info.series.flatMap((s) => s.importances.map((i) => ({ ...i, series: s.name })));
  const order = (info.series[0]?.importances ?? []).map((i) => i.param);
  const nParams = order.length;
  const y = { field: "param", type: "nominal", title: null, sort: order, axis: { labelLimit: 220, labelFontSize: 12 } };
  const x = { field: "importance", type: "quantitative", title: "Importance (share of explained variance)", scale: { domain: [0, 1] }, axis: { format: ".0%" } };
  const subtitle = info.note ?? `Evaluator: ${info.evaluatorName}; importances sum to 1${several ? " per objective" : ""}`;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title("Hyperparameter Importances", subtitle),
    config: CONFIG,
    width: 480,
    height: Math.max(40, nParams * (several ? 16 * info.series.length + 8 : 26)),
    data: { values },
    layer: [
      {
        mark: { type: "bar", ...(several ? {} : { color: "#4c78a8" }), cornerRadiusEnd: 2 },
        encoding: {
          y,
          x,
          ...(several ? { yOffset: { field: "series" }, color: { field: "series", type: "nominal", title: null, legend: { orient: "top" } } } : {}),
          tooltip: [{ field: "param", title: "Parameter" }, { field: "importance", title: "Importance", format: ".4f" }, ...(several ? [{ field: "series", title: "Objective" }] : [])],
        },
      },
      {
        mark: { type: "text", align: "left", dx: 4, fontSize: 11, color: "#333" },
        encoding: { y, x, text: { field: "label" }, ...(several ? { yOffset: { field: "series" } } : {}) },
      },
    ],
  } as PlotSpec;
}
