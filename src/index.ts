/**
 * parzen: hyperparameter optimization for TypeScript and Node.js.
 * The public API only (docs/api.md): explicit named re-exports, and the plug-in folders' own
 * index.ts (samplers/, pruners/, storages/), which list their public names the same way.
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
  distributionContains,
  distributionsEqual,
  isSingle,
  toExternal,
  toInternal,
} from "./distributions/ops.js";
export { distributionFromJson, distributionFromObject, distributionToJson } from "./distributions/json.js";
export {
  ContinuousParameterError,
  DuplicatedStudyError,
  IncompatibleDistributionError,
  InvalidArgumentError,
  UnknownOptionError,
  InvalidDistributionError,
  NoCompletedTrialsError,
  NoFeasibleTrialsError,
  ParzenError,
  StorageError,
  StorageVersionError,
  StudyNotFoundError,
  TrialNotFoundError,
  TrialPruned,
  TrialTimeoutError,
  UpdateFinishedTrialError,
  WorkerError,
} from "./errors.js";
export { captureWarnings, type ParzenWarning, setWarningSink, type WarningSink } from "./warnings.js";
export { WARNING_CODES, type WarningCode } from "./messages.js";
export {
  getVerbosity,
  setVerbosity,
  setLogHandler,
  isLogEnabled,
  type LogHandler,
  type LogLevel,
  type LogRecord,
  type Verbosity,
} from "./core/logging.js";
export { type TrialState, type StudyDirection, type JsonValue, isFinished, TRIAL_STATES } from "./trial/state.js";
export { type FrozenTrial, type CreateTrialOptions, createTrial } from "./trial/frozen.js";
export { Trial, type SuggestOptions } from "./trial/trial.js";
export { FixedTrial } from "./trial/fixed.js";
export { Study, type TellOptions, type OptimizeOptions } from "./study/study.js";
export type { StudyView } from "./core/study-view.js";
export type { ObjectiveTrial, ObjectiveResult } from "./core/objective.js";
export type { Objective, ObjectiveFunction, CatchOption } from "./study/optimize.js";
import type { OptimizeCallbackOf } from "./study/callbacks.js";
import type { Study } from "./study/study.js";
export { MaxTrialsCallback, type MaxTrialsCallbackOptions, type OptimizeCallbackOf } from "./study/callbacks.js";
/** A callback of `study.optimize`: a function `(study, trial) => …` or an object with `onTrialFinished`. */
export type OptimizeCallback = OptimizeCallbackOf<Study>;
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
export { dominates, paretoFront } from "./core/pareto.js";
export { hypervolume, hypervolumeContributions, type HypervolumeOptions } from "./multi-objective/hypervolume.js";
export { nonDominatedRanks, crowdingDistance } from "./multi-objective/sorting.js";
export { type ConstraintsRecord, isFeasible, totalViolation } from "./core/constraints.js";
export {
  type Sampler,
  type SearchSpace,
  RandomSampler,
  GridSampler,
  TPESampler,
  type TPESamplerOptions,
  GPSampler,
  type GPSamplerOptions,
  AutoSampler,
  type AutoSamplerOptions,
  AUTO_LIMITS,
  AUTO_SAMPLER_KEY,
  CmaEsSampler,
  type CmaEsSamplerOptions,
  type RestartStrategy,
  QMCSampler,
  type QMCSamplerOptions,
  Sobol,
  Halton,
  BruteForceSampler,
  type BruteForceSamplerOptions,
  PartialFixedSampler,
  type PartialFixedSamplerOptions,
  defaultGamma,
  defaultWeights,
  hyperoptDefaultGamma,
  parzenDefaultGamma,
  type GammaFunction,
  type WeightsFunction,
  IntersectionSearchSpace,
  NSGAIISampler,
  NSGAIIISampler,
  type NSGAIIISamplerOptions,
  type GASamplerOptions,
  type Crossover,
  type CrossoverContext,
  UniformCrossover,
  BLXAlphaCrossover,
  SPXCrossover,
  SBXCrossover,
  VSBXCrossover,
  UNDXCrossover,
  dasDennisPoints,
} from "./samplers/index.js";
export { getHypervolumeHistory, type HypervolumePoint, type HypervolumeStudy } from "./study/hypervolume-history.js";
export {
  type Pruner,
  NopPruner,
  MedianPruner,
  PercentilePruner,
  type PercentilePrunerOptions,
  type MedianPrunerOptions,
  SuccessiveHalvingPruner,
  type SuccessiveHalvingPrunerOptions,
  HyperbandPruner,
  type HyperbandPrunerOptions,
  ThresholdPruner,
  type ThresholdPrunerOptions,
  PatientPruner,
  type PatientPrunerOptions,
  WilcoxonPruner,
  type WilcoxonPrunerOptions,
} from "./pruners/index.js";
export {
  type Storage,
  type StudyRecord,
  type TrialStartOptions,
  InMemoryStorage,
  CachedStorage,
  type IncrementalReads,
  type TrialsSince,
  type StorageLike,
  createSqliteStorage,
  type SqliteStorage,
  type SqliteStorageOptions,
  createPostgresStorage,
  type PostgresStorage,
  type PostgresOpenOptions,
  type PostgresStorageOptions,
  RetryFailedTrialCallback,
  type RetryFailedTrialCallbackOptions,
  type FailedTrialCallback,
  type StaleTrialContext,
} from "./storages/index.js";
export { getParamImportances, type ParamImportanceOptions } from "./importance/index.js";
export type { ImportanceEvaluator, EvaluateOptions, ImportanceStudy } from "./importance/base.js";
export { FanovaImportanceEvaluator, type FanovaOptions } from "./importance/fanova/evaluator.js";
export { PedAnovaImportanceEvaluator, type PedAnovaOptions } from "./importance/ped-anova/evaluator.js";
export {
  MeanDecreaseImpurityImportanceEvaluator,
  type MeanDecreaseImpurityOptions,
} from "./importance/mean-decrease-impurity.js";
