/**
 * Distributions: the search space of one parameter, as immutable plain data built by checking
 * constructors. Three kinds, discriminated on `type`: "float" and "int" (with `log` and `step`
 * flags) and "categorical".
 * @module
 */
import { InvalidDistributionError } from "../errors.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";
import { warn } from "../warnings.js";
import * as messages from "../messages.js";
import { adjustHighToStep } from "./decimal.js";
import { describeValue, isWellFormed } from "../core/validate.js";

/** A value a parameter can take. */
export type ParamValue = string | number | boolean | null;

function assertFinite(name: string, v: unknown, kind: string): asserts v is number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InvalidDistributionError(`${kind}: \`${name}\` must be a finite number, but got ${describeValue(v)}.`);
  }
}

function warnAdjusted(kind: string, low: number, high: number, step: number, newHigh: number): void {
  warn(messages.rangeNotDivisible(kind, low, high, step, newHigh));
}

/** Options of a numeric distribution. */
export interface NumericOptions {
  /** Sample in log space (low must be > 0; not with `step` on floats). */
  readonly log?: boolean;
  /** Discretization step; the upper bound is lowered to the last point of the grid. */
  readonly step?: number | null;
}

const NUMERIC_KEYS = optionKeys<NumericOptions>({ log: true, step: true });

/** A float in [low, high], optionally log-scaled or stepped. */
export class FloatDistribution {
  readonly type = "float" as const;
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number | null;

  /** @throws {InvalidDistributionError} on a bad bound, log with low <= 0, step <= 0, log with step. */
  constructor(low: number, high: number, options: NumericOptions = {}) {
    checkOptionKeys("suggestFloat / new FloatDistribution", options, NUMERIC_KEYS);
    const log = options.log ?? false;
    const step = options.step ?? null;
    assertFinite("low", low, "FloatDistribution");
    assertFinite("high", high, "FloatDistribution");
    if (log && step !== null) {
      throw new InvalidDistributionError(
        "FloatDistribution: `step` is not supported when `log` is true. Use either log or step.",
      );
    }
    if (low > high) {
      throw new InvalidDistributionError(`FloatDistribution: \`low <= high\` must hold, but got (low=${low}, high=${high}).`);
    }
    if (log && low <= 0) {
      throw new InvalidDistributionError(
        `FloatDistribution: \`low > 0\` must hold for \`log=true\`, but got (low=${low}, high=${high}).`,
      );
    }
    let h = high;
    if (step !== null) {
      assertFinite("step", step, "FloatDistribution");
      if (step <= 0) throw new InvalidDistributionError(`FloatDistribution: \`step > 0\` must hold, but got step=${step}.`);
      h = adjustHighToStep(low, high, step);
      if (h !== high) warnAdjusted("FloatDistribution", low, high, step, h);
    }
    this.low = low;
    this.high = h;
    this.log = log;
    this.step = step;
    Object.freeze(this);
  }
}

/** An integer in [low, high], optionally log-scaled or with a step. */
export class IntDistribution {
  readonly type = "int" as const;
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;

  /** @throws {InvalidDistributionError} on non-integer bounds, low > high, log with low < 1 or step != 1, step < 1. */
  constructor(low: number, high: number, options: NumericOptions = {}) {
    checkOptionKeys("suggestInt / new IntDistribution", options, NUMERIC_KEYS);
    const log = options.log ?? false;
    const step = options.step ?? 1;
    for (const [n, v] of [["low", low], ["high", high], ["step", step]] as const) {
      if (typeof v === "number" && Number.isInteger(v) && !Number.isSafeInteger(v)) {
        throw new InvalidDistributionError(
          `IntDistribution: \`${n}\` = ${v} is beyond the safe integer range (±${Number.MAX_SAFE_INTEGER}), ` +
            "where JavaScript numbers no longer hold every integer. Use bounds within ±(2**53 - 1), or suggestFloat with log: true.",
        );
      }
      if (typeof v !== "number" || !Number.isSafeInteger(v)) {
        throw new InvalidDistributionError(`IntDistribution: \`${n}\` must be an integer, but got ${describeValue(v)}.`);
      }
    }
    if (log && step !== 1) {
      throw new InvalidDistributionError(
        `IntDistribution: \`step\` must be 1 when \`log\` is true, but got step=${step}.`,
      );
    }
    if (low > high) {
      throw new InvalidDistributionError(`IntDistribution: \`low <= high\` must hold, but got (low=${low}, high=${high}).`);
    }
    if (log && low < 1) {
      throw new InvalidDistributionError(
        `IntDistribution: \`low >= 1\` must hold for \`log=true\`, but got (low=${low}, high=${high}).`,
      );
    }
    if (step <= 0) throw new InvalidDistributionError(`IntDistribution: \`step > 0\` must hold, but got step=${step}.`);
    const h = low + Math.floor((high - low) / step) * step;
    if (h !== high) warnAdjusted("IntDistribution", low, high, step, h);
    this.low = low;
    this.high = h;
    this.log = log;
    this.step = step;
    Object.freeze(this);
  }
}

/** One of a fixed list of choices (string, number, boolean or null). */
export class CategoricalDistribution<T extends ParamValue = ParamValue> {
  readonly type = "categorical" as const;
  readonly choices: readonly T[];

  /** @throws {InvalidDistributionError} when choices is empty or holds an unsupported value. */
  constructor(choices: readonly T[]) {
    if (!Array.isArray(choices) || choices.length === 0) {
      throw new InvalidDistributionError(
        "CategoricalDistribution: `choices` must be a non-empty array of strings, numbers, booleans or null.",
      );
    }
    for (const c of choices) {
      const t = typeof c;
      if (t === "number" && !Number.isFinite(c)) {
        throw new InvalidDistributionError(
          `CategoricalDistribution: choice ${String(c)} cannot be stored (JSON has no ${String(c)}: it would come back as null). ` +
            `Use a string such as "${String(c)}" and convert it in the objective.`,
        );
      }
      if (t === "string" && !isWellFormed(c as string)) {
        throw new InvalidDistributionError(
          `CategoricalDistribution: choice ${JSON.stringify(c)} holds a lone UTF-16 surrogate, which cannot be stored as UTF-8. ` +
            "Use a well-formed string.",
        );
      }
      if (!(c === null || t === "string" || t === "boolean" || t === "number")) {
        throw new InvalidDistributionError(
          `CategoricalDistribution: choice ${String(c)} of type ${t} is not supported; ` +
            "use strings, numbers, booleans or null (they must be storable as JSON).",
        );
      }
    }
    this.choices = Object.freeze([...choices]);
    Object.freeze(this);
  }
}

/** Any distribution. */
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;
