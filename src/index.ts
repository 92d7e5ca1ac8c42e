/**
 * parzen: hyperparameter optimization for TypeScript and Node.js.
 * Explicit named re-exports only; see docs/api.md.
 * @module
 */
export {
  CategoricalDistribution,
  type Distribution,
  FloatDistribution,
  IntDistribution,
  type NumericOptions,
  type ParamValue,
} from "./distributions/types.js";
export {
  assertCompatible,
  distributionContains,
  distributionsEqual,
  isSingle,
  toExternal,
  toInternal,
} from "./distributions/ops.js";
export { distributionFromJson, distributionFromObject, distributionToJson } from "./distributions/json.js";
export {
  DuplicatedStudyError,
  IncompatibleDistributionError,
  InvalidArgumentError,
  InvalidDistributionError,
  NoCompletedTrialsError,
  ParzenError,
  StorageError,
  StorageVersionError,
  StudyNotFoundError,
  TrialNotFoundError,
  TrialPruned,
  UpdateFinishedTrialError,
} from "./errors.js";
export { captureWarnings, type ParzenWarning, setWarningSink } from "./warnings.js";
export { type TrialState, type StudyDirection, type JsonValue, isFinished, TRIAL_STATES } from "./trial/state.js";
export { type FrozenTrial, type CreateTrialOptions, createTrial } from "./trial/frozen.js";
export { Trial, type SuggestOptions } from "./trial/trial.js";
export { FixedTrial } from "./trial/fixed.js";
export { Study, type TellOptions } from "./study/study.js";
export type { StudyView } from "./study/view.js";
export type { Objective, ObjectiveFunction, OptimizeOptions, CatchOption } from "./study/optimize.js";
export type { TrialsTable, DataframeAttr } from "./study/dataframe.js";
export {
  createStudy,
  loadStudy,
  deleteStudy,
  copyStudy,
  getAllStudySummaries,
  type CreateStudyOptions,
  type LoadStudyOptions,
  type CopyStudyOptions,
  type StudySummary,
} from "./study/create.js";
export { dominates, paretoFront } from "./study/multi-objective.js";
export type { Sampler, SearchSpace } from "./samplers/base.js";
export { RandomSampler } from "./samplers/random.js";
export { GridSampler } from "./samplers/grid.js";
export { TPESampler } from "./samplers/tpe/sampler.js";
export { type TPESamplerOptions, TPE_DEFAULTS } from "./samplers/tpe/options.js";
export {
  defaultGamma,
  defaultWeights,
  hyperoptDefaultGamma,
  parzenDefaultGamma,
  type GammaFunction,
  type WeightsFunction,
} from "./samplers/tpe/gamma.js";
export { IntersectionSearchSpace } from "./samplers/search-space.js";
export type { Pruner } from "./pruners/base.js";
export { NopPruner } from "./pruners/nop.js";
export { MedianPruner, PercentilePruner, type PercentilePrunerOptions, type MedianPrunerOptions } from "./pruners/percentile.js";
export {
  SuccessiveHalvingPruner,
  type SuccessiveHalvingPrunerOptions,
  completedRungKey,
} from "./pruners/successive-halving.js";
export { HyperbandPruner, type HyperbandPrunerOptions } from "./pruners/hyperband.js";
export { ThresholdPruner, type ThresholdPrunerOptions } from "./pruners/threshold.js";
export { PatientPruner, type PatientPrunerOptions } from "./pruners/patient.js";
export { WilcoxonPruner, type WilcoxonPrunerOptions, WILCOXON_WARNINGS } from "./pruners/wilcoxon.js";
export type { Storage, StudyRecord } from "./storages/base.js";
export { InMemoryStorage } from "./storages/in-memory.js";
export type { StorageLike } from "./storages/url.js";
export { createSqliteStorage } from "./storages/sqlite/factory.js";
export type { SqliteStorage, SqliteStorageOptions } from "./storages/sqlite/storage.js";
export {
  RetryFailedTrialCallback,
  type RetryFailedTrialCallbackOptions,
  type FailedTrialCallback,
  type StaleTrialContext,
} from "./storages/heartbeat.js";
export { Rng } from "./random/rng.js";
export { getParamImportances, type ParamImportanceOptions } from "./importance/index.js";
export type { ImportanceEvaluator, EvaluateOptions, ImportanceStudy } from "./importance/base.js";
export { FanovaImportanceEvaluator, type FanovaOptions } from "./importance/fanova/evaluator.js";
export {
  MeanDecreaseImpurityImportanceEvaluator,
  type MeanDecreaseImpurityOptions,
} from "./importance/mean-decrease-impurity.js";
