/**
 * FanovaImportanceEvaluator: the default importance evaluator. Fits parzen's random forest
 * (64 trees of depth ≤ 64, bootstrap, every feature per split) and reports, per parameter, the
 * mean over trees of (marginal variance of the parameter's encoded columns / the tree's variance).
 * @module
 */
import { InvalidArgumentError } from "../../errors.js";
import { Rng } from "../../random/rng.js";
import { type EvaluateOptions, type ImportanceEvaluator, type ImportanceStudy, prepareImportanceData } from "../base.js";
import { fitForest } from "../forest.js";
import { FanovaTree } from "./tree.js";

/** Options of {@link FanovaImportanceEvaluator}. */
export interface FanovaOptions {
  /** Number of trees (default 64). */
  readonly nTrees?: number;
  /** Maximum depth of a tree (default 64). */
  readonly maxDepth?: number;
  /** Seed of the bootstrap and tie-breaking; omitted, a fresh seed. */
  readonly seed?: number | string;
}

/** @internal checks a positive-integer option. */
export function checkPositiveInt(owner: string, name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new InvalidArgumentError(`${owner}: \`${name}\` must be a positive integer, got ${String(v)}.`);
  }
  return v;
}

/**
 * fANOVA importance (Hutter et al. 2014), with Optuna's encoding and forest settings.
 * @example
 * ```ts
 * const imp = getParamImportances(study, { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
 * ```
 */
export class FanovaImportanceEvaluator implements ImportanceEvaluator {
  readonly nTrees: number;
  readonly maxDepth: number;
  private readonly seed: number | string | undefined;

  /** @throws {InvalidArgumentError} when nTrees or maxDepth is not a positive integer. */
  constructor(options: FanovaOptions = {}) {
    this.nTrees = checkPositiveInt("FanovaImportanceEvaluator", "nTrees", options.nTrees ?? 64);
    this.maxDepth = checkPositiveInt("FanovaImportanceEvaluator", "maxDepth", options.maxDepth ?? 64);
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
    const rng = new Rng(this.seed);
    const trees = fitForest(data.x, data.y, { nTrees: this.nTrees, maxDepth: this.maxDepth }, rng).map(
      (t) => new FanovaTree(t, data.bounds),
    );
    const used = trees.filter((t) => t.variance > 0);
    data.names.forEach((name, k) => {
      const cols = data.columns[k] as number[];
      let s = 0;
      for (const t of used) s += t.marginalVariance(cols) / t.variance;
      out[name] = used.length > 0 ? s / used.length : 0;
    });
    return out;
  }
}
