/**
 * The part fANOVA and MDI share: check the forest options, pick and encode the trials, fit
 * parzen's random forest, and turn per-tree results into one score per parameter.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import { Rng } from "../random/rng.js";
import { type EvaluateOptions, type ImportanceData, type ImportanceEvaluator, type ImportanceStudy, prepareImportanceData } from "./base.js";
import { fitForest, type RegressionTree } from "./forest.js";
import { setOwn } from "../core/own.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of the forest-based evaluators. */
export interface ForestEvaluatorOptions {
  /** Number of trees (default 64). */
  readonly nTrees?: number;
  /** Maximum depth of a tree (default 64). */
  readonly maxDepth?: number;
  /** Seed of the bootstrap and tie-breaking; omitted, a fresh seed. */
  readonly seed?: number | string;
}

function checkPositiveInt(owner: string, name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new InvalidArgumentError(`${owner}: \`${name}\` must be a positive integer, got ${String(v)}.`);
  }
  return v;
}

/** An importance evaluator on a fitted random forest. @internal */
export abstract class ForestImportanceEvaluator implements ImportanceEvaluator {
  readonly nTrees: number;
  readonly maxDepth: number;
  private readonly seed: number | string | undefined;

  /** @throws {InvalidArgumentError} when nTrees or maxDepth is not a positive integer. */
  constructor(owner: string, options: ForestEvaluatorOptions) {
    checkOptionKeys(`new ${owner}`, options, optionKeys<ForestEvaluatorOptions>({ nTrees: true, maxDepth: true, seed: true }));
    this.nTrees = checkPositiveInt(owner, "nTrees", options.nTrees ?? 64);
    this.maxDepth = checkPositiveInt(owner, "maxDepth", options.maxDepth ?? 64);
    this.seed = options.seed;
  }

  /** One score per evaluated parameter (in `data.names` order) from the fitted trees. */
  protected abstract score(trees: RegressionTree[], data: ImportanceData): number[];

  evaluate(study: ImportanceStudy, options: EvaluateOptions = {}): Record<string, number> {
    const data = prepareImportanceData(study, options);
    const out: Record<string, number> = {};
    for (const s of data.singles) setOwn(out, s, 0);
    if (data.names.length === 0) return out;
    if (data.x.rows < 2) {
      for (const n of data.names) setOwn(out, n, 0);
      return out;
    }
    const trees = fitForest(data.x, data.y, { nTrees: this.nTrees, maxDepth: this.maxDepth }, new Rng(this.seed));
    const scores = this.score(trees, data);
    data.names.forEach((name, k) => {
      setOwn(out, name, scores[k] as number);
    });
    return out;
  }
}
