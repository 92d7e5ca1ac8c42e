/**
 * Typed errors. Every mistake a user can make surfaces as a subclass of {@link ParzenError}
 * with a stable `code` and a message that says what was wrong and what to do.
 * @module
 */

/** Root of every error parzen throws on purpose. */
export class ParzenError extends Error {
  /** A stable, machine-readable identifier of the error kind. */
  readonly code: string = "PARZEN_ERROR";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A study with this name already exists in the storage. */
export class DuplicatedStudyError extends ParzenError {
  override readonly code = "DUPLICATED_STUDY";
  /** @param hint what to do instead (default: how createStudy resumes or avoids it). */
  constructor(
    readonly studyName: string,
    hint = "Pass loadIfExists: true to resume it, choose another studyName, or delete it first with deleteStudy().",
  ) {
    super(`A study named "${studyName}" already exists in this storage. ${hint}`);
  }
}

/** No study with this name (or id) exists; the message lists the ones that do. */
export class StudyNotFoundError extends ParzenError {
  override readonly code = "STUDY_NOT_FOUND";
  constructor(
    readonly studyName: string,
    readonly existing: readonly string[],
  ) {
    super(
      `No study named "${studyName}" in this storage. ` +
        (existing.length === 0
          ? "The storage holds no study yet: create one with createStudy()."
          : `Studies that exist: ${existing.map((n) => JSON.stringify(n)).join(", ")}.`),
    );
  }
}

/** A distribution was built with invalid arguments (the message quotes them). */
export class InvalidDistributionError extends ParzenError {
  override readonly code = "INVALID_DISTRIBUTION";
}

/** The same parameter name was used with an incompatible distribution. */
export class IncompatibleDistributionError extends ParzenError {
  override readonly code = "INCOMPATIBLE_DISTRIBUTION";
}

/** A value, option or argument passed to parzen is not valid. */
export class InvalidArgumentError extends ParzenError {
  override readonly code: string = "INVALID_ARGUMENT";
}

/** A sampler that enumerates values (BruteForceSampler) met a continuous parameter. */
export class ContinuousParameterError extends InvalidArgumentError {
  override readonly code = "CONTINUOUS_PARAMETER";
}

/** An options object has a key the call does not know (a typo in plain JavaScript, usually). */
export class UnknownOptionError extends InvalidArgumentError {
  override readonly code = "UNKNOWN_OPTION";
  constructor(
    /** The call, e.g. "optimize" or "new TPESampler". */
    readonly where: string,
    /** The key that is not an option. */
    readonly option: string,
    /** The options the call knows. */
    readonly validOptions: readonly string[],
    /** The valid option closest to `option`. */
    readonly suggestion: string | undefined,
  ) {
    super(
      `${where}: unknown option ${JSON.stringify(option)}.` +
        (suggestion !== undefined ? ` Did you mean ${JSON.stringify(suggestion)}?` : "") +
        ` Valid options: ${validOptions.join(", ")}.`,
    );
  }
}

/** A finished trial cannot be changed (tell twice, report after tell, ...). */
export class UpdateFinishedTrialError extends ParzenError {
  override readonly code = "UPDATE_FINISHED_TRIAL";
}

/** A trial number or id that the study does not have. */
export class TrialNotFoundError extends ParzenError {
  override readonly code = "TRIAL_NOT_FOUND";
}

/** A query that needs complete trials found none (bestTrial on an empty study, ...). */
export class NoCompletedTrialsError extends ParzenError {
  override readonly code: string = "NO_COMPLETED_TRIALS";
}

/** Trials are complete but none satisfies its constraints (bestTrial in a constrained study). */
export class NoFeasibleTrialsError extends NoCompletedTrialsError {
  override readonly code = "NO_FEASIBLE_TRIALS";
}

/** The storage failed: I/O, a file that is not a study database, a locked or read-only file. */
export class StorageError extends ParzenError {
  override readonly code: string = "STORAGE_ERROR";
}

/** The storage's schema version is one this version of parzen cannot use as is. */
export class StorageVersionError extends StorageError {
  override readonly code = "STORAGE_VERSION";
}

/** A worker thread could not run a trial's objective: the channel to the main thread broke, or the module could not load. */
export class WorkerError extends ParzenError {
  override readonly code = "WORKER_ERROR";
}

/** A trial ran longer than optimize's `trialTimeout`: it is FAIL, and `trial.signal` is aborted with this error. */
export class TrialTimeoutError extends ParzenError {
  override readonly code = "TRIAL_TIMEOUT";
}

/**
 * Thrown by an objective to prune the trial: `if (trial.shouldPrune()) throw new TrialPruned()`.
 * Not a failure; the trial ends in state PRUNED.
 */
export class TrialPruned extends ParzenError {
  override readonly code = "TRIAL_PRUNED";
  constructor(message = "Trial was pruned.") {
    super(message);
  }
}

/** Every error class by name: used to rebuild errors that crossed a worker-thread boundary. */
export const errorClasses = {
  ParzenError,
  DuplicatedStudyError,
  StudyNotFoundError,
  InvalidDistributionError,
  IncompatibleDistributionError,
  InvalidArgumentError,
  ContinuousParameterError,
  UnknownOptionError,
  UpdateFinishedTrialError,
  TrialNotFoundError,
  NoCompletedTrialsError,
  NoFeasibleTrialsError,
  StorageError,
  StorageVersionError,
  WorkerError,
  TrialTimeoutError,
  TrialPruned,
} as const;
