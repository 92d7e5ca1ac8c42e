/**
 * FrozenTrial: the immutable record of a trial as storages return it, and `createTrial` to build
 * one for `study.addTrial`.
 * @module
 */
import { distributionContains } from "../distributions/ops.js";
import type { Distribution, ParamValue } from "../distributions/types.js";
import { InvalidArgumentError } from "../errors.js";
import { constraintsFromSystemAttrs } from "../core/constraints.js";
import { isFinished, type JsonValue, type TrialState } from "./state.js";
import { own } from "../core/own.js";
import { checkAttrs, checkStoredString } from "../core/validate.js";

/** A trial as stored: never changed after a storage returns it. */
export interface FrozenTrial {
  /** 0, 1, 2 … within the study. */
  readonly number: number;
  /** The storage's id of the trial (unique within a storage). */
  readonly trialId: number;
  readonly state: TrialState;
  /** The objective value (single objective), or undefined. */
  readonly value?: number;
  /** The objective values (one per direction), or undefined when the trial has none. */
  readonly values?: readonly number[];
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  readonly intermediateValues: Readonly<Record<number, number>>;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly datetimeStart?: Date;
  readonly datetimeComplete?: Date;
  /** datetimeComplete − datetimeStart in milliseconds. */
  readonly duration?: number;
  /**
   * Constraint values by name (feasible when all are ≤ 0), read from the system attributes
   * `constraints:<name>` (and Optuna ≤ 4's `constraints` list, named "0", "1", …). See
   * docs/constraints.md.
   */
  readonly constraints: Readonly<Record<string, number>>;
}

/** Builds a frozen, immutable FrozenTrial; `value` and `duration` are derived. @internal */
export function freezeTrial(t: Omit<FrozenTrial, "value" | "duration" | "constraints"> & { readonly constraints?: unknown }): FrozenTrial {
  const out: {
    -readonly [K in keyof FrozenTrial]: FrozenTrial[K];
  } = {
    number: t.number,
    trialId: t.trialId,
    state: t.state,
    params: Object.freeze({ ...t.params }),
    distributions: Object.freeze({ ...t.distributions }),
    intermediateValues: Object.freeze({ ...t.intermediateValues }),
    userAttrs: Object.freeze({ ...t.userAttrs }),
    systemAttrs: Object.freeze({ ...t.systemAttrs }),
    constraints: Object.freeze(constraintsFromSystemAttrs(t.systemAttrs)),
  };
  if (t.values !== undefined) {
    out.values = Object.freeze([...t.values]);
    if (t.values.length === 1) out.value = t.values[0];
  }
  if (t.datetimeStart !== undefined) out.datetimeStart = t.datetimeStart;
  if (t.datetimeComplete !== undefined) out.datetimeComplete = t.datetimeComplete;
  if (t.datetimeStart !== undefined && t.datetimeComplete !== undefined) {
    out.duration = t.datetimeComplete.getTime() - t.datetimeStart.getTime();
  }
  return Object.freeze(out);
}

/**
 * A new RUNNING trial with nothing suggested, reported or set yet (what every storage's
 * createNewTrial returns without a template). `start` undefined leaves datetimeStart unset.
 * @internal
 */
export function newRunningTrial(
  number: number,
  trialId: number,
  start: Date | undefined,
  systemAttrs: Readonly<Record<string, JsonValue>> = {},
): FrozenTrial {
  return freezeTrial({
    number,
    trialId,
    state: "RUNNING",
    params: {},
    distributions: {},
    intermediateValues: {},
    userAttrs: {},
    systemAttrs,
    ...(start ? { datetimeStart: start } : {}),
  });
}

/** The last (largest) reported step of a trial, or undefined. */
export function lastStep(t: Pick<FrozenTrial, "intermediateValues">): number | undefined {
  let best: number | undefined;
  for (const k of Object.keys(t.intermediateValues)) {
    const s = Number(k);
    if (best === undefined || s > best) best = s;
  }
  return best;
}

/** Options of {@link createTrial}. */
export interface CreateTrialOptions {
  state?: TrialState;
  value?: number;
  values?: readonly number[];
  params?: Record<string, ParamValue>;
  distributions?: Record<string, Distribution>;
  userAttrs?: Record<string, JsonValue>;
  systemAttrs?: Record<string, JsonValue>;
  intermediateValues?: Record<number, number>;
  datetimeStart?: Date;
  datetimeComplete?: Date;
}

/**
 * Builds a FrozenTrial for `study.addTrial`, validated as Optuna does: params match
 * distributions and are contained in them, COMPLETE needs values without NaN, FAIL has none.
 * @throws {InvalidArgumentError}
 */
export function createTrial(options: CreateTrialOptions): FrozenTrial {
  const state = options.state ?? "COMPLETE";
  if (options.value !== undefined && options.values !== undefined) {
    throw new InvalidArgumentError("createTrial: pass either `value` or `values`, not both.");
  }
  const values = options.values ?? (options.value !== undefined ? [options.value] : undefined);
  const now = new Date();
  const t = freezeTrial({
    number: -1,
    trialId: -1,
    state,
    values,
    params: options.params ?? {},
    distributions: options.distributions ?? {},
    intermediateValues: options.intermediateValues ?? {},
    userAttrs: options.userAttrs ?? {},
    systemAttrs: options.systemAttrs ?? {},
    datetimeStart: options.datetimeStart ?? (state === "WAITING" ? undefined : now),
    datetimeComplete: options.datetimeComplete ?? (isFinished(state) ? now : undefined),
  });
  validateTrial(t);
  return t;
}

/** Optuna's FrozenTrial validation. @throws {InvalidArgumentError} */
export function validateTrial(t: FrozenTrial): void {
  if (t.datetimeStart === undefined && t.state !== "WAITING") {
    throw new InvalidArgumentError(`A ${t.state} trial needs datetimeStart.`);
  }
  if (isFinished(t.state) !== (t.datetimeComplete !== undefined)) {
    throw new InvalidArgumentError(
      isFinished(t.state) ? `A ${t.state} trial needs datetimeComplete.` : `A ${t.state} trial cannot have datetimeComplete.`,
    );
  }
  if (t.state === "FAIL" && t.values !== undefined) {
    throw new InvalidArgumentError("A FAIL trial cannot have values: leave value/values out.");
  }
  if (t.state === "COMPLETE") {
    if (t.values === undefined || t.values.length === 0) {
      throw new InvalidArgumentError("A COMPLETE trial needs a value (or values for a multi-objective study).");
    }
    if (t.values.some((v) => typeof v !== "number" || Number.isNaN(v))) {
      throw new InvalidArgumentError(`A COMPLETE trial's values must be numbers other than NaN, got ${JSON.stringify(t.values)}.`);
    }
  }
  for (const name of Object.keys(t.distributions)) checkStoredString("A parameter name", name, true);
  checkAttrs("createTrial userAttrs", t.userAttrs);
  checkAttrs("createTrial systemAttrs", t.systemAttrs);
  const pk = Object.keys(t.params).sort();
  const dk = Object.keys(t.distributions).sort();
  if (pk.join("\u0000") !== dk.join("\u0000")) {
    throw new InvalidArgumentError(
      `The trial's params (${pk.join(", ")}) and distributions (${dk.join(", ")}) must name the same parameters.`,
    );
  }
  for (const name of pk) {
    const d = own(t.distributions, name) as Distribution;
    const v = own(t.params, name) as ParamValue;
    if (!distributionContains(d, v)) {
      throw new InvalidArgumentError(`Parameter "${name}" = ${JSON.stringify(v)} is not contained in its distribution.`);
    }
  }
}
