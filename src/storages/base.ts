/**
 * The Storage interface: asynchronous primitives keyed by integer ids, as Optuna's BaseStorage.
 * Derived queries (best trial, counts) are written once in `queries.ts` for every backend.
 *
 * Contract for every backend:
 * - Returned `FrozenTrial`s are immutable and never change after they are returned; an update
 *   produces a new object. Backends may therefore return the same object twice, and callers
 *   may cache per-trial data by object identity.
 * - Finished trials (COMPLETE, PRUNED, FAIL) never change.
 * - Trial numbers within a study are 0, 1, 2 … in creation order, never duplicated, also when
 *   several processes or threads create trials at once.
 * - A WAITING trial is claimed (WAITING → RUNNING) by exactly one caller.
 * - Errors a user can cause are `ParzenError`s (StudyNotFoundError, DuplicatedStudyError,
 *   UpdateFinishedTrialError, IncompatibleDistributionError, StorageError …).
 * @module
 */
import type { Distribution } from "../distributions/types.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { JsonValue, StudyDirection, TrialState } from "../trial/state.js";

/** What a storage knows about one study. */
export interface StudyRecord {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
}

/** How a trial starts RUNNING (createNewTrial without template, or a WAITING trial claimed). */
export interface TrialStartOptions {
  /**
   * The caller will heartbeat the trial (optimize does; a bare ask/tell does not). A backend
   * with heartbeats writes the trial's first heartbeat in the same transaction that makes it
   * RUNNING, so a process killed before its first beat still leaves a trial that goes stale.
   */
  readonly heartbeat?: boolean;
}

/** The persistence primitives every backend implements. */
export interface Storage {
  /**
   * Creates a study. @returns its id.
   * @throws {DuplicatedStudyError} when the name is taken.
   */
  createNewStudy(directions: readonly StudyDirection[], studyName: string): Promise<number>;
  /** Deletes a study and all its trials. @throws {StudyNotFoundError} */
  deleteStudy(studyId: number): Promise<void>;
  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void>;
  setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void>;
  /** @throws {StudyNotFoundError} naming the studies that exist. */
  getStudyIdFromName(studyName: string): Promise<number>;
  /** @throws {StudyNotFoundError} */
  getStudy(studyId: number): Promise<StudyRecord>;
  /** Every study, ordered by id. */
  getAllStudies(): Promise<StudyRecord[]>;

  /**
   * Creates a trial: RUNNING and started now, or a copy of `template` (any state, its number
   * ignored). The number is the count of the study's trials created before it.
   * @returns the new trial.
   */
  createNewTrial(studyId: number, template?: FrozenTrial, options?: TrialStartOptions): Promise<FrozenTrial>;
  /**
   * Sets a parameter of a RUNNING trial (internal representation).
   * @throws {UpdateFinishedTrialError} if the trial is finished.
   * @throws {IncompatibleDistributionError} if another trial of the study used the name with an
   *   incompatible distribution.
   */
  setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void>;
  /**
   * Changes a trial's state (and values). WAITING → RUNNING sets datetimeStart; a finished state
   * sets datetimeComplete.
   * @returns false when asked to set RUNNING on a trial that is no longer WAITING (someone
   *   else claimed it); true otherwise.
   * @throws {UpdateFinishedTrialError} if the trial is already finished.
   */
  setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[], options?: TrialStartOptions): Promise<boolean>;
  /** @throws {UpdateFinishedTrialError} */
  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void>;
  /** @throws {UpdateFinishedTrialError} */
  setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  /** @throws {UpdateFinishedTrialError} */
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  /** @throws {TrialNotFoundError} */
  getTrial(trialId: number): Promise<FrozenTrial>;
  /** The study's trials ordered by number, optionally only those in `states`. */
  getAllTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<FrozenTrial[]>;

  /**
   * Optional: creates a study with its attributes and every trial (as `createNewTrial` with a
   * template) atomically: when any part fails, or the process dies half-way, no part of the
   * study is left. copyStudy uses it; without it, copyStudy deletes a partial copy on error.
   * @returns the new study's id. @throws {DuplicatedStudyError} when the name is taken.
   */
  importStudy?(study: Omit<StudyRecord, "studyId">, trials: readonly FrozenTrial[]): Promise<number>;

  /**
   * Optional: records that a RUNNING trial is alive (heartbeat). Backends without it omit it.
   */
  recordHeartbeat?(trialId: number): Promise<void>;
  /**
   * Optional: beats a RUNNING trial from a thread of its own until `stopHeartbeat`, so that a main
   * thread blocked by a synchronous objective still looks alive; the first beat is written at
   * once (unless the trial's creation wrote it, see TrialStartOptions). Without it, optimize calls
   * `recordHeartbeat` from a timer on the event loop (which a blocked thread cannot run).
   */
  startHeartbeat?(trialId: number): void;
  stopHeartbeat?(trialId: number): void;
  /** Optional: the RUNNING trials of a study whose heartbeat is stale; they are set to FAIL. */
  failStaleTrials?(studyId: number): Promise<FrozenTrial[]>;
  /** Optional: heartbeat interval in seconds, when the backend has heartbeats turned on. */
  readonly heartbeatInterval?: number;
  /** Optional: release connections and timers. */
  close?(): Promise<void>;
}
