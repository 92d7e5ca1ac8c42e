/**
 * The importance evaluator interface, and what every evaluator shares with Optuna's: which
 * parameters and trials are evaluated, and how a trial becomes a row of numbers (numeric values
 * raw, without log or step transform; categoricals one-hot, one column per choice).
 * @module
 */
import { distributionContains, distributionsEqual, isSingle, toInternal } from "../distributions/ops.js";
import type { Distribution } from "../distributions/types.js";
import { InvalidArgumentError, NoCompletedTrialsError } from "../errors.js";
import { IntersectionSearchSpace } from "../samplers/search-space.js";
import type { StudyView } from "../core/study-view.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { Matrix } from "./forest.js";
import { own } from "../core/own.js";

/** The part of a study importance evaluation reads. */
export type ImportanceStudy = Pick<StudyView, "directions" | "getTrials">;

/** Options every evaluator takes. */
export interface EvaluateOptions {
  /** Parameter names to evaluate; default: the intersection search space of the COMPLETE trials. */
  readonly params?: readonly string[];
  /** The number to explain, from a trial; required for multi-objective studies. Default: its value. */
  readonly target?: (trial: FrozenTrial) => number;
}

/**
 * Computes the importance of each parameter of a study. Returns unnormalized, non-negative
 * importances keyed by parameter name; `getParamImportances` sorts and normalizes them.
 */
export interface ImportanceEvaluator {
  /** @throws {InvalidArgumentError} bad params, multi-objective without target, fewer than 2 COMPLETE trials. */
  evaluate(study: ImportanceStudy, options?: EvaluateOptions): Record<string, number>;
}

/** The prepared data of an evaluation. @internal */
export interface ImportanceData {
  /** Evaluated parameter names whose distribution has more than one value (sorted). */
  readonly names: readonly string[];
  /** Parameters whose distribution has a single value: always importance 0. */
  readonly singles: readonly string[];
  readonly x: Matrix;
  readonly y: Float64Array;
  /** Encoded columns of each entry of `names`. */
  readonly columns: readonly (readonly number[])[];
  /** [low, high] of every encoded column. */
  readonly bounds: readonly (readonly [number, number])[];
}

/** The target function: the value, or the user's target; checks multi-objective. @internal */
export function resolveTarget(study: ImportanceStudy, target?: (t: FrozenTrial) => number): (t: FrozenTrial) => number {
  if (target) return target;
  if (study.directions.length !== 1) {
    throw new InvalidArgumentError(
      "This study has several objectives: pass `target` (e.g. target: (t) => t.values![0]) to evaluate importances.",
    );
  }
  return (t) => t.value as number;
}

/** Distributions of the evaluated parameters, as Optuna's `_get_distributions`. @internal */
export function evaluatedDistributions(
  complete: readonly FrozenTrial[],
  params: readonly string[] | undefined,
): Map<string, Distribution> {
  if (complete.length === 0) {
    throw new NoCompletedTrialsError("Cannot evaluate parameter importances without COMPLETE trials.");
  }
  if (complete.length === 1) {
    throw new InvalidArgumentError("Cannot evaluate parameter importances with only one COMPLETE trial: run at least two.");
  }
  if (params === undefined) {
    const space = new IntersectionSearchSpace(false).calculate(complete);
    return new Map(Object.entries(space));
  }
  if (!Array.isArray(params) || params.some((p) => typeof p !== "string")) {
    throw new InvalidArgumentError(`\`params\` must be an array of parameter names, got ${JSON.stringify(params)}.`);
  }
  let dists: Map<string, Distribution> | undefined;
  for (const t of complete) {
    if (!params.every((p) => Object.hasOwn(t.distributions, p))) continue;
    if (dists === undefined) {
      dists = new Map(params.map((p) => [p, own(t.distributions, p) as Distribution]));
      continue;
    }
    for (const [p, d] of dists) {
      const td = own(t.distributions, p);
      if (td === undefined || !distributionsEqual(td, d)) {
        throw new InvalidArgumentError(
          `Parameter "${p}" changed its distribution between trials; importances cannot be assessed for a ` +
            `parameter whose range changed. Leave it out of \`params\`.`,
        );
      }
    }
  }
  if (dists === undefined) {
    throw new InvalidArgumentError(
      `No COMPLETE trial has every parameter of ${JSON.stringify(params)}: check the names.`,
    );
  }
  return new Map([...dists].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** Selects parameters and trials and encodes them. @internal */
export function prepareImportanceData(study: ImportanceStudy, options: EvaluateOptions = {}): ImportanceData {
  const target = resolveTarget(study, options.target);
  const complete = study.getTrials({ states: ["COMPLETE"] });
  const dists = evaluatedDistributions(complete, options.params);
  const names: string[] = [];
  const singles: string[] = [];
  for (const [name, d] of dists) (isSingle(d) ? singles : names).push(name);
  const columns: number[][] = [];
  const bounds: [number, number][] = [];
  for (const name of names) {
    const d = dists.get(name) as Distribution;
    const cols: number[] = [];
    if (d.type === "categorical") {
      for (let c = 0; c < d.choices.length; c++) {
        cols.push(bounds.length);
        bounds.push([0, 1]);
      }
    } else {
      cols.push(bounds.length);
      bounds.push([d.low, d.high]);
    }
    columns.push(cols);
  }
  const rows: FrozenTrial[] = [];
  const ys: number[] = [];
  for (const t of complete) {
    let ok = true;
    for (const [name, d] of dists) {
      if (!Object.hasOwn(t.params, name) || !distributionContains(d, own(t.params, name) ?? null)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const v = target(t);
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    rows.push(t);
    ys.push(v);
  }
  const nCols = bounds.length;
  const data = new Float64Array(rows.length * nCols);
  rows.forEach((t, r) => {
    names.forEach((name, k) => {
      const d = dists.get(name) as Distribution;
      const internal = toInternal(d, own(t.params, name) ?? null);
      const cols = columns[k] as number[];
      if (d.type === "categorical") data[r * nCols + (cols[internal] as number)] = 1;
      else data[r * nCols + (cols[0] as number)] = internal;
    });
  });
  return { names, singles, x: { rows: rows.length, cols: nCols, data }, y: Float64Array.from(ys), columns, bounds };
}
