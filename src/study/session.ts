/**
 * StudySession: the trial runtime of one study in this process. It owns what a running study
 * holds — the snapshot of trials (refreshed incrementally), this process's live trials, their
 * write queue, the deterministic-batch view and the finish path — and is what samplers and
 * pruners see (StudyView), what each Trial talks to (TrialHost) and what optimize drives
 * (StudyRuntime). `Study` is the public shell over it.
 * @module
 */
import type { StudyView } from "../core/study-view.js";
import { DistributionRegistry } from "../distributions/registry.js";
import type { Distribution } from "../distributions/types.js";
import { InvalidArgumentError, UpdateFinishedTrialError } from "../errors.js";
import type { Pruner } from "../pruners/base.js";
import type { Sampler } from "../samplers/base.js";
import { reseedForCall } from "../samplers/reseed.js";
import type { Storage, StudyRecord, TrialStartOptions } from "../storages/base.js";
import { bestTrialOf } from "../storages/queries.js";
import type { FrozenTrial } from "../trial/frozen.js";
import { isFinished, type JsonValue, type StudyDirection, type TrialState } from "../trial/state.js";
import { Trial, type TrialHost, type TrialWriter } from "../trial/trial.js";
import type { StudyRuntime } from "./runtime.js";
import { keepResultOfTrialFinishedElsewhere } from "./finished-elsewhere.js";
import { WriteQueue } from "./write-queue.js";
import { checkAttr, checkDistributionsArg } from "../core/validate.js";

/** The runtime behind a Study; see the module doc. */
export class StudySession implements TrialHost, StudyRuntime {
  private trialsCache: FrozenTrial[] = [];
  private readonly live = new Map<number, Trial>();
  private readonly writes = new WriteQueue();
  private readonly distributions = new DistributionRegistry();
  /**
   * Incremental bookkeeping of refresh, so that ask costs the same at 10,000 trials as at 100:
   * trials below `indexedUpTo` were seen by a refresh, and `unfinishedAt` holds the indices of
   * those that were not finished then (the only ones that can still change).
   */
  private indexedUpTo = 0;
  private unfinishedAt = new Set<number>();
  private firstSeen: FrozenTrial | undefined;
  private optimizing = false;
  private stopFlag = false;
  private snapshot: StudyView | undefined;
  private reseedBase: string | undefined;

  constructor(
    readonly storage: Storage,
    readonly studyId: number,
    private record: StudyRecord,
    readonly sampler: Sampler,
    readonly pruner: Pruner,
  ) {}

  // ── StudyView ───────────────────────────────────────────────────────────────────────────

  get studyName(): string {
    return this.record.studyName;
  }
  get directions(): readonly StudyDirection[] {
    return this.record.directions;
  }
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.record.userAttrs;
  }
  get systemAttrs(): Readonly<Record<string, JsonValue>> {
    return this.record.systemAttrs;
  }

  getTrials(options: { states?: readonly TrialState[] } = {}): readonly FrozenTrial[] {
    const states = options.states;
    return states ? this.trialsCache.filter((t) => states.includes(t.state)) : this.trialsCache.slice();
  }

  /** The snapshot itself, not a copy (read only). */
  get trialList(): readonly FrozenTrial[] {
    return this.trialsCache;
  }

  /** The best COMPLETE trial of the snapshot, or undefined (none, or several objectives). */
  bestTrialIfAny(): FrozenTrial | undefined {
    return this.directions.length === 1 && this.trialsCache.some((t) => t.state === "COMPLETE")
      ? bestTrialOf(this.trialsCache, this.directions)
      : undefined;
  }

  stop(): void {
    this.requestStop();
  }

  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): void {
    checkAttr("setTrialSystemAttr", key, value, true);
    const t = this.live.get(trialId);
    if (!t) {
      throw new InvalidArgumentError(
        `setTrialSystemAttr: trial id ${trialId} is not a running trial of this process; only running trials can change.`,
      );
    }
    t.applySystemAttr(key, value);
    this.enqueueWrite(trialId, () => this.storage.setTrialSystemAttr(trialId, key, value));
  }

  // ── TrialHost ───────────────────────────────────────────────────────────────────────────

  get writer(): TrialWriter {
    return this.storage;
  }

  checkParamDistribution(name: string, distribution: Distribution): void {
    this.distributions.check(name, distribution);
  }

  updateLocalTrial(trial: FrozenTrial): void {
    if (this.trialsCache[trial.number]?.trialId === trial.trialId) this.trialsCache[trial.number] = trial;
    else {
      const i = this.trialsCache.findIndex((t) => t.trialId === trial.trialId);
      if (i >= 0) this.trialsCache[i] = trial;
    }
  }

  enqueueWrite(trialId: number, write: () => Promise<void>): void {
    this.writes.enqueue(trialId, write);
  }

  flushWrites(trialId: number): Promise<void> {
    return this.writes.flush(trialId);
  }

  readView(): StudyView {
    return this.snapshot ?? this;
  }

  beforeSamplerCall(trial: FrozenTrial, callIndex: number): void {
    if (this.reseedBase !== undefined) reseedForCall(this.sampler, this.reseedBase, trial, callIndex);
  }

  // ── snapshot ────────────────────────────────────────────────────────────────────────────

  /** Pulls trials other processes wrote, keeping this process's running trials as they are now. */
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

  /** Re-reads the study record (after a study attribute changed). */
  async refreshRecord(): Promise<void> {
    this.record = await this.storage.getStudy(this.studyId);
  }

  /**
   * Records the distributions of the trials that are new since the last refresh or were not
   * finished then; finished trials never change, so the others need no second look.
   */
  private indexNewTrials(trials: readonly FrozenTrial[]): void {
    if (trials.length < this.indexedUpTo || replacedFirst(this.firstSeen, trials[0])) {
      // Fewer trials, or another first trial: the study was replaced (deleted and created anew
      // under the same name by another process). Forget what the old one's trials said.
      this.distributions.clear();
      this.indexedUpTo = 0;
      this.unfinishedAt.clear();
    }
    const check = [...this.unfinishedAt];
    for (let i = this.indexedUpTo; i < trials.length; i++) check.push(i);
    this.unfinishedAt.clear();
    for (const i of check) {
      const t = trials[i];
      if (!t) continue;
      this.distributions.observe(t.distributions);
      if (!isFinished(t.state)) this.unfinishedAt.add(i);
    }
    this.indexedUpTo = trials.length;
    this.firstSeen = trials[0];
  }

  /** Adds a trial this process just created to the snapshot (when it is the next number). */
  noteCreated(trial: FrozenTrial): void {
    if (this.trialsCache.length === trial.number) this.trialsCache.push(trial);
    else this.updateLocalTrial(trial);
  }

  /** This process's running trial with that number, if any. */
  liveTrial(number: number): Trial | undefined {
    for (const t of this.live.values()) if (t.number === number) return t;
    return undefined;
  }

  // ── the trial runtime ───────────────────────────────────────────────────────────────────

  /**
   * Starts a trial: the oldest enqueued (WAITING) trial, else a new one. Each entry of
   * `fixedDistributions` is suggested at once.
   */
  async ask(fixedDistributions: Record<string, Distribution> = {}, start: TrialStartOptions = {}): Promise<Trial> {
    checkDistributionsArg(fixedDistributions);
    if (this.storage.failStaleTrials) await this.storage.failStaleTrials(this.studyId);
    await this.refresh();
    let frozen = await this.popWaitingTrial(start);
    if (!frozen) frozen = await this.storage.createNewTrial(this.studyId, undefined, start);
    this.noteCreated(frozen);
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

  private async popWaitingTrial(start: TrialStartOptions): Promise<FrozenTrial | undefined> {
    // Only trials unfinished at the last refresh can be WAITING (see indexNewTrials).
    const waiting = [...this.unfinishedAt]
      .sort((a, b) => a - b)
      .map((i) => this.trialsCache[i])
      .filter((t): t is FrozenTrial => t !== undefined && t.state === "WAITING");
    for (const t of waiting) {
      try {
        if (await this.storage.setTrialStateValues(t.trialId, "RUNNING", undefined, start)) return await this.storage.getTrial(t.trialId);
      } catch (e) {
        if (!(e instanceof UpdateFinishedTrialError)) throw e;
      }
    }
    return undefined;
  }

  /**
   * The one place a trial's final state is written: awaits its queued writes, runs the sampler's
   * afterTrial, writes state and values. A failed write or hook fails the trial and is rethrown.
   */
  async finish(trial: Trial | FrozenTrial, state: TrialState, values: readonly number[] | undefined): Promise<FrozenTrial> {
    const id = trial.trialId;
    const asked = { state, values };
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
    this.writes.forget(id);
    try {
      await this.storage.setTrialStateValues(id, state, values);
    } catch (e) {
      // Finished by someone else meanwhile (a stale-looking heartbeat): keep the result, go on.
      if (!(e instanceof UpdateFinishedTrialError) || !(failure === undefined || failure instanceof UpdateFinishedTrialError)) throw e;
      const kept = await keepResultOfTrialFinishedElsewhere(this.storage, this.studyId, frozen, asked.state, asked.values);
      await this.refresh();
      return kept;
    } finally {
      this.live.delete(id);
    }
    frozen = await this.storage.getTrial(id);
    if (trial instanceof Trial) trial.frozen = frozen;
    this.updateLocalTrial(frozen);
    if (failure !== undefined) throw failure;
    return frozen;
  }

  // ── optimize's state ────────────────────────────────────────────────────────────────────

  get stopRequested(): boolean {
    return this.stopFlag;
  }

  requestStop(): void {
    if (this.optimizing) this.stopFlag = true;
  }

  beginOptimize(): void {
    if (this.optimizing) {
      throw new InvalidArgumentError("optimize() is already running on this study: nested optimize calls are not allowed.");
    }
    this.optimizing = true;
    this.stopFlag = false;
  }

  endOptimize(): void {
    this.optimizing = false;
    this.stopFlag = false;
  }

  /**
   * Deterministic parallel runs: freeze what samplers and pruners see, and reseed the sampler
   * before each of its calls from (seed, trial number, call index).
   */
  beginDeterministicBatch(seedBase: string): void {
    const trials = this.trialsCache.slice();
    this.reseedBase = seedBase;
    this.snapshot = {
      studyName: this.studyName,
      directions: this.directions,
      userAttrs: this.userAttrs,
      systemAttrs: this.systemAttrs,
      getTrials: (o = {}) => (o.states ? trials.filter((t) => o.states?.includes(t.state)) : trials.slice()),
      stop: () => this.stop(),
      setTrialSystemAttr: (id, k, v) => this.setTrialSystemAttr(id, k, v),
    };
  }

  endDeterministicBatch(): void {
    this.snapshot = undefined;
    this.reseedBase = undefined;
  }
}

/** Whether the first trial is another one than the one seen before (a replaced study). */
function replacedFirst(seen: FrozenTrial | undefined, now: FrozenTrial | undefined): boolean {
  if (seen === undefined) return false;
  if (now === undefined || now.trialId !== seen.trialId) return true;
  // A WAITING trial gets its start when it is claimed; any other trial keeps its start for good.
  return seen.state !== "WAITING" && now.datetimeStart?.getTime() !== seen.datetimeStart?.getTime();
}
