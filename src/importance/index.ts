/**
 * getParamImportances: the importance of each parameter of a study, by an evaluator (fANOVA by
 * default), sorted in descending order and normalized to sum 1.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { ImportanceEvaluator, ImportanceStudy } from "./base.js";
import { FanovaImportanceEvaluator } from "./fanova/evaluator.js";
import { setOwn } from "../core/own.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link getParamImportances}. */
export interface ParamImportanceOptions {
  /** Default: `new FanovaImportanceEvaluator()`. */
  readonly evaluator?: ImportanceEvaluator;
  /** Parameter names; default: the intersection search space of the COMPLETE trials. */
  readonly params?: readonly string[];
  /** The number to explain; required for multi-objective studies. */
  readonly target?: (trial: FrozenTrial) => number;
  /** Divide by the sum so the importances sum to 1 (default true; all zero → 1/n each). */
  readonly normalize?: boolean;
}

/**
 * The importance of each parameter, highest first.
 * @example
 * ```ts
 * const imp = getParamImportances(study); // { lr: 0.71, layers: 0.22, optimizer: 0.07 }
 * ```
 * @throws {NoCompletedTrialsError} no COMPLETE trial; {InvalidArgumentError} one COMPLETE trial,
 * unknown params, or a multi-objective study without `target`.
 */
export function getParamImportances(study: ImportanceStudy, options: ParamImportanceOptions = {}): Record<string, number> {
  checkOptionKeys("getParamImportances", options, optionKeys<ParamImportanceOptions>({ evaluator: true, params: true, target: true, normalize: true }));
  const evaluator = options.evaluator ?? new FanovaImportanceEvaluator();
  if (typeof evaluator?.evaluate !== "function") {
    throw new InvalidArgumentError("`evaluator` must be an ImportanceEvaluator (an object with evaluate(study, options)).");
  }
  const raw = evaluator.evaluate(study, {
    ...(options.params !== undefined ? { params: options.params } : {}),
    ...(options.target !== undefined ? { target: options.target } : {}),
  });
  const entries = Object.entries(raw).map(([k, v]) => [k, Number.isFinite(v) && v > 0 ? v : 0] as [string, number]);
  if (options.normalize ?? true) {
    const sum = entries.reduce((s, [, v]) => s + v, 0);
    for (const e of entries) e[1] = sum > 0 ? e[1] / sum : 1 / entries.length;
  }
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Record<string, number> = {};
  for (const [k, v] of entries) setOwn(out, k, v);
  return out;
}
