/**
 * Study: a named optimization task in a storage, with ask/tell, optimize, enqueue and the
 * best-trial queries — the public shell users see. The trial runtime (snapshot, live trials,
 * write queue, finish path) is its StudySession (session.ts). The synchronous members read this
 * process's snapshot of the trials, refreshed at ask, tell, the end of optimize and refresh().
 * @module
 */
import { sameValue } from "../core/equality.js";
import { paretoFront } from "../core/pareto.js";
import { isFeasible } from "../core/constraints.js";
import type { StudyView } from "../core/study-view.js";
import type { Distribution, ParamValue } from "../distributions/types.js";
import { InvalidArgumentError, TrialNotFoundError, UpdateFinishedTrialError } from "../errors.js";
import { checkOptionKeys } from "../core/option-keys.js";
import type { Pruner } from "../pruners/base.js";
import type { Sampler } from "../samplers/base.js";
import type { Storage } from "../storages/base.js";
import { bestTrialOf } from "../storages/queries.js";
import { type FrozenTrial, freezeTrial, validateTrial } from "../trial/frozen.js";
import { isFinished, type JsonValue, type StudyDirection, type TrialState } from "../trial/state.js";
import { Trial } from "../trial/trial.js";
import { type DataframeAttr, type TrialsTable, trialsTable } from "./dataframe.js";
import type { OptimizeCallbackOf } from "./callbacks.js";
import { type Objective, type OptimizeOptionsOf, optimizeStudy } from "./optimize.js";
import type { StudySession } from "./session.js";
import { checkTellValues } from "./tell.js";
import { checkAttr, checkEnqueuedParams } from "../core/validate.js";

/** Options of {@link Study.optimize}; see optimize.ts. */
export type OptimizeOptions = OptimizeOptionsOf<Study>;

/** Options of {@link Study.tell}. */
export interface TellOptions {
  /** "COMPLETE" (needs values), "PRUNED" or "FAIL" (no values). Omitted: COMPLETE if the values are valid, else FAIL. */
  state?: TrialState;
  /** Return the trial as it is instead of throwing when it is already finished. */
  skipIfFinished?: boolean;
}

/** A study: see the module doc. Create one with `createStudy` or `loadStudy`. */
export class Study implements StudyView {
  readonly #session: StudySession;

  /** Studies are made by `createStudy` and `loadStudy`. */
  constructor(session: StudySession) {
    this.#session = session;
  }

  /** The storage the study reads and writes through (an SQLite storage inside its CachedStorage). */
  get storage(): Storage {
    return this.#session.storage;
  }
  get studyId(): number {
    return this.#session.studyId;
  }
  get sampler(): Sampler {
    return this.#session.sampler;
  }
  get pruner(): Pruner {
    return this.#session.pruner;
  }
  get studyName(): string {
    return this.#session.studyName;
  }
  get directions(): readonly StudyDirection[] {
    return this.#session.directions;
  }
  /** The direction of a single-objective study. */
  get direction(): StudyDirection {
    if (this.directions.length !== 1) {
      throw new InvalidArgumentError("This study has several objectives: read `directions` instead of `direction`.");
    }
    return this.directions[0] as StudyDirection;
  }
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.#session.userAttrs;
  }
  get systemAttrs(): Readonly<Record<string, JsonValue>> {
    return this.#session.systemAttrs;
  }

  /** Sets a JSON-serializable user attribute of the study. */
  async setUserAttr(key: string, value: JsonValue): Promise<void> {
    checkAttr("study.setUserAttr", key, value);
    await this.storage.setStudyUserAttr(this.studyId, key, value);
    await this.#session.refreshRecord();
  }

  /** Every trial, ordered by number (this process's snapshot). */
  get trials(): readonly FrozenTrial[] {
    return this.#session.getTrials();
  }

  /** The trials, optionally only those in `states`. */
  getTrials(options: { states?: readonly TrialState[] } = {}): readonly FrozenTrial[] {
    return this.#session.getTrials(options);
  }

  /** The best COMPLETE trial (single objective). @throws {NoCompletedTrialsError} */
  get bestTrial(): FrozenTrial {
    return bestTrialOf(this.#session.trialList, this.directions);
  }
  get bestValue(): number {
    return this.bestTrial.value as number;
  }
  get bestParams(): Readonly<Record<string, ParamValue>> {
    return this.bestTrial.params;
  }
  /** The Pareto front of the feasible COMPLETE trials (any number of objectives); [] when none. */
  get bestTrials(): FrozenTrial[] {
    return paretoFront(this.#session.trialList.filter(isFeasible), this.directions);
  }

  /** The trials as a table with Optuna's column names. */
  trialsDataframe(options: { attrs?: readonly DataframeAttr[] } = {}): TrialsTable {
    return trialsTable(this.#session.trialList, this.directions.length, options.attrs);
  }

  /** Pulls trials other processes wrote. */
  refresh(): Promise<void> {
    return this.#session.refresh();
  }

  /** Asks the running `optimize` to finish its current trials and return (no effect outside optimize). */
  stop(): void {
    this.#session.requestStop();
  }

  /**
   * Sets a system attribute of a running trial of this process (StudyView's write for samplers):
   * visible at once, written to storage before the trial is told.
   */
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): void {
    this.#session.setTrialSystemAttr(trialId, key, value);
  }

  /**
   * Starts a trial: the oldest enqueued (WAITING) trial, else a new one. Each entry of
   * `fixedDistributions` is suggested at once.
   */
  ask(fixedDistributions: Record<string, Distribution> = {}): Promise<Trial> {
    return this.#session.ask(fixedDistributions);
  }

  /**
   * Finishes a trial. `values`: a number, or an array for several objectives.
   * @throws {InvalidArgumentError} bad values or state; {TrialNotFoundError}; {UpdateFinishedTrialError}
   */
  async tell(trial: Trial | number, values?: number | readonly number[], options: TellOptions = {}): Promise<FrozenTrial> {
    checkOptionKeys("tell", options, ["state", "skipIfFinished"]);
    const t = await this.#resolveTrial(trial);
    const current = t instanceof Trial ? t.frozen : t;
    if (isFinished(current.state)) {
      if (options.skipIfFinished) return current;
      throw new UpdateFinishedTrialError(
        `Trial #${current.number} is already ${current.state}; it cannot be told again. Pass skipIfFinished to ignore this.`,
      );
    }
    if (current.state === "WAITING") {
      throw new InvalidArgumentError(`Trial #${current.number} is WAITING (enqueued, not started): ask() for it first.`);
    }
    const checked = checkTellValues(current, this.directions.length, values, options.state);
    return this.#session.finish(t, checked.state, checked.values);
  }

  async #resolveTrial(trial: Trial | number): Promise<Trial | FrozenTrial> {
    if (trial instanceof Trial) return trial;
    if (!Number.isInteger(trial)) {
      throw new InvalidArgumentError(`tell() takes a Trial or a trial number, got ${JSON.stringify(trial)}.`);
    }
    const live = this.#session.liveTrial(trial);
    if (live) return live;
    let found = this.#session.trialList[trial];
    if (!found || found.number !== trial) {
      await this.refresh();
      found = this.#session.trialList.find((t) => t.number === trial);
    }
    if (!found) {
      throw new TrialNotFoundError(
        `Trial #${trial} does not exist in study "${this.studyName}" (it has ${this.#session.trialList.length} trials).`,
      );
    }
    return found;
  }

  /**
   * Adds a WAITING trial whose parameters take these values when it runs.
   * `skipIfExists`: do nothing when a trial with the same parameter values exists.
   */
  async enqueueTrial(
    params: Record<string, ParamValue>,
    options: { userAttrs?: Record<string, JsonValue>; skipIfExists?: boolean } = {},
  ): Promise<void> {
    checkOptionKeys("enqueueTrial", options, ["userAttrs", "skipIfExists"]);
    checkEnqueuedParams(params, options.userAttrs);
    if (options.skipIfExists) {
      await this.refresh();
      const keys = Object.keys(params).sort().join("\u0000");
      const same = (p: Record<string, unknown>): boolean =>
        Object.keys(p).sort().join("\u0000") === keys && Object.entries(params).every(([k, v]) => sameValue(p[k], v));
      for (const t of this.#session.trialList) {
        const fixed = t.systemAttrs.fixed_params as Record<string, unknown> | undefined;
        if (t.state === "WAITING" ? fixed !== undefined && same(fixed) : same(t.params)) return;
      }
    }
    const template: FrozenTrial = freezeTrial({
      number: -1,
      trialId: -1,
      state: "WAITING",
      params: {},
      distributions: {},
      intermediateValues: {},
      userAttrs: options.userAttrs ?? {},
      systemAttrs: { fixed_params: params as Record<string, JsonValue> },
    });
    const t = await this.storage.createNewTrial(this.studyId, template);
    if (this.#session.trialList.length === t.number) this.#session.noteCreated(t);
  }

  /** Imports a finished (or any) trial, e.g. from `createTrial`. */
  async addTrial(trial: FrozenTrial): Promise<void> {
    await this.addTrials([trial]);
  }

  /** Imports several trials, in order (all are validated before any is written). */
  async addTrials(trials: readonly FrozenTrial[]): Promise<void> {
    for (const trial of trials) {
      validateTrial(trial);
      if (trial.values !== undefined && trial.values.length !== this.directions.length) {
        throw new InvalidArgumentError(
          `A trial has ${trial.values.length} values but the study has ${this.directions.length} objectives.`,
        );
      }
      for (const [name, d] of Object.entries(trial.distributions)) this.#session.checkParamDistribution(name, d);
    }
    for (const trial of trials) await this.storage.createNewTrial(this.studyId, trial);
    await this.refresh();
  }

  /** Runs trials; see docs/api.md. */
  optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    return optimizeStudy(this.#session, this, objective, options);
  }
}
