/**
 * plotEdf: the empirical cumulative distribution of the objective values of one or several
 * studies: x = 100 points evenly spaced between the smallest and largest value over all studies,
 * y = the share of a study's COMPLETE trials with a value ≤ x.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import { uniqueNames } from "./optimization-history.js";
import {
  completeWithTarget,
  CONFIG,
  emptySpec,
  type PlotSpec,
  type PlotStudy,
  resolveTarget,
  type TargetOptions,
  title,
} from "./spec.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** The data of the plot. */
export interface EdfInfo {
  readonly targetName: string;
  /** The 100 x positions (empty without values). */
  readonly xs: readonly number[];
  /** Per study, the cumulative share at each x. */
  readonly lines: readonly { studyName: string; ys: readonly number[]; n: number }[];
}

const EDF_KEYS = optionKeys<TargetOptions>({ target: true, targetName: true });

/** The plot data. @throws {InvalidArgumentError} */
export function getEdfInfo(studyOrStudies: PlotStudy | readonly PlotStudy[], options: TargetOptions = {}): EdfInfo {
  checkOptionKeys("plotEdf", options, EDF_KEYS);
  const studies = Array.isArray(studyOrStudies) ? (studyOrStudies as readonly PlotStudy[]) : [studyOrStudies as PlotStudy];
  if (studies.length === 0) throw new InvalidArgumentError("plotEdf: pass a study or a non-empty array of studies.");
  let targetName = options.targetName ?? "Objective Value";
  const values = studies.map((s) => {
    const r = resolveTarget(s, options, "plotEdf");
    targetName = r.targetName;
    return completeWithTarget(s, r.target).map(([, v]) => v).sort((a, b) => a - b);
  });
  const all = values.flat();
  if (all.length === 0) return { targetName, xs: [], lines: studies.map((s) => ({ studyName: s.studyName, ys: [], n: 0 })) };
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const xs = Array.from({ length: 100 }, (_, i) => (hi > lo ? lo + ((hi - lo) * i) / 99 : lo));
  const lines = studies.map((s, k) => {
    const v = values[k] as number[];
    let j = 0;
    const ys = xs.map((x) => {
      while (j < v.length && (v[j] as number) <= x) j++;
      return v.length ? j / v.length : 0;
    });
    return { studyName: s.studyName, ys, n: v.length };
  });
  return { targetName, xs, lines };
}

/** The Vega-Lite spec of the EDF plot. */
export function plotEdf(studyOrStudies: PlotStudy | readonly PlotStudy[], options: TargetOptions = {}): PlotSpec {
  return edfSpec(getEdfInfo(studyOrStudies, options));
}

/** The spec from the data. @internal */
export function edfSpec(info: EdfInfo): PlotSpec {
  if (info.xs.length === 0) return emptySpec("Empirical Distribution Function", "No COMPLETE trials yet.");
  const several = info.lines.length > 1;
  const names = uniqueNames(info.lines.map((l) => l.studyName));
  const values = info.lines.flatMap((l, k) => l.ys.map((y, i) => ({ x: info.xs[i], y, study: names[k] })));
  const n = info.lines.reduce((a, l) => a + l.n, 0);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title("Empirical Distribution Function", n === 0 ? "No COMPLETE trials yet." : `${n} COMPLETE trial${n === 1 ? "" : "s"}${several ? ` in ${info.lines.length} studies` : ""}`),
    config: CONFIG,
    width: 560,
    height: 300,
    data: { values },
    mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
    encoding: {
      x: { field: "x", type: "quantitative", title: info.targetName, scale: { zero: false, nice: false } },
      y: { field: "y", type: "quantitative", title: "Cumulative Probability", scale: { domain: [0, 1] }, axis: { format: ".0%" } },
      color: { field: "study", type: "nominal", title: "Study", sort: names, legend: several ? { orient: "bottom", columns: 2, labelLimit: 320 } : null },
      tooltip: [{ field: "study", title: "Study" }, { field: "x", title: info.targetName, format: ".4~g" }, { field: "y", title: "share ≤ x", format: ".1%" }],
    },
  } as PlotSpec;
}
