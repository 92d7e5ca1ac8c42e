/**
 * Study: a named optimization task in a storage, with ask/tell, optimize, enqueue and the
 * best-trial queries. The synchronous members read this process's snapshot of the trials,
 * refreshed at ask, tell, the end of optimize and refresh().
 * @module
 */
import { assertCompatible } from "../distributions/ops.js";
import type { Distribution, ParamValue } from "../distributions/types.js";
import { InvalidArgumentError, TrialNotFoundError, UpdateFinishedTrialError } from "../errors.js";
import type { Pruner } from "../pruners/base.js";
import type { Sampler } from "../samplers/base.js";
import { reseedForCall } from "../samplers/reseed.js";
import type { Storage, StudyRecord } from "../storages/base.js";
import { bestTrialOf } from "../storages/queries.js";
import { type FrozenTrial, validateTrial } from "../trial/frozen.js";
import { isFinished, type JsonValue, type StudyDirection, type TrialState } from "../trial/state.js";
import { Trial, type TrialHost, type TrialWriter } from "../trial/trial.js";
import { type DataframeAttr, type TrialsTable, trialsTable } from "./dataframe.js";
import { sameValue } from "../core/equality.js";
import { paretoFront } from "../core/pareto.js";
import { type Objective, type OptimizeOptionsOf, optimizeStudy } from "./optimize.js";
import type { StudyRuntime } from "./runtime.js";
import { checkTellValues } from "./tell.js";
import type { StudyView } from "../core/study-view.js";

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
export class Study implements TrialHost, StudyRuntime {
  private trialsCache: FrozenTrial[] = [];
  private readonly live = new Map<number, Trial>();
  private readonly writes = new Map<number, { chain: Promise<void>; error?: unknown }>();
  private paramDistributions = new Map<string, Distribution>();
  /**
   * Incremental bookkeeping of refresh, so that ask costs the same at 10,000 trials as at 100:
   * trials below `indexedUpTo` were seen by a refresh, and `unfinishedAt` holds the indices of
   * those that were not finished then (the only ones that can still change).
   */
  private indexedUpTo = 0;
  private unfinishedAt = new Set<number>();
  private record: StudyRecord;
  /** @internal set by stop() during optimize */
  stopRequested = false;
  private optimizing = false;
  private snapshot: StudyView | undefined;
  private reseedBase: string | undefined;

  /** @internal use createStudy / loadStudy */
  constructor(
    readonly storage: Storage,
    readonly studyId: number,
    record: StudyRecord,
    readonly sampler: Sampler,
    readonly pruner: Pruner,
  ) {
    this.record = record;
  }

  get studyName(): string {
    return this.record.studyName;
  }
  get directions(): readonly StudyDirection[] {
    return this.record.directions;
  }
  /** The direction of a single-objective study. */
  get direction(): StudyDirection {
    if (this.directions.length !== 1) {
      throw new InvalidArgumentError("This study has several objectives: read `directions` instead of `direction`.");
    }
    return this.directions[0] as StudyDirection;
  }
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.record.userAttrs;
  }
  get systemAttrs(): Readonly<Record<string, JsonValue>> {
    return this.record.systemAttrs;
  }
  /** @internal */
  get writer(): TrialWriter {
    return this.storage;
  }

  /** Sets a JSON-serializable user attribute of the study. */
  async setUserAttr(key: string, value: JsonValue): Promise<void> {
    await this.storage.setStudyUserAttr(this.studyId, key, value);
    this.record = await this.storage.getStudy(this.studyId);
  }

  /** Every trial, ordered by number (this process's snapshot). */
  get trials(): readonly FrozenTrial[] {
    return this.trialsCache.slice();
  }

  /** The trials, optionally only those in `states`. */
  getTrials(options: { states?: readonly TrialState[] } = {}): readonly FrozenTrial[] {
    const states = options.states;
    return states ? this.trialsCache.filter((t) => states.includes(t.state)) : this.trialsCache.slice();
  }

  /** The best COMPLETE trial (single objective). @throws {NoCompletedTrialsError} */
  get bestTrial(): FrozenTrial {
    return bestTrialOf(this.trialsCache, this.directions);
  }
  get bestValue(): number {
    return this.bestTrial.value as number;
  }
  get bestParams(): Readonly<Record<string, ParamValue>> {
    return this.bestTrial.params;
  }
  /** The Pareto front of the COMPLETE trials (any number of objectives). */
  get bestTrials(): FrozenTrial[] {
    return paretoFront(this.trialsCache, this.directions);
  }

  /** The trials as a table with Optuna's column names. */
  trialsDataframe(options: { attrs?: readonly DataframeAttr[] } = {}): TrialsTable {
    return trialsTable(this.trialsCache, this.directions.length, options.attrs);
  }

  /** Pulls trials other processes wrote. */
  async refresh(): Promise<void> {
    const trials = await this.storage.getAllTrials(this.studyId);
    // This process's running trials as they are now (trial number = index; fall back to a search).
    for (const local of this.live.values()) {
      let i = local.number;
      if (trials[i]?.trialId !== local.trialId) i = trials.findIndex((t) => t.trialId === local.trialId);
      const t = trials[i];
      if (t && !isFinished(t.state)) trials[i] = local.frozen;
    }
    this.trialsCache = trials;
    this.record = await this.storage.getStudy(this.studyId);
    this.indexNewTrials(trials);
  }

  /**
   * Records the distributions of the trials that are new since the last refresh or were not
   * finished then; finished trials never change, so the others need no second look.
   */
  private indexNewTrials(trials: readonly FrozenTrial[]): void {
    if (trials.length < this.indexedUpTo) {
      this.indexedUpTo = 0;
      this.unfinishedAt.clear();
    }
    const check = [...this.unfinishedAt];
    for (let i = this.indexedUpTo; i < trials.length; i++) check.push(i);
    this.unfinishedAt.clear();
    for (const i of check) {
      const t = trials[i];
      if (!t) continue;
      for (const [name, d] of Object.entries(t.distributions)) {
        if (!this.paramDistributions.has(name)) this.paramDistributions.set(name, d);
      }
      if (!isFinished(t.state)) this.unfinishedAt.add(i);
    }
    this.indexedUpTo = trials.length;
  }

  /** @internal */
  checkParamDistribution(name: string, distribution: Distribution): void {
    const prev = this.paramDistributions.get(name);
    if (prev) assertCompatible(name, prev, distribution);
    else this.paramDistributions.set(name, distribution);
  }

  /** @internal */
  updateLocalTrial(trial: FrozenTrial): void {
    if (this.trialsCache[trial.number]?.trialId === trial.trialId) this.trialsCache[trial.number] = trial;
    else {
      const i = this.trialsCache.findIndex((t) => t.trialId === trial.trialId);
      if (i >= 0) this.trialsCache[i] = trial;
    }
  }

  /** @internal */
  enqueueWrite(trialId: number, write: () => Promise<void>): void {
    let w = this.writes.get(trialId);
    if (!w) {
      w = { chain: Promise.resolve() };
      this.writes.set(trialId, w);
    }
    const entry = w;
    entry.chain = entry.chain.then(write).catch((e: unknown) => {
      if (entry.error === undefined) entry.error = e;
    });
  }

  /** @internal */
  async flushWrites(trialId: number): Promise<void> {
    const w = this.writes.get(trialId);
    if (!w) return;
    await w.chain;
    if (w.error !== undefined) {
      const e = w.error;
      w.error = undefined;
      throw e;
    }
  }

  /** @internal */
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): void {
    const t = this.live.get(trialId);
    if (!t) {
      throw new InvalidArgumentError(
        `setTrialSystemAttr: trial id ${trialId} is not a running trial of this process; only running trials can change.`,
      );
    }
    t.applySystemAttr(key, value);
    this.enqueueWrite(trialId, () => this.storage.setTrialSystemAttr(trialId, key, value));
  }

  /** @internal the view samplers and pruners read */
  readView(): StudyView {
    return this.snapshot ?? this;
  }

  /**
   * @internal Deterministic parallel runs: freeze what samplers and pruners see, and reseed the
   * sampler before each of its calls from (seed, trial number, call index).
   */
  beginDeterministicBatch(seedBase: string): void {
    const trials = this.trialsCache.slice();
    const study = this;
    this.reseedBase = seedBase;
    this.snapshot = {
      studyName: this.studyName,
      directions: this.directions,
      userAttrs: this.userAttrs,
      systemAttrs: this.systemAttrs,
      getTrials: (o = {}) => (o.states ? trials.filter((t) => o.states?.includes(t.state)) : trials.slice()),
      stop: () => study.stop(),
      setTrialSystemAttr: (id, k, v) => study.setTrialSystemAttr(id, k, v),
    };
  }

  /** @internal */
  endDeterministicBatch(): void {
    this.snapshot = undefined;
    this.reseedBase = undefined;
  }

  /** @internal */
  beforeSamplerCall(trial: FrozenTrial, callIndex: number): void {
    if (this.reseedBase !== undefined) reseedForCall(this.sampler, this.reseedBase, trial, callIndex);
  }

  /** Asks the running `optimize` to finish its current trials and return (no effect outside optimize). */
  stop(): void {
    this.requestStop();
  }

  /** @internal */
  requestStop(): void {
    if (this.optimizing) this.stopRequested = true;
  }

  /** @internal */
  beginOptimize(): void {
    if (this.optimizing) {
      throw new InvalidArgumentError("optimize() is already running on this study: nested optimize calls are not allowed.");
    }
    this.optimizing = true;
    this.stopRequested = false;
  }

  /** @internal */
  endOptimize(): void {
    this.optimizing = false;
    this.stopRequested = false;
  }

  /**
   * Starts a trial: the oldest enqueued (WAITING) trial, else a new one. Each entry of
   * `fixedDistributions` is suggested at once.
   */
  async ask(fixedDistributions: Record<string, Distribution> = {}): Promise<Trial> {
    if (this.storage.failStaleTrials) await this.failStaleTrials();
    await this.refresh();
    let frozen = await this.popWaitingTrial();
    if (!frozen) frozen = await this.storage.createNewTrial(this.studyId);
    if (this.trialsCache.length === frozen.number) this.trialsCache.push(frozen);
    else this.updateLocalTrial(frozen);
    const trial = new Trial(this, frozen);
    this.live.set(frozen.trialId, trial);
    try {
      await this.sampler.beforeTrial?.(this, trial.frozen);
      for (const [name, d] of Object.entries(fixedDistributions)) trial.suggest(name, d);
    } catch (e) {
      await this.finish(trial, "FAIL", undefined);
      throw e;
    }
    return trial;
  }

  /** @internal the trials other processes left RUNNING with a stale heartbeat become FAIL. */
  async failStaleTrials(): Promise<FrozenTrial[]> {
    return (await this.storage.failStaleTrials?.(this.studyId)) ?? [];
  }

  private async popWaitingTrial(): Promise<FrozenTrial | undefined> {
    // Only trials unfinished at the last refresh can be WAITING (see indexNewTrials).
    const waiting = [...this.unfinishedAt]
      .sort((a, b) => a - b)
      .map((i) => this.trialsCache[i])
      .filter((t): t is FrozenTrial => t !== undefined && t.state === "WAITING");
    for (const t of waiting) {
      try {
        if (await this.storage.setTrialStateValues(t.trialId, "RUNNING")) return await this.storage.getTrial(t.trialId);
      } catch (e) {
        if (!(e instanceof UpdateFinishedTrialError)) throw e;
      }
    }
    return undefined;
  }

  /**
   * Finishes a trial. `values`: a number, or an array for several objectives.
   * @throws {InvalidArgumentError} bad values or state; {TrialNotFoundError}; {UpdateFinishedTrialError}
   */
  async tell(trial: Trial | number, values?: number | readonly number[], options: TellOptions = {}): Promise<FrozenTrial> {
    const t = await this.resolveTrial(trial);
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
    return this.finish(t instanceof Trial ? t : current, checked.state, checked.values);
  }

  /** @internal the one place a trial's final state is written. */
  async finish(trial: Trial | FrozenTrial, state: TrialState, values: readonly number[] | undefined): Promise<FrozenTrial> {
    const id = trial.trialId;
    let frozen = trial instanceof Trial ? trial.frozen : trial;
    if (trial instanceof Trial) trial.markTold();
    let failure: unknown;
    const fail = (e: unknown): void => {
      failure ??= e;
      state = "FAIL";
      values = undefined;
    };
    await this.flushWrites(id).catch(fail);
    if (state === "PRUNED" && values === undefined) {
      const steps = Object.keys(frozen.intermediateValues).map(Number);
      if (steps.length > 0) {
        const last = frozen.intermediateValues[Math.max(...steps)] as number;
        if (!Number.isNaN(last)) values = [last];
      }
    }
    try {
      await this.sampler.afterTrial?.(this, frozen, state, values);
    } catch (e) {
      fail(e);
    }
    await this.flushWrites(id).catch(fail);
    this.writes.delete(id);
    try {
      await this.storage.setTrialStateValues(id, state, values);
    } finally {
      this.live.delete(id);
    }
    frozen = await this.storage.getTrial(id);
    if (trial instanceof Trial) trial.frozen = frozen;
    this.updateLocalTrial(frozen);
    if (failure !== undefined) throw failure;
    return frozen;
  }

  private async resolveTrial(trial: Trial | number): Promise<Trial | FrozenTrial> {
    if (trial instanceof Trial) return trial;
    if (!Number.isInteger(trial)) {
      throw new InvalidArgumentError(`tell() takes a Trial or a trial number, got ${JSON.stringify(trial)}.`);
    }
    for (const t of this.live.values()) if (t.number === trial) return t;
    let found = this.trialsCache[trial];
    if (!found || found.number !== trial) {
      await this.refresh();
      found = this.trialsCache.find((t) => t.number === trial);
    }
    if (!found) {
      throw new TrialNotFoundError(
        `Trial #${trial} does not exist in study "${this.studyName}" (it has ${this.trialsCache.length} trials).`,
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
    if (typeof params !== "object" || params === null || Array.isArray(params)) {
      throw new InvalidArgumentError(`enqueueTrial takes an object of parameter values, got ${JSON.stringify(params)}.`);
    }
    if (options.skipIfExists) {
      await this.refresh();
      const keys = Object.keys(params).sort().join("\u0000");
      const same = (p: Record<string, unknown>): boolean =>
        Object.keys(p).sort().join("\u0000") === keys && Object.entries(params).every(([k, v]) => sameValue(p[k], v));
      for (const t of this.trialsCache) {
        const fixed = t.systemAttrs.fixed_params as Record<string, unknown> | undefined;
        if (t.state === "WAITING" ? fixed !== undefined && same(fixed) : same(t.params)) return;
      }
    }
    const template: FrozenTrial = Object.freeze({
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
    if (this.trialsCache.length === t.number) this.trialsCache.push(t);
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
      for (const [name, d] of Object.entries(trial.distributions)) this.checkParamDistribution(name, d);
    }
    for (const trial of trials) await this.storage.createNewTrial(this.studyId, trial);
    await this.refresh();
  }

  /** Runs trials; see API.md. */
  optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    return optimizeStudy(this, this, objective, options);
  }
}
