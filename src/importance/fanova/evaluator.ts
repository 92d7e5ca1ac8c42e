/**
 * FanovaImportanceEvaluator: the default importance evaluator. Fits parzen's random forest
 * (64 trees of depth ≤ 64, bootstrap, every feature per split) and reports, per parameter, the
 * mean over trees of (marginal variance of the parameter's encoded columns / the tree's variance).
 * @module
 */
import type { ImportanceData } from "../base.js";
import type { RegressionTree } from "../forest.js";
import { type ForestEvaluatorOptions, ForestImportanceEvaluator } from "../forest-evaluator.js";
import { FanovaTree } from "./tree.js";

/** Options of {@link FanovaImportanceEvaluator}: nTrees (64), maxDepth (64), seed. */
export type FanovaOptions = ForestEvaluatorOptions;

/**
 * fANOVA importance (Hutter et al. 2014), with Optuna's encoding and forest settings.
 * @example
 * ```ts
 * const imp = getParamImportances(study, { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
 * ```
 */
export class FanovaImportanceEvaluator extends ForestImportanceEvaluator {
  /** @throws {InvalidArgumentError} when nTrees or maxDepth is not a positive integer. */
  constructor(options: FanovaOptions = {}) {
    super("FanovaImportanceEvaluator", options);
  }

  protected score(forest: RegressionTree[], data: ImportanceData): number[] {
    const used = forest.map((t) => new FanovaTree(t, data.bounds)).filter((t) => t.variance > 0);
    return data.names.map((_, k) => {
      const cols = data.columns[k] as number[];
      let s = 0;
      for (const t of used) s += t.marginalVariance(cols) / t.variance;
      return used.length > 0 ? s / used.length : 0;
    });
  }
}
