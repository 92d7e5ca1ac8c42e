/**
 * The study report: every plot that applies to a study, a summary table, in one offline HTML
 * page (`renderReport`, or `writeReport` to a file). Plots that do not apply (a contour plot with
 * one parameter, a Pareto front of a single objective, …) are listed with the reason.
 * @module
 */
import { writeFile } from "node:fs/promises";
import { fmt, type PlotStudy } from "./spec.js";
import { toHTML, type HTMLPlot } from "./render/html.js";
import { plotOptimizationHistory } from "./optimization-history.js";
import { plotSlice } from "./slice.js";
import { plotParamImportances } from "./param-importances.js";
import { plotParallelCoordinate } from "./parallel-coordinate.js";
import { plotContour } from "./contour.js";
import { plotEdf } from "./edf.js";
import { plotIntermediateValues } from "./intermediate-values.js";
import { plotParetoFront } from "./pareto-front.js";
import { plotTimeline } from "./timeline.js";
import { plotRank } from "./rank.js";
import type { FrozenTrial } from "../trial/frozen.js";
import { TRIAL_STATES } from "../trial/state.js";
import type { PlotSpec } from "./spec.js";
import type { StudyView } from "../core/study-view.js";

/** Options of {@link renderReport} and {@link writeReport}. */
export interface ReportOptions {
  /** Page title (default: "parzen report: <study name>"). */
  readonly title?: string;
}

/** Options of {@link reportPlots}. */
export interface ReportPlotsOptions {
  /**
   * Parameters drawn in the slice, parallel-coordinate, contour and rank plots (default: all).
   * Names no COMPLETE trial has are ignored.
   */
  readonly params?: readonly string[];
}

/** The plots of a study's report, and notes on the ones left out. */
export function reportPlots(study: PlotStudy, options: ReportPlotsOptions = {}): { plots: HTMLPlot[]; notes: string[] } {
  const plots: HTMLPlot[] = [];
  const notes: string[] = [];
  const multi = study.directions.length > 1;
  const target = multi ? { target: (t: FrozenTrial) => (t.values as readonly number[])[0] as number, targetName: "Objective 0" } : {};
  const complete = study.getTrials({ states: ["COMPLETE"] });
  const all = new Set(complete.flatMap((t) => Object.keys(t.params)));
  const chosen = options.params?.filter((p) => all.has(p));
  const params = chosen === undefined ? all : new Set(chosen);
  const pick = chosen === undefined ? {} : { params: chosen };
  const none = all.size === 0 ? "the trials have no parameters." : "no parameter is selected.";
  const add = (name: string, make: () => PlotSpec, skip?: string): void => {
    if (skip) {
      notes.push(`${name}: ${skip}`);
      return;
    }
    try {
      plots.push({ title: name, spec: make() });
    } catch (e) {
      notes.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  if (multi) add("Pareto front", () => plotParetoFront(study), study.directions.length > 3 ? "more than 3 objectives; call plotParetoFront with `targets`." : undefined);
  add("Optimization history", () => plotOptimizationHistory(study, target));
  add("Hyperparameter importances", () => plotParamImportances(study), complete.length < 2 ? "needs at least 2 COMPLETE trials." : all.size === 0 ? "the trials have no parameters." : undefined);
  add("Slice", () => plotSlice(study, { ...target, ...pick }), params.size === 0 ? none : undefined);
  add("Parallel coordinates", () => plotParallelCoordinate(study, { ...target, ...pick }), params.size === 0 ? none : undefined);
  add("Contour", () => plotContour(study, { ...target, ...pick }), params.size < 2 ? "needs at least 2 parameters." : undefined);
  add("Rank", () => plotRank(study, { ...target, ...pick }), params.size === 0 ? none : undefined);
  add("Empirical distribution", () => plotEdf(study, target));
  const withSteps = study.getTrials().some((t) => Object.keys(t.intermediateValues).length > 0);
  add("Intermediate values", () => plotIntermediateValues(study), withSteps ? undefined : "no trial reported intermediate values.");
  add("Timeline", () => plotTimeline(study));
  return { plots, notes };
}

/** The summary rows: name, directions, trial counts, best value and parameters (plain text). */
export function reportSummary(study: PlotStudy & Partial<Pick<StudyView, "userAttrs">>): [string, string][] {
  const trials = study.getTrials();
  const rows: [string, string][] = [
    ["Study", study.studyName],
    ["Direction", study.directions.join(", ")],
    ["Trials", `${trials.length} (${TRIAL_STATES.map((s) => [s, trials.filter((t) => t.state === s).length] as const).filter(([, c]) => c > 0).map(([s, c]) => `${c} ${s}`).join(", ") || "none"})`],
  ];
  const complete = trials.filter((t) => t.state === "COMPLETE" && t.values !== undefined);
  if (study.directions.length === 1 && complete.length > 0) {
    const s = study.directions[0] === "maximize" ? -1 : 1;
    const best = complete.reduce((a, b) => (s * (b.value as number) < s * (a.value as number) ? b : a));
    rows.push(["Best value", `${fmt(best.value as number)} (trial #${best.number})`]);
    rows.push(["Best parameters", Object.entries(best.params).map(([k, v]) => `${k} = ${typeof v === "number" ? fmt(v) : String(v)}`).join(", ") || "—"]);
  }
  for (const [k, v] of Object.entries(study.userAttrs ?? {})) rows.push([`User attribute ${k}`, JSON.stringify(v)]);
  rows.push(["Generated", `${new Date().toISOString()} by parzen`]);
  return rows;
}

/** One offline HTML page with every applicable plot of the study. */
export function renderReport(study: PlotStudy & Partial<Pick<StudyView, "userAttrs">>, options: ReportOptions = {}): string {
  const { plots, notes } = reportPlots(study);
  return toHTML(plots, { title: options.title ?? `parzen report: ${study.studyName}`, summary: reportSummary(study), notes: notes.map((n) => `Not drawn — ${n}`) });
}

/**
 * Writes {@link renderReport} to a file.
 * @example
 * ```ts
 * await writeReport(study, "reports/study.html");
 * ```
 */
export async function writeReport(study: PlotStudy & Partial<Pick<StudyView, "userAttrs">>, file: string, options: ReportOptions = {}): Promise<void> {
  await writeFile(file, renderReport(study, options), "utf8");
}
