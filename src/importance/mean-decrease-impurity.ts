/**
 * MeanDecreaseImpurityImportanceEvaluator: the same forest as fANOVA; a parameter's importance is
 * the summed mean decrease in impurity of its encoded columns. Fast, but biased toward
 * continuous and high-cardinality parameters, and blind to the search space's volume.
 * @module
 */
import { Rng } from "../random/rng.js";
import { type EvaluateOptions, type ImportanceEvaluator, type ImportanceStudy, prepareImportanceData } from "./base.js";
import { checkPositiveInt, type FanovaOptions } from "./fanova/evaluator.js";
import { fitForest, impurityImportances } from "./forest.js";

/** Options of {@link MeanDecreaseImpurityImportanceEvaluator}: nTrees (64), maxDepth (64), seed. */
export type MeanDecreaseImpurityOptions = FanovaOptions;

/**
 * Mean-decrease-impurity importance (scikit-learn's `feature_importances_` of the forest).
 * @example
 * ```ts
 * getParamImportances(study, { evaluator: new MeanDecreaseImpurityImportanceEvaluator({ seed: 0 }) });
 * ```
 */
export class MeanDecreaseImpurityImportanceEvaluator implements ImportanceEvaluator {
  readonly nTrees: number;
  readonly maxDepth: number;
  private readonly seed: number | string | undefined;

  /** @throws {InvalidArgumentError} when nTrees or maxDepth is not a positive integer. */
  constructor(options: MeanDecreaseImpurityOptions = {}) {
    this.nTrees = checkPositiveInt("MeanDecreaseImpurityImportanceEvaluator", "nTrees", options.nTrees ?? 64);
    this.maxDepth = checkPositiveInt("MeanDecreaseImpurityImportanceEvaluator", "maxDepth", options.maxDepth ?? 64);
    this.seed = options.seed;
  }

  evaluate(study: ImportanceStudy, options: EvaluateOptions = {}): Record<string, number> {
    const data = prepareImportanceData(study, options);
    const out: Record<string, number> = {};
    for (const s of data.singles) out[s] = 0;
    if (data.names.length === 0) return out;
    if (data.x.rows < 2) {
      for (const n of data.names) out[n] = 0;
      return out;
    }
    const trees = fitForest(data.x, data.y, { nTrees: this.nTrees, maxDepth: this.maxDepth }, new Rng(this.seed));
    const imp = impurityImportances(trees, data.x.cols);
    data.names.forEach((name, k) => {
      let s = 0;
      for (const c of data.columns[k] as number[]) s += imp[c] as number;
      out[name] = s;
    });
    return out;
  }
}
