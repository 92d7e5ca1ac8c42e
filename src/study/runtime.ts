/**
 * StudyRuntime: what `optimize`, `runAskedTrial` and the progress bar need of a study — the
 * trial runtime's interface, not the public `Study`. The study session implements it.
 * @module
 */
import type { Sampler } from "../samplers/base.js";
import type { Distribution } from "../distributions/types.js";
import type { Storage, TrialStartOptions } from "../storages/base.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { StudyDirection, TrialState } from "../trial/state.js";
import type { Trial } from "../trial/trial.js";

/** Finishes trials: the one path a trial's final state takes to storage. */
export interface TrialFinisher {
  readonly directions: readonly StudyDirection[];
  /** Awaits the trial's queued writes, runs the sampler's afterTrial, writes state and values. */
  finish(trial: Trial | FrozenTrial, state: TrialState, values: readonly number[] | undefined): Promise<FrozenTrial>;
  /** The study's best COMPLETE trial as this process last saw it; undefined with none, or with several objectives. */
  bestTrialIfAny(): FrozenTrial | undefined;
}

/** The trial runtime of one study in this process, as optimize drives it. */
export interface StudyRuntime extends TrialFinisher {
  readonly storage: Storage;
  readonly sampler: Sampler;
  /**
   * Starts a trial (claims a WAITING one or creates one). `start.heartbeat`: the caller will
   * heartbeat it, so the storage writes its first heartbeat with the trial (see TrialStartOptions).
   */
  ask(fixedDistributions?: Record<string, Distribution>, start?: TrialStartOptions): Promise<Trial>;
  /** Pulls what other processes wrote. */
  refresh(): Promise<void>;
  /** Marks an optimize run as started. @throws {InvalidArgumentError} when one is already running. */
  beginOptimize(): void;
  /** Marks the optimize run as over (and forgets a stop request). */
  endOptimize(): void;
  /** Whether stop() was called during this optimize run. */
  readonly stopRequested: boolean;
  /** Asks the running optimize to finish its current trials and return. */
  requestStop(): void;
  /** Deterministic parallel runs: freeze what samplers and pruners read, and reseed per call. */
  beginDeterministicBatch(seedBase: string): void;
  endDeterministicBatch(): void;
}
