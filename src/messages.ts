/**
 * Every warning parzen shows a user, in one place (vega-lite's `log/message.ts` is the model):
 * each warning is a function of its facts that returns `{ code, message }`, so the wording is
 * written once, the codes are stable, and tests compare against these functions instead of
 * copying text. Emit one with `warn(messages.someWarning(...))` (src/warnings.ts).
 *
 * Errors keep their text at the `throw` (the error class carries the code); warnings live here.
 * @module
 */
import type { ParzenWarning } from "./warnings.js";

/** The stable warning codes. */
export const WARNING_CODES = {
  rangeNotDivisible: "PARZEN_RANGE_NOT_DIVISIBLE",
  trialFailed: "PARZEN_TRIAL_FAILED",
  trialTimedOut: "PARZEN_TRIAL_TIMED_OUT",
  trialFinishedElsewhere: "PARZEN_TRIAL_FINISHED_ELSEWHERE",
  inconsistentParameter: "PARZEN_INCONSISTENT_PARAMETER",
  fixedParamOutOfRange: "PARZEN_FIXED_PARAM_OUT_OF_RANGE",
  duplicateReport: "PARZEN_DUPLICATE_REPORT",
  constraintAlreadySet: "PARZEN_CONSTRAINT_ALREADY_SET",
  staleTrialFailed: "PARZEN_STALE_TRIAL_FAILED",
  heartbeatFailed: "PARZEN_HEARTBEAT_FAILED",
  gridExhausted: "PARZEN_GRID_EXHAUSTED",
  gridOutOfRange: "PARZEN_GRID_OUT_OF_RANGE",
  cmaesIndependent: "PARZEN_CMAES_INDEPENDENT",
  cmaesSpaceChanged: "PARZEN_CMAES_SPACE",
  cmaesSeparable1d: "PARZEN_CMAES_SEPARABLE",
  qmcUnseeded: "PARZEN_QMC_UNSEEDED",
  qmcIndependent: "PARZEN_QMC_INDEPENDENT",
  gpIndependent: "PARZEN_GP_INDEPENDENT_SAMPLING",
  pedAnovaRegionUnused: "PARZEN_PED_ANOVA_REGION_UNUSED",
  pedAnovaCustomTarget: "PARZEN_PED_ANOVA_TARGET",
  plotWarning: "PARZEN_PLOT_WARNING",
  wilcoxonNonFinite: "PARZEN_WILCOXON_NON_FINITE",
  wilcoxonBestHasNoValues: "PARZEN_WILCOXON_BEST_HAS_NO_VALUES",
  wilcoxonUnpairedSteps: "PARZEN_WILCOXON_UNPAIRED_STEPS",
  dashboardPublic: "PARZEN_DASHBOARD_PUBLIC",
} as const;

/** One of parzen's warning codes. */
export type WarningCode = (typeof WARNING_CODES)[keyof typeof WARNING_CODES];

const w = (code: WarningCode, message: string): ParzenWarning => ({ code, message });

// ── distributions ─────────────────────────────────────────────────────────────────────────

/** A stepped range whose width is not a multiple of the step: the high end is moved down. */
export const rangeNotDivisible = (kind: string, low: number, high: number, step: number, newHigh: number): ParzenWarning =>
  w(
    WARNING_CODES.rangeNotDivisible,
    `${kind}: the range [${low}, ${high}] is not divisible by \`step\` ${step}. It will be replaced with [${low}, ${newHigh}].`,
  );

// ── trials ────────────────────────────────────────────────────────────────────────────────

/** JSON for log lines, with non-finite numbers spelt as JavaScript does (JSON would write null). */
export function logJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? `${x}` : x)) ?? String(v);
}

/** The objective threw (not TrialPruned): the trial is FAIL. In Optuna's words. */
export const trialFailedWithError = (number: number, params: unknown, error: unknown): ParzenWarning =>
  w(
    WARNING_CODES.trialFailed,
    `Trial ${number} failed with parameters: ${logJson(params)} because of the following error: ${
      error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    }`,
  );

/** The trial reached optimize's trialTimeout: it is FAIL and optimize goes on. */
export const trialTimedOut = (number: number, seconds: number, onWorker: boolean): ParzenWarning =>
  w(
    WARNING_CODES.trialTimedOut,
    `Trial #${number} ran longer than trialTimeout (${seconds} s): it is FAIL` +
      (onWorker ? "; its worker thread was terminated and replaced." : " and its trial.signal was aborted; optimize goes on without it."),
  );

/**
 * A trial was finished by someone else (another process failed it for a stale heartbeat) while
 * this process ran it; a COMPLETE result is kept as trial #`keptAs`.
 */
export const trialFinishedElsewhere = (number: number, storedState: string, state: string, keptAs: number | undefined): ParzenWarning =>
  w(
    WARNING_CODES.trialFinishedElsewhere,
    `Trial #${number} was already ${storedState} in storage when this process finished it as ${state} ` +
      "(another process set it, e.g. because its heartbeat looked stale). " +
      (keptAs === undefined
        ? "Its outcome is dropped; optimize goes on."
        : `Its result is kept as trial #${keptAs} (COMPLETE, system attr finished_elsewhere = ${number}); optimize goes on. ` +
          "If the other process was wrong, give storages a longer gracePeriod."),
  );

/** The objective returned values a COMPLETE trial cannot take: the trial is FAIL. In Optuna's words. */
export const trialFailedValues = (number: number, params: unknown, reason: string): ParzenWarning =>
  w(WARNING_CODES.trialFailed, `Trial ${number} failed with parameters: ${logJson(params)} because of the following error: ${reason}`);

/** A parameter suggested again in one trial with another (compatible) range. */
export const inconsistentParameter = (name: string, number: number): ParzenWarning =>
  w(
    WARNING_CODES.inconsistentParameter,
    `Parameter "${name}" was suggested again in trial #${number} with another range; ` +
      "the first value is returned. Use one range per name within a trial.",
  );

/**
 * An enqueued numeric value that is not a point of the suggested distribution: rounded (int) or
 * used anyway (outside the range, off the step grid). `where` names the value, parameter and trial;
 * `notes` say what is wrong with it; `used` is the value the parameter takes.
 */
export const fixedParamOutOfRange = (where: string, notes: readonly string[], used: number): ParzenWarning =>
  w(WARNING_CODES.fixedParamOutOfRange, `${where} ${notes.join(" and ")}; ${used} is used.`);

/** A second report at the same step. */
export const duplicateReport = (number: number, step: number): ParzenWarning =>
  w(WARNING_CODES.duplicateReport, `Trial #${number} already reported a value at step ${step}; this report is ignored.`);

/** `setConstraint` with a name the trial already has: the first value stays. */
export const constraintAlreadySet = (number: number, name: string, kept: number | undefined, ignored: number): ParzenWarning =>
  w(WARNING_CODES.constraintAlreadySet, `Trial #${number}: the constraint "${name}" is already set to ${kept}; the new value ${ignored} is ignored.`);

// ── storages ──────────────────────────────────────────────────────────────────────────────

/** A RUNNING trial whose heartbeat went stale was failed. */
export const staleTrialFailed = (number: number, gracePeriod: number): ParzenWarning =>
  w(
    WARNING_CODES.staleTrialFailed,
    `Trial #${number} was RUNNING without a heartbeat for more than ${gracePeriod} s (its process died?): it is now FAIL.`,
  );

/** The heartbeat timer could not reach the database (after its retries): other hosts may fail these trials. */
export const heartbeatFailed = (count: number, where: string, reason: string): ParzenWarning =>
  w(
    WARNING_CODES.heartbeatFailed,
    `Could not record the heartbeats of ${count} running trial(s) in ${where}: ${reason}. ` +
      "If this lasts longer than the grace period, other processes will fail these trials.",
  );

// ── samplers ──────────────────────────────────────────────────────────────────────────────

/** Every grid point has run: a random one runs again. */
export const gridExhausted = (): ParzenWarning =>
  w(WARNING_CODES.gridExhausted, "GridSampler: every grid point has been evaluated; a random point is evaluated again.");

/** A grid value outside the range the objective suggested. */
export const gridOutOfRange = (name: string, value: unknown): ParzenWarning =>
  w(
    WARNING_CODES.gridOutOfRange,
    `GridSampler: value ${JSON.stringify(value)} of "${name}" is outside the suggested range; it is used anyway.`,
  );

/** CMA-ES sends a categorical or conditional parameter to its independent sampler. */
export const cmaesIndependent = (name: string): ParzenWarning =>
  w(
    WARNING_CODES.cmaesIndependent,
    `CmaEsSampler: parameter "${name}" is sampled by the independent sampler: categorical parameters and a dynamic ` +
      "(conditional) search space are not supported by CMA-ES. Silence with warnIndependentSampling: false.",
  );

/** GPSampler samples a parameter outside its relative space with the independent sampler. */
export const gpIndependent = (name: string): ParzenWarning =>
  w(
    WARNING_CODES.gpIndependent,
    `GPSampler samples "${name}" with its independent sampler: it is not in every completed trial with one distribution (a conditional or changing search space).`,
  );

/** The stored CMA-ES evolution belongs to another search space. */
export const cmaesSpaceChanged = (): ParzenWarning =>
  w(
    WARNING_CODES.cmaesSpaceChanged,
    "CmaEsSampler: the search space differs from the one the stored CMA-ES evolution was built for; " +
      "parameters are sampled by the independent sampler from now on. Start a new study for the new space.",
  );

/** Separable CMA-ES asked for a single numeric parameter. */
export const cmaesSeparable1d = (): ParzenWarning =>
  w(WARNING_CODES.cmaesSeparable1d, "CmaEsSampler: separable CMA-ES needs at least 2 numeric parameters; the full CMA-ES is used.");

/** A scrambled QMC sampler without a seed: processes would not share one sequence. */
export const qmcUnseeded = (): ParzenWarning =>
  w(
    WARNING_CODES.qmcUnseeded,
    "QMCSampler: scrambled without a seed, so every process scrambles differently and their points do not form one " +
      "sequence. Pass the same `seed` to every process.",
  );

/** QMC sends a parameter outside the first finished trial's space to its independent sampler. */
export const qmcIndependent = (name: string): ParzenWarning =>
  w(
    WARNING_CODES.qmcIndependent,
    `QMCSampler: parameter "${name}" is not in the search space of the first finished trial; it is sampled by the ` +
      "independent sampler. Silence with warnIndependentSampling: false.",
  );

/** A fixed value of PartialFixedSampler outside the suggested range. */
export const partialFixedOutOfRange = (name: string, value: unknown): ParzenWarning =>
  w(
    WARNING_CODES.fixedParamOutOfRange,
    `PartialFixedSampler: fixed parameter "${name}" = ${JSON.stringify(value)} is out of its range; it is used anyway.`,
  );

// ── importance ────────────────────────────────────────────────────────────────────────────

/** PED-ANOVA: regionQuantile is ignored when the region density is uniform. */
export const pedAnovaRegionUnused = (): ParzenWarning =>
  w(WARNING_CODES.pedAnovaRegionUnused, "PedAnovaImportanceEvaluator: regionQuantile has no effect with evaluateOnLocal: false.");

/** PED-ANOVA: a custom target is minimized. */
export const pedAnovaCustomTarget = (): ParzenWarning =>
  w(WARNING_CODES.pedAnovaCustomTarget, "PedAnovaImportanceEvaluator: a custom target is treated as lower is better.");

// ── pruners ───────────────────────────────────────────────────────────────────────────────

const WILCOXON = "WilcoxonPruner";

/** The trial reported an infinite or NaN value. */
export const wilcoxonTrialNonFinite = (number: number): ParzenWarning =>
  w(WARNING_CODES.wilcoxonNonFinite, `${WILCOXON}: trial #${number} reported an infinite or NaN value; it will not be pruned.`);

/** The best trial has an infinite or NaN intermediate value. */
export const wilcoxonBestNonFinite = (bestNumber: number, number: number): ParzenWarning =>
  w(
    WARNING_CODES.wilcoxonNonFinite,
    `${WILCOXON}: the best trial #${bestNumber} has an infinite or NaN intermediate value; trial #${number} will not be pruned.`,
  );

/** The best trial has no intermediate values. */
export const wilcoxonBestHasNoValues = (bestNumber: number): ParzenWarning =>
  w(
    WARNING_CODES.wilcoxonBestHasNoValues,
    `${WILCOXON}: the best trial #${bestNumber} has no intermediate values, so no trial can be pruned. ` +
      "If you added it with addTrial, pass intermediateValues to createTrial.",
  );

/** The trial reported steps the best trial did not. */
export const wilcoxonUnpairedSteps = (number: number, bestNumber: number): ParzenWarning =>
  w(
    WARNING_CODES.wilcoxonUnpairedSteps,
    `${WILCOXON}: trial #${number} reported steps the best trial #${bestNumber} did not; those values are ignored.`,
  );

// ── visualization ─────────────────────────────────────────────────────────────────────────

/** A warning or error vega logged while rendering. */
export const plotWarning = (args: readonly unknown[]): ParzenWarning => w(WARNING_CODES.plotWarning, args.map(String).join(" "));

// ── dashboard ─────────────────────────────────────────────────────────────────────────────

/** The web dashboard listens beyond this machine (any non-loopback --host): a token is required. */
export const dashboardPublic = (host: string): ParzenWarning =>
  w(
    WARNING_CODES.dashboardPublic,
    `--host ${host} serves every study of this storage to the network, not only to this machine. ` +
      "Anyone who can reach this port and has the token below can read them; the token is printed only now. " +
      "Use the default --host 127.0.0.1 (with an SSH tunnel) unless you mean to share.",
  );

// ── log lines (info level, not warnings): Optuna's per-study and per-trial lines ─────────

/** createStudy made a new study. */
export const studyCreated = (where: "memory" | "RDB", name: string): string => `A new study created in ${where} with name: ${name}`;

/** createStudy({ loadIfExists: true }) found the study. */
export const studyReused = (name: string): string => `Using an existing study with name '${name}' instead of creating a new one.`;

/** A COMPLETE trial of a single-objective study, with the study's best. */
export const trialFinished = (number: number, value: number, params: unknown, bestNumber: number, bestValue: number): string =>
  `Trial ${number} finished with value: ${String(value)} and parameters: ${logJson(params)}. ` +
  `Best is trial ${bestNumber} with value: ${String(bestValue)}.`;

/** A COMPLETE trial of a multi-objective study. */
export const trialFinishedValues = (number: number, values: readonly number[] | undefined, params: unknown): string =>
  `Trial ${number} finished with values: ${logJson(values)} and parameters: ${logJson(params)}.`;

/** A PRUNED trial, with the TrialPruned message when there is one. */
export const trialPruned = (number: number, message: string): string => `Trial ${number} pruned.${message ? ` ${message}` : ""}`;
