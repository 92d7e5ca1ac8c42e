/**
 * PED-ANOVA (Watanabe, Bansal & Hutter 2023, "PED-ANOVA: Efficiently Quantifying Hyperparameter
 * Importance in Arbitrary Subspaces", IJCAI, arXiv:2304.10255): the importance of a parameter is
 * the Pearson χ² divergence between its density among the top trials (the best `targetQuantile`)
 * and its density in the region (the best `regionQuantile`, all trials by default), each a 1-D
 * Parzen estimator on a grid of at most 50 points, scaled by (|top|/|region|)². Linear in the
 * number of trials, no model to fit: it answers "what do the good trials have in common".
 * @module
 */
import { distributionContains } from "../../distributions/ops.js";
import { own, setOwn } from "../../core/own.js";
import type { Distribution } from "../../distributions/types.js";
import { checkOptionKeys, optionKeys } from "../../core/option-keys.js";
import { InvalidArgumentError } from "../../errors.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import { pedAnovaCustomTarget, pedAnovaRegionUnused } from "../../messages.js";
import { warn } from "../../warnings.js";
import { type EvaluateOptions, evaluatedDistributions, type ImportanceEvaluator, type ImportanceStudy, resolveTarget } from "../base.js";
import { categoricalDensity, numericDensity } from "./parzen.js";

const N_STEPS = 50;
const EPS = 1e-12;

/** Options of {@link PedAnovaImportanceEvaluator}. */
export interface PedAnovaOptions {
  /** The share of best trials whose density is compared (default 0.1). */
  readonly targetQuantile?: number;
  /** The share of best trials that forms the region (default 1: all trials). */
  readonly regionQuantile?: number;
  /** Compare with the region's density (default true); false compares with the uniform density. */
  readonly evaluateOnLocal?: boolean;
}

/** The grid index of each value of one parameter, and the grid size. */
function gridOf(d: Distribution, values: readonly number[] | readonly unknown[]): { size: number; index: Int32Array } {
  const index = new Int32Array(values.length);
  if (d.type === "categorical") {
    values.forEach((v, i) => (index[i] = d.choices.findIndex((c) => Object.is(c, v))));
    return { size: d.choices.length, index };
  }
  let size = N_STEPS;
  if (d.type === "int" && d.log) size = Math.min(N_STEPS, Math.ceil(Math.log2(d.high - d.low + 1)) + 1);
  else if (d.step !== null) size = Math.min(N_STEPS, Math.round((d.high - d.low) / d.step) + 1);
  const lo = d.log ? Math.log(d.low) : d.low;
  const hi = d.log ? Math.log(d.high) : d.high;
  const delta = size > 1 ? (hi - lo) / (size - 1) : 1;
  values.forEach((v, i) => {
    const t = d.log ? Math.log(v as number) : (v as number);
    index[i] = size > 1 ? Math.min(Math.max(Math.ceil((t - lo) / delta - 0.5), 0), size - 1) : 0;
  });
  return { size, index };
}

/** The losses' cutoff for the best `q` share: the ⌈q·N⌉-th smallest (at least the 2nd). */
function cutoff(sortedLosses: readonly number[], q: number): number {
  const k = Math.min(sortedLosses.length, Math.max(2, Math.ceil(q * sortedLosses.length)));
  return sortedLosses[k - 1]!;
}

/** Pearson-divergence importance of the top trials against the region. */
export class PedAnovaImportanceEvaluator implements ImportanceEvaluator {
  readonly targetQuantile: number;
  readonly regionQuantile: number;
  readonly evaluateOnLocal: boolean;

  /** @throws {InvalidArgumentError} unless 0 < targetQuantile < regionQuantile ≤ 1. */
  constructor(options: PedAnovaOptions = {}) {
    checkOptionKeys("new PedAnovaImportanceEvaluator", options, optionKeys<PedAnovaOptions>({ targetQuantile: true, regionQuantile: true, evaluateOnLocal: true }));
    this.targetQuantile = options.targetQuantile ?? 0.1;
    this.regionQuantile = options.regionQuantile ?? 1;
    this.evaluateOnLocal = options.evaluateOnLocal ?? true;
    if (!(this.targetQuantile > 0 && this.targetQuantile < this.regionQuantile && this.regionQuantile <= 1)) {
      throw new InvalidArgumentError(
        `PedAnovaImportanceEvaluator: 0 < targetQuantile < regionQuantile <= 1 must hold, got targetQuantile=${this.targetQuantile}, ` +
          `regionQuantile=${this.regionQuantile}.`,
      );
    }
    if (this.regionQuantile !== 1 && !this.evaluateOnLocal) {
      warn(pedAnovaRegionUnused());
    }
  }

  evaluate(study: ImportanceStudy, options: EvaluateOptions = {}): Record<string, number> {
    const target = resolveTarget(study, options.target);
    if (options.target !== undefined) {
      warn(pedAnovaCustomTarget());
    }
    const sign = options.target === undefined && study.directions[0] === "maximize" ? -1 : 1;
    const complete = study.getTrials({ states: ["COMPLETE"] });
    const dists = evaluatedDistributions(complete, options.params);
    const rows: FrozenTrial[] = [];
    const losses: number[] = [];
    for (const t of complete) {
      if (![...dists].every(([n, d]) => Object.hasOwn(t.params, n) && distributionContains(d, own(t.params, n) ?? null))) continue;
      const v = target(t);
      if (typeof v !== "number" || !Number.isFinite(v)) continue;
      rows.push(t);
      losses.push(sign * v);
    }
    const out: Record<string, number> = {};
    for (const name of dists.keys()) setOwn(out, name, 0);
    if (rows.length <= 2) return out;
    const sorted = [...losses].sort((a, b) => a - b);
    const topCut = cutoff(sorted, this.targetQuantile);
    const regionCut = cutoff(sorted, this.regionQuantile);
    const inTop = losses.map((l) => l <= topCut);
    const inRegion = losses.map((l) => l <= regionCut);
    const nTop = inTop.filter(Boolean).length;
    const nRegion = inRegion.filter(Boolean).length;
    const scale = (nTop / nRegion) ** 2;
    for (const [name, d] of dists) {
      if (d.type === "categorical" ? d.choices.length < 2 : d.low === d.high) continue;
      const { size, index } = gridOf(d, rows.map((t) => own(t.params, name) as number));
      const top = new Float64Array(size);
      const region = new Float64Array(size);
      for (let i = 0; i < rows.length; i++) {
        if (inTop[i]) top[index[i]!] = top[index[i]!]! + 1;
        if (inRegion[i]) region[index[i]!] = region[index[i]!]! + 1;
      }
      const density = d.type === "categorical" ? categoricalDensity : numericDensity;
      const pt = density(top);
      const pr = this.evaluateOnLocal ? density(region) : new Float64Array(size).fill(1 / size);
      let div = 0;
      for (let g = 0; g < size; g++) {
        const a = pt[g]! + EPS;
        const b = pr[g]! + EPS;
        div += b * (a / b - 1) ** 2;
      }
      setOwn(out, name, scale * div);
    }
    return out;
  }
}
