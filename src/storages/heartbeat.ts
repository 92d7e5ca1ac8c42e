/**
 * What happens to trials whose process died: a storage with heartbeats turns RUNNING trials with
 * a stale heartbeat into FAIL before a new trial starts (`failStaleTrials`), then hands each one
 * to its failed-trial callback. `RetryFailedTrialCallback` re-enqueues it, as Optuna's does.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import { CONSTRAINT_KEY_PREFIX, LEGACY_CONSTRAINTS_KEY } from "../core/constraints.js";
import { type FrozenTrial, freezeTrial } from "../trial/frozen.js";
import type { JsonValue } from "../trial/state.js";
import type { Storage } from "./base.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Where a stale trial was failed. */
export interface StaleTrialContext {
  readonly storage: Storage;
  readonly studyId: number;
}

/** Called once, by the process that failed it, for each trial failed for a stale heartbeat. */
export type FailedTrialCallback =
  | ((context: StaleTrialContext, trial: FrozenTrial) => void | Promise<void>)
  | { onTrialFailed(context: StaleTrialContext, trial: FrozenTrial): void | Promise<void> };

/** Runs a FailedTrialCallback of either form. @internal */
export async function callFailedTrialCallback(
  cb: FailedTrialCallback,
  context: StaleTrialContext,
  trial: FrozenTrial,
): Promise<void> {
  if (typeof cb === "function") await cb(context, trial);
  else await cb.onTrialFailed(context, trial);
}

/** Options of {@link RetryFailedTrialCallback}. */
export interface RetryFailedTrialCallbackOptions {
  /** Retry a trial chain at most this many times (default: no limit). */
  maxRetry?: number;
  /** Copy the failed trial's intermediate values to the retry (default false). */
  inheritIntermediateValues?: boolean;
}

/**
 * Re-enqueues a trial that failed for a stale heartbeat: a WAITING copy with its params,
 * distributions, user and system attrs, plus system attrs `failed_trial` (number of the first
 * trial of the chain) and `retry_history` (every earlier number), as Optuna's
 * RetryFailedTrialCallback.
 *
 * @example
 *   const storage = await createSqliteStorage("sqlite:///storage/s.db", {
 *     failedTrialCallback: new RetryFailedTrialCallback({ maxRetry: 2 }),
 *   });
 */
export class RetryFailedTrialCallback {
  readonly maxRetry: number | undefined;
  readonly inheritIntermediateValues: boolean;

  /** @throws {InvalidArgumentError} when maxRetry is not a non-negative integer. */
  constructor(options: RetryFailedTrialCallbackOptions = {}) {
    checkOptionKeys("new RetryFailedTrialCallback", options, optionKeys<RetryFailedTrialCallbackOptions>({ maxRetry: true, inheritIntermediateValues: true }));
    if (options.maxRetry !== undefined && !(Number.isInteger(options.maxRetry) && options.maxRetry >= 0)) {
      throw new InvalidArgumentError(`RetryFailedTrialCallback: maxRetry must be a non-negative integer, got ${String(options.maxRetry)}.`);
    }
    this.maxRetry = options.maxRetry;
    this.inheritIntermediateValues = options.inheritIntermediateValues ?? false;
  }

  async onTrialFailed(context: StaleTrialContext, trial: FrozenTrial): Promise<void> {
    const prev = trial.systemAttrs.retry_history;
    const history = [...(Array.isArray(prev) ? (prev as JsonValue[]) : []), trial.number];
    if (this.maxRetry !== undefined && this.maxRetry < history.length) return;
    const systemAttrs: Record<string, JsonValue> = {
      failed_trial: trial.number,
      ...trial.systemAttrs,
      retry_history: history,
    };
    // A retry measures its constraints afresh.
    for (const k of Object.keys(systemAttrs)) if (k.startsWith(CONSTRAINT_KEY_PREFIX) || k === LEGACY_CONSTRAINTS_KEY) delete systemAttrs[k];
    const template: FrozenTrial = freezeTrial({
      number: -1,
      trialId: -1,
      state: "WAITING",
      params: trial.params,
      distributions: trial.distributions,
      intermediateValues: this.inheritIntermediateValues ? trial.intermediateValues : {},
      userAttrs: trial.userAttrs,
      systemAttrs,
    });
    await context.storage.createNewTrial(context.studyId, template);
  }

  /** The number of the first trial of a retried trial's chain, or undefined. */
  static retriedTrialNumber(trial: FrozenTrial): number | undefined {
    const v = trial.systemAttrs.failed_trial;
    return typeof v === "number" ? v : undefined;
  }

  /** The numbers of the earlier trials of a retried trial's chain. */
  static retryHistory(trial: FrozenTrial): number[] {
    const v = trial.systemAttrs.retry_history;
    return Array.isArray(v) ? (v as number[]) : [];
  }
}
