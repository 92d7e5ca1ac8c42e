/**
 * plotIntermediateValues: the learning curves, one line per trial (COMPLETE, PRUNED or RUNNING)
 * of its reported (step, value), coloured by trial number; pruned trials dashed. More than
 * `maxTrials` trials: an evenly spaced subset, said in the subtitle.
 * @module
 */
import type { TrialState } from "../trial/state.js";
import { emptySpec, CONFIG, type PlotSpec, type PlotStudy, title, TRIAL_COLOR_SCALE } from "./spec.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link plotIntermediateValues}. */
export interface IntermediateValuesOptions {
  /** Most curves drawn (default 500). */
  readonly maxTrials?: number;
}

/** The data of the plot. */
export interface IntermediateValuesInfo {
  readonly curves: readonly { number: number; state: TrialState; points: readonly { step: number; value: number }[] }[];
  /** Trials with intermediate values (before the cap). */
  readonly nEligible: number;
}

const INTERMEDIATE_VALUES_KEYS = optionKeys<IntermediateValuesOptions>({ maxTrials: true });

/** The plot data. */
export function getIntermediateValuesInfo(study: PlotStudy, options: IntermediateValuesOptions = {}): IntermediateValuesInfo {
  checkOptionKeys("plotIntermediateValues", options, INTERMEDIATE_VALUES_KEYS);
  const all = study
    .getTrials({ states: ["COMPLETE", "PRUNED", "RUNNING"] })
    .map((t) => ({
      number: t.number,
      state: t.state,
      points: Object.entries(t.intermediateValues)
        .map(([s, v]) => ({ step: Number(s), value: v }))
        .filter((p) => Number.isFinite(p.value))
        .sort((a, b) => a.step - b.step),
    }))
    .filter((c) => c.points.length > 0);
  const max = options.maxTrials ?? 500;
  let curves = all;
  if (all.length > max) {
    const step = all.length / max;
    curves = Array.from({ length: max }, (_, i) => all[Math.floor(i * step)] as (typeof all)[number]);
  }
  return { curves, nEligible: all.length };
}

/** The Vega-Lite spec of the intermediate values. */
export function plotIntermediateValues(study: PlotStudy, options: IntermediateValuesOptions = {}): PlotSpec {
  return intermediateValuesSpec(getIntermediateValuesInfo(study, options));
}

/** The spec from the data. @internal */
export function intermediateValuesSpec(info: IntermediateValuesInfo): PlotSpec {
  if (info.curves.length === 0) return emptySpec("Intermediate Values", "No trial has reported intermediate values.");
  const values = info.curves.flatMap((c) => c.points.map((p) => ({ number: c.number, state: c.state, step: p.step, value: p.value })));
  const n = info.curves.length;
  const few = values.length <= 2000;
  const states = [...new Set(info.curves.map((c) => c.state))].sort();
  const subtitle =
    n === 0
      ? "No trial has reported intermediate values."
      : `${n < info.nEligible ? `${n} of ${info.nEligible} trials shown (evenly spaced)` : `${n} trial${n === 1 ? "" : "s"}`}; ` +
        `colour = trial number${states.includes("PRUNED") ? ", dashed = pruned" : ""}`;
  const enc = {
    x: { field: "step", type: "quantitative", title: "Step", axis: { tickMinStep: 1 } },
    y: { field: "value", type: "quantitative", title: "Intermediate Value", scale: { zero: false } },
    color: { field: "number", type: "quantitative", title: "Trial", scale: TRIAL_COLOR_SCALE, legend: { format: "d" } },
    detail: { field: "number", type: "nominal" },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title("Intermediate Values", subtitle),
    config: CONFIG,
    width: 560,
    height: 320,
    data: { values },
    layer: [
      {
        mark: { type: "line", strokeWidth: n > 200 ? 1 : 1.5, opacity: n > 200 ? 0.5 : 0.85 },
        encoding: {
          ...enc,
          strokeDash: { field: "state", type: "nominal", title: "State", scale: { domain: states, range: states.map((st) => (st === "PRUNED" ? [4, 3] : st === "RUNNING" ? [1, 2] : [1, 0])) } },
        },
      },
      ...(few
        ? [
            {
              mark: { type: "point", filled: true, size: 18 },
              encoding: {
                ...enc,
                tooltip: [
                  { field: "number", title: "Trial" },
                  { field: "state", title: "State" },
                  { field: "step", title: "Step" },
                  { field: "value", title: "Value", format: ".6~g" },
                ],
              },
            },
          ]
        : []),
    ],
  } as PlotSpec;
}
