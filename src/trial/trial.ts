/**
 * Trial: the define-by-run handle an objective receives. Suggest calls are synchronous: they
 * sample from the study snapshot taken at ask and queue their storage writes, which are awaited
 * when the trial is told (or by `await trial.flush()`).
 *
 * suggest resolves a value in this order: already suggested in this trial → fixed by
 * enqueueTrial → single-valued distribution → the sampler's relative (joint) sample → the
 * sampler's independent sample.
 * @module
 */
import {
  assertCompatible,
  containsInternal,
  describeDistribution,
  distributionContains,
  distributionsEqual,
  isSingle,
  toInternal,
} from "../distributions/ops.js";
import type { Distribution, ParamValue } from "../distributions/types.js";
import { InvalidArgumentError, UpdateFinishedTrialError } from "../errors.js";
import type { Pruner } from "../pruners/base.js";
import type { Sampler, SearchSpace } from "../samplers/base.js";
import { type ObjectiveTrial, SuggestShortcuts } from "../core/objective.js";
import type { StudyView } from "../core/study-view.js";
import { warn } from "../warnings.js";
import * as messages from "../messages.js";
import { CONSTRAINT_KEY_PREFIX } from "../core/constraints.js";
import { type FrozenTrial, freezeTrial } from "./frozen.js";
import { own } from "../core/own.js";
import type { JsonValue } from "./state.js";
import { checkAttr, checkStoredString, describeValue } from "../core/validate.js";

/** What a Trial needs from its study. @internal */
export interface TrialHost extends StudyView {
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  /**
   * Checks a parameter's distribution against the study's rule (distributions/registry.ts): the
   * one check at suggest, for a new name and for a name suggested again in this trial.
   */
  checkParamDistribution(name: string, distribution: Distribution): void;
  /** Queues a storage write of this trial. */
  enqueueWrite(trialId: number, write: () => Promise<void>): void;
  /** Awaits the queued writes of a trial, rethrowing the first failure. */
  flushWrites(trialId: number): Promise<void>;
  /** This process's view of the trial changed. */
  updateLocalTrial(trial: FrozenTrial): void;
  /** The storage write of a trial's param, etc. */
  readonly writer: TrialWriter;
  /**
   * The view samplers and pruners read (a frozen snapshot in deterministic parallel runs); the
   * sampler's is further narrowed by `Pruner.studyForSampler`. Omitted: the host itself.
   */
  readView?(): StudyView;
  /** Called before each sampler call of a trial, with the call's index within the trial. */
  beforeSamplerCall?(trial: FrozenTrial, callIndex: number): void;
}

/** Storage writes a trial issues. @internal */
export interface TrialWriter {
  setTrialParam(trialId: number, name: string, internal: number, d: Distribution): Promise<void>;
  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void>;
  setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
}

export type { SuggestOptions } from "../core/objective.js";

/** The handle an objective receives to suggest parameters and report progress. */
export class Trial extends SuggestShortcuts implements ObjectiveTrial {
  /** @internal */
  frozen: FrozenTrial;
  private relative: { space: SearchSpace; params: Record<string, ParamValue> } | undefined;
  private samplerView: StudyView | undefined;
  private told = false;
  private samplerCalls = 0;
  private readonly controller = new AbortController();

  /** @internal */
  constructor(
    private readonly host: TrialHost,
    frozen: FrozenTrial,
  ) {
    super();
    this.frozen = frozen;
  }

  /** 0, 1, 2 … within the study. */
  get number(): number {
    return this.frozen.number;
  }
  /** The storage's id of the trial. */
  get trialId(): number {
    return this.frozen.trialId;
  }
  /** The parameters suggested so far (external values). */
  get params(): Readonly<Record<string, ParamValue>> {
    return this.frozen.params;
  }
  get distributions(): Readonly<Record<string, Distribution>> {
    return this.frozen.distributions;
  }
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.frozen.userAttrs;
  }
  get systemAttrs(): Readonly<Record<string, JsonValue>> {
    return this.frozen.systemAttrs;
  }
  get intermediateValues(): Readonly<Record<number, number>> {
    return this.frozen.intermediateValues;
  }
  get datetimeStart(): Date | undefined {
    return this.frozen.datetimeStart;
  }
  /** The relative (joint) sample of this trial, once computed. */
  get relativeParams(): Readonly<Record<string, ParamValue>> {
    return this.relative?.params ?? {};
  }

  /** Suggests from a prebuilt distribution (what ask(fixedDistributions) uses). */
  suggest(name: string, distribution: Distribution): ParamValue {
    this.assertRunning("suggest a parameter");
    checkStoredString("A parameter name", name, true);
    const prev = own(this.frozen.distributions, name);
    if (prev !== undefined) {
      if (!distributionsEqual(prev, distribution)) {
        this.host.checkParamDistribution(name, distribution);
        warn(messages.inconsistentParameter(name, this.number));
      }
      return own(this.frozen.params, name) as ParamValue;
    }
    this.host.checkParamDistribution(name, distribution);
    const value = this.resolve(name, distribution);
    const internal = toInternal(distribution, value);
    this.frozen = freezeTrial({
      ...this.frozen,
      params: { ...this.frozen.params, [name]: value },
      distributions: { ...this.frozen.distributions, [name]: distribution },
    });
    this.host.updateLocalTrial(this.frozen);
    const id = this.trialId;
    this.host.enqueueWrite(id, () => this.host.writer.setTrialParam(id, name, internal, distribution));
    return value;
  }

  private resolve(name: string, d: Distribution): ParamValue {
    const fixedParams = own(this.frozen.systemAttrs, "fixed_params");
    const fixed = typeof fixedParams === "object" && fixedParams !== null && !Array.isArray(fixedParams) ? own(fixedParams, name) : undefined;
    if (fixed !== undefined) return this.fixedValue(name, fixed as ParamValue, d);
    if (isSingle(d)) return d.type === "categorical" ? (d.choices[0] as ParamValue) : d.low;
    const view = this.studyForSampler();
    const sampler = this.host.sampler;
    if (this.relative === undefined) {
      this.host.beforeSamplerCall?.(this.frozen, this.samplerCalls++);
      const space = sampler.inferRelativeSearchSpace(view, this.frozen);
      const params = Object.keys(space).length > 0 ? sampler.sampleRelative(view, this.frozen, space) : {};
      this.relative = { space, params };
    }
    if (Object.hasOwn(this.relative.params, name)) {
      const rd = own(this.relative.space, name);
      if (rd !== undefined) {
        assertCompatible(name, rd, d);
        const v = own(this.relative.params, name) as ParamValue;
        try {
          if (containsInternal(d, toInternal(d, v))) return v;
        } catch {
          // the relative value does not fit this distribution: sample independently
        }
      }
    }
    this.host.beforeSamplerCall?.(this.frozen, this.samplerCalls++);
    return sampler.sampleIndependent(view, this.frozen, name, d);
  }

  /**
   * The value an enqueued parameter takes: a categorical value must be a choice and a numeric one
   * a finite number (else a typed error); an int is rounded; a number outside the range is used
   * anyway, with a warning that says which value is used.
   */
  private fixedValue(name: string, v: ParamValue, d: Distribution): ParamValue {
    const where = `Enqueued value ${describeValue(v)} of "${name}" (trial #${this.number})`;
    if (d.type === "categorical") {
      if (!distributionContains(d, v)) {
        throw new InvalidArgumentError(`${where} is not one of ${JSON.stringify(d.choices)}: fix the enqueued params.`);
      }
      return v;
    }
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`${where} is not a finite number, so it cannot be a ${d.type} parameter: fix the enqueued params.`);
    }
    const used = d.type === "int" ? Math.round(v) : v;
    if (d.log && used <= 0) {
      throw new InvalidArgumentError(`${where} must be > 0 for a log-scaled parameter: fix the enqueued params.`);
    }
    const notes: string[] = [];
    if (used !== v) notes.push(`is not an integer (rounded to ${used})`);
    if (used < d.low || used > d.high) notes.push(`is outside ${describeDistribution(d)}`);
    else if (!containsInternal(d, used)) notes.push(`is not on the step grid of ${describeDistribution(d)}`);
    if (notes.length > 0) warn(messages.fixedParamOutOfRange(where, notes, used));
    return used;
  }

  /** The study as the sampler sees it for this trial: the read view, narrowed by the pruner's `studyForSampler`. */
  private studyForSampler(): StudyView {
    if (this.samplerView === undefined) {
      const base = this.host.readView?.() ?? this.host;
      this.samplerView = this.host.pruner.studyForSampler?.(base, this.frozen) ?? base;
    }
    return this.samplerView;
  }

  /**
   * Reports an intermediate objective value at `step` (a non-negative integer). A second report
   * at the same step is ignored with a warning.
   */
  report(value: number, step: number): void {
    this.assertRunning("report");
    if (this.host.directions.length > 1) {
      throw new InvalidArgumentError(
        "report() is not supported in multi-objective studies: pruning needs one intermediate value. " +
          "Report one combined metric in a single-objective study, or store per-step values with setUserAttr.",
      );
    }
    if (typeof value !== "number") {
      throw new InvalidArgumentError(`report(value, step): value must be a number, got ${JSON.stringify(value)}.`);
    }
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new InvalidArgumentError(`report(value, step): step must be a non-negative integer, got ${String(step)}.`);
    }
    if (Object.hasOwn(this.frozen.intermediateValues, step)) {
      warn(messages.duplicateReport(this.number, step));
      return;
    }
    this.frozen = freezeTrial({ ...this.frozen, intermediateValues: { ...this.frozen.intermediateValues, [step]: value } });
    this.host.updateLocalTrial(this.frozen);
    const id = this.trialId;
    this.host.enqueueWrite(id, () => this.host.writer.setTrialIntermediateValue(id, step, value));
  }

  /** The pruner's verdict at the last reported step: when true, `throw new TrialPruned()`. */
  shouldPrune(): boolean {
    if (this.host.directions.length > 1) {
      throw new InvalidArgumentError("shouldPrune() is not supported in multi-objective studies.");
    }
    return this.host.pruner.prune(this.host.readView?.() ?? this.host, this.frozen);
  }

  /** Sets a JSON-serializable user attribute on the trial. */
  setUserAttr(key: string, value: JsonValue): void {
    this.assertRunning("set a user attribute");
    checkAttr("setUserAttr", key, value);
    this.frozen = freezeTrial({ ...this.frozen, userAttrs: { ...this.frozen.userAttrs, [key]: value } });
    this.host.updateLocalTrial(this.frozen);
    const id = this.trialId;
    this.host.enqueueWrite(id, () => this.host.writer.setTrialUserAttr(id, key, value));
  }

  /**
   * Records a constraint of this trial: feasible when `value` ≤ 0 (docs/constraints.md). Stored
   * at once as the system attribute `constraints:<name>` (Optuna 5's format). Setting a name
   * twice keeps the first value and warns.
   * @throws {InvalidArgumentError} when `value` is not a number or is NaN, or `name` is empty.
   */
  setConstraint(name: string, value: number): void {
    this.assertRunning("set a constraint");
    if (typeof name !== "string" || name === "") {
      throw new InvalidArgumentError(`setConstraint: the name must be a non-empty string, got ${JSON.stringify(name)}.`);
    }
    if (typeof value !== "number") {
      throw new InvalidArgumentError(`setConstraint("${name}"): the value must be a number (≤ 0 means feasible), got ${typeof value}.`);
    }
    if (Number.isNaN(value)) {
      throw new InvalidArgumentError(`setConstraint("${name}"): NaN is not allowed; return a number (≤ 0 feasible, > 0 the violation) or Infinity.`);
    }
    if (Object.hasOwn(this.frozen.systemAttrs, CONSTRAINT_KEY_PREFIX + name)) {
      warn(messages.constraintAlreadySet(this.number, name, this.frozen.constraints[name], value));
      return;
    }
    // ±Infinity is a valid constraint value (stored bare, as Python's json.dumps writes it).
    this.writeSystemAttr("setConstraint", CONSTRAINT_KEY_PREFIX + name, value, true);
  }

  /** Constraint values set so far, by name. */
  get constraints(): Readonly<Record<string, number>> {
    return this.frozen.constraints;
  }

  /** Sets a system attribute (for samplers and tools). @internal */
  setSystemAttr(key: string, value: JsonValue): void {
    this.assertRunning("set a system attribute");
    this.writeSystemAttr("setSystemAttr", key, value, false);
  }

  private writeSystemAttr(call: string, key: string, value: JsonValue, allowNonFinite: boolean): void {
    checkAttr(call, key, value, allowNonFinite);
    this.applySystemAttr(key, value);
    const id = this.trialId;
    this.host.enqueueWrite(id, () => this.host.writer.setTrialSystemAttr(id, key, value));
  }

  /** Updates the local view only (the host queues the write). @internal */
  applySystemAttr(key: string, value: JsonValue): void {
    this.frozen = freezeTrial({ ...this.frozen, systemAttrs: { ...this.frozen.systemAttrs, [key]: value } });
    this.host.updateLocalTrial(this.frozen);
  }

  /** Waits until every queued write of this trial reached the storage. */
  flush(): Promise<void> {
    return this.host.flushWrites(this.trialId);
  }

  /** @internal */
  markTold(): void {
    this.told = true;
  }

  /** Aborted with a TrialTimeoutError at optimize's `trialTimeout` (see ObjectiveTrial.signal). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** @internal aborts `signal` (the trial timed out). */
  abort(reason: unknown): void {
    this.controller.abort(reason);
  }

  private assertRunning(what: string): void {
    if (this.told) {
      throw new UpdateFinishedTrialError(`Cannot ${what}: trial #${this.number} has already been told (finished).`);
    }
  }
}
