/**
 * Pure operations on distributions: internal (numeric; categorical = index) and external
 * representations, containment, single-value test, equality and compatibility.
 * @module
 */
import { sameValue } from "../core/equality.js";
import { IncompatibleDistributionError, InvalidArgumentError } from "../errors.js";
import type { Distribution, ParamValue } from "./types.js";


/**
 * The internal (numeric) form of an external value: the number itself, or the index of a choice.
 * @throws {InvalidArgumentError} when the value cannot belong to this kind of distribution.
 */
export function toInternal(dist: Distribution, value: ParamValue): number {
  if (dist.type === "categorical") {
    const i = dist.choices.findIndex((c) => sameValue(c, value));
    if (i < 0) {
      throw new InvalidArgumentError(
        `${JSON.stringify(value)} is not one of the choices ${JSON.stringify(dist.choices)}.`,
      );
    }
    return i;
  }
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new InvalidArgumentError(`${JSON.stringify(value)} is not a valid ${dist.type} value: a number is expected.`);
  }
  if (dist.log && value <= 0) {
    throw new InvalidArgumentError(`${value} is not a valid value of a log distribution: it must be > 0.`);
  }
  return value;
}

/** The external value of an internal one. */
export function toExternal(dist: Distribution, internal: number): ParamValue {
  if (dist.type === "categorical") {
    const i = Math.round(internal);
    if (i < 0 || i >= dist.choices.length) {
      throw new InvalidArgumentError(`Index ${internal} is out of range for choices ${JSON.stringify(dist.choices)}.`);
    }
    return dist.choices[i] as ParamValue;
  }
  if (dist.type === "int") return Math.round(internal);
  return internal;
}

/** Whether an internal value belongs to the distribution. */
export function containsInternal(dist: Distribution, internal: number): boolean {
  if (!Number.isFinite(internal)) return false;
  if (dist.type === "categorical") return Number.isInteger(internal) && internal >= 0 && internal < dist.choices.length;
  if (internal < dist.low || internal > dist.high) return false;
  const step = dist.step;
  if (step === null) return true;
  if (dist.type === "int" && !Number.isInteger(internal)) return false;
  const k = (internal - dist.low) / step;
  return Math.abs(k - Math.round(k)) < 1e-8;
}

/** Whether an external value belongs to the distribution. */
export function distributionContains(dist: Distribution, value: ParamValue): boolean {
  if (dist.type === "categorical") return dist.choices.some((c) => sameValue(c, value));
  if (typeof value !== "number") return false;
  return containsInternal(dist, value);
}

/** Whether the distribution admits exactly one value. */
export function isSingle(dist: Distribution): boolean {
  if (dist.type === "categorical") return dist.choices.length === 1;
  if (dist.low === dist.high) return true;
  return dist.step !== null && dist.high - dist.low < dist.step;
}

/** Structural equality. */
export function distributionsEqual(a: Distribution, b: Distribution): boolean {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  if (a.type === "categorical") {
    const bc = (b as typeof a).choices;
    return a.choices.length === bc.length && a.choices.every((c, i) => sameValue(c, bc[i] as ParamValue));
  }
  const bn = b as typeof a;
  return a.low === bn.low && a.high === bn.high && a.log === bn.log && a.step === bn.step;
}

/**
 * Checks that `next` may be used for a parameter that was suggested with `prev` (same kind, same
 * log flag, same categorical choices; a numeric range or step may change).
 * @throws {IncompatibleDistributionError}
 */
export function assertCompatible(name: string, prev: Distribution, next: Distribution): void {
  if (prev.type !== next.type) {
    throw new IncompatibleDistributionError(
      `Parameter "${name}" was suggested as ${prev.type} before and as ${next.type} now. ` +
        "A name keeps its kind within a study: use another name for the new parameter.",
    );
  }
  if (prev.type === "categorical") {
    if (!distributionsEqual(prev, next)) {
      throw new IncompatibleDistributionError(
        `Parameter "${name}" was suggested with choices ${JSON.stringify(prev.choices)} before and ` +
          `${JSON.stringify((next as typeof prev).choices)} now. Categorical choices cannot change within a study: ` +
          "use another name, or a new study.",
      );
    }
    return;
  }
  if (prev.log !== (next as typeof prev).log) {
    throw new IncompatibleDistributionError(
      `Parameter "${name}" was suggested with log=${prev.log} before and log=${(next as typeof prev).log} now. ` +
        "The log flag of a name cannot change within a study: use another name.",
    );
  }
}

/** A short human-readable form, e.g. `float[1e-5, 0.1] log`. */
export function describeDistribution(d: Distribution): string {
  if (d.type === "categorical") return `categorical${JSON.stringify(d.choices)}`;
  const flags = [d.log ? "log" : "", d.step !== null && !(d.type === "int" && d.step === 1) ? `step=${d.step}` : ""]
    .filter(Boolean)
    .join(" ");
  return `${d.type}[${d.low}, ${d.high}]${flags ? ` ${flags}` : ""}`;
}
