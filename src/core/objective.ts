/**
 * The objective's side of a trial (ground floor): `ObjectiveTrial` is what an objective function
 * sees — the define-by-run suggest calls, report / shouldPrune and user attributes — and what the
 * study's `Trial`, `FixedTrial` and the worker thread's trial all implement. `SuggestShortcuts`
 * writes suggestFloat / suggestInt / suggestCategorical once, on top of `suggest`.
 * @module
 */
import {
  CategoricalDistribution,
  type Distribution,
  FloatDistribution,
  IntDistribution,
  type NumericOptions,
  type ParamValue,
} from "../distributions/types.js";
import type { JsonValue } from "../trial/state.js";

/** Options of suggestFloat / suggestInt. */
export type SuggestOptions = NumericOptions;

/** The objective's return value: a number, or one per objective. */
export type ObjectiveResult = number | readonly number[];

/** The part of a trial an objective sees. */
export interface ObjectiveTrial {
  /** 0, 1, 2 … within the study. */
  readonly number: number;
  /** The parameters suggested so far (external values). */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly intermediateValues: Readonly<Record<number, number>>;
  readonly datetimeStart: Date | undefined;
  /**
   * Aborted (with a TrialTimeoutError as its reason) when the trial reaches optimize's
   * `trialTimeout`: pass it to fetch, timers or child processes, or check `signal.aborted`.
   * Never aborted outside optimize, or on a worker thread (there the worker is terminated).
   */
  readonly signal: AbortSignal;
  /** A float in [low, high]; `log` and `step` are exclusive. */
  suggestFloat(name: string, low: number, high: number, options?: SuggestOptions): number;
  /** An integer in [low, high], optionally log-scaled or with a step. */
  suggestInt(name: string, low: number, high: number, options?: SuggestOptions): number;
  /** One of `choices`, typed as their union. */
  suggestCategorical<const T extends ParamValue>(name: string, choices: readonly T[]): T;
  /** Suggests from a prebuilt distribution. */
  suggest(name: string, distribution: Distribution): ParamValue;
  /** Reports an intermediate objective value at `step` (a non-negative integer). */
  report(value: number, step: number): void;
  /** The pruner's verdict at the last reported step: when true, `throw new TrialPruned()`. */
  shouldPrune(): boolean;
  /** Sets a JSON-serializable user attribute on the trial. */
  setUserAttr(key: string, value: JsonValue): void;
  /** Records a constraint (feasible when ≤ 0); the same name twice keeps the first value. */
  setConstraint(name: string, value: number): void;
  /** The constraints set so far, by name. */
  readonly constraints: Readonly<Record<string, number>>;
}

/** An objective function over some kind of trial (the study's `Trial` by default, see study/). */
export type ObjectiveFunctionOf<T extends ObjectiveTrial> = (trial: T) => ObjectiveResult | Promise<ObjectiveResult>;

/** The suggest shortcuts, written once: each builds its distribution and calls `suggest`. */
export abstract class SuggestShortcuts implements ObjectiveTrial {
  abstract readonly number: number;
  abstract readonly params: Readonly<Record<string, ParamValue>>;
  abstract readonly distributions: Readonly<Record<string, Distribution>>;
  abstract readonly userAttrs: Readonly<Record<string, JsonValue>>;
  abstract readonly intermediateValues: Readonly<Record<number, number>>;
  abstract readonly datetimeStart: Date | undefined;
  abstract readonly signal: AbortSignal;
  abstract suggest(name: string, distribution: Distribution): ParamValue;
  abstract report(value: number, step: number): void;
  abstract shouldPrune(): boolean;
  abstract setUserAttr(key: string, value: JsonValue): void;
  abstract setConstraint(name: string, value: number): void;
  abstract readonly constraints: Readonly<Record<string, number>>;

  /**
   * A float in [low, high]; `log` and `step` are exclusive.
   * @throws {InvalidDistributionError} on bad bounds; {IncompatibleDistributionError} when the name was used with another kind.
   */
  suggestFloat(name: string, low: number, high: number, options: SuggestOptions = {}): number {
    return this.suggest(name, new FloatDistribution(low, high, options)) as number;
  }

  /** An integer in [low, high], optionally log-scaled or with a step. */
  suggestInt(name: string, low: number, high: number, options: SuggestOptions = {}): number {
    return this.suggest(name, new IntDistribution(low, high, options)) as number;
  }

  /** One of `choices`, typed as their union. */
  suggestCategorical<const T extends ParamValue>(name: string, choices: readonly T[]): T {
    return this.suggest(name, new CategoricalDistribution(choices)) as T;
  }
}
