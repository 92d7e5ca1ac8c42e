/**
 * MeanDecreaseImpurityImportanceEvaluator: the same forest as fANOVA; a parameter's importance is
 * the summed mean decrease in impurity of its encoded columns. Fast, but biased toward
 * continuous and high-cardinality parameters, and blind to the search space's volume.
 * @module
 */
import type { ImportanceData } from "./base.js";
import { impurityImportances, type RegressionTree } from "./forest.js";
import { type ForestEvaluatorOptions, ForestImportanceEvaluator } from "./forest-evaluator.js";

/** Options of {@link MeanDecreaseImpurityImportanceEvaluator}: nTrees (64), maxDepth (64), seed. */
export type MeanDecreaseImpurityOptions = ForestEvaluatorOptions;

/**
 * Mean-decrease-impurity importance (scikit-learn's `feature_importances_` of the forest).
 * @example
 * ```ts
 * getParamImportances(study, { evaluator: new MeanDecreaseImpurityImportanceEvaluator({ seed: 0 }) });
 * ```
 */
export class MeanDecreaseImpurityImportanceEvaluator extends ForestImportanceEvaluator {
  /** @throws {InvalidArgumentError} when nTrees or maxDepth is not a positive integer. */
  constructor(options: MeanDecreaseImpurityOptions = {}) {
    super("MeanDecreaseImpurityImportanceEvaluator", options);
  }

  protected score(trees: RegressionTree[], data: ImportanceData): number[] {
    const imp = impurityImportances(trees, data.x.cols);
    return data.names.map((_, k) => {
      let s = 0;
      for (const c of data.columns[k] as number[]) s += imp[c] as number;
      return s;
    });
  }
}
