/**
 * CachedStorage(inner): a `Storage` decorator that keeps each study's trials in memory and reads
 * only what can have changed. Finished trials never change (the Storage contract), so a refresh
 * asks the inner storage for the trials created since the largest trial id seen (the watermark)
 * and for the cached unfinished ones, nothing else. Writes go straight to the inner storage; the
 * cache never holds a write, so no crash can lose one. Optuna's `_CachedStorage` is the model.
 *
 * What an inner storage offers for incremental reads ({@link IncrementalReads}):
 * - `getTrialsSince(studyId, afterTrialId, reload, skip?)` returns, from one consistent read,
 *   the study's name, the ids of its trials with `trialId > afterTrialId` in id order, and the
 *   trials `reload` ∪ (those new ids − `skip`).
 * - Within a study, trial ids grow with creation order, and a trial that becomes visible to a
 *   reader has a larger id than every trial visible before it (true when trial creation is
 *   serialized per study — which numbering trials 0, 1, 2 … requires anyway — and ids come from
 *   one increasing sequence).
 * - Optionally `failStaleTrials(studyId, candidates)`: when `candidates` is given, only those
 *   trial ids (the cache's RUNNING trials) need checking.
 * - Optionally, the `probe` of getTrialsSince: the number, state and times of one trial (the
 *   cache's oldest finished one). Finished trials never change, so a different answer means the
 *   study was deleted and created anew under the same name elsewhere (SQLite reuses study and
 *   trial ids); the cache then starts over. Times are compared to the millisecond. Without it,
 *   the cache reads that trial with getTrial.
 * An inner storage without `getTrialsSince` still works: each refresh reads every trial
 * (`getAllTrials`), and finished trials keep their cached objects.
 *
 * Studies wrap storages that offer incremental reads in one shared CachedStorage per storage
 * object ({@link withTrialCache}); a backend may also wrap itself at its URL opener.
 * @module
 */
import type { Distribution } from "../distributions/types.js";
import type { FrozenTrial } from "../trial/frozen.js";
import { isFinished, type JsonValue, type StudyDirection, type TrialState } from "../trial/state.js";
import type { Storage, StudyRecord, TrialStartOptions } from "./base.js";

/** What {@link IncrementalReads.getTrialsSince} returns. */
export interface TrialsSince {
  /** The study's name (a cache drops its trials when a study id is reused under another name). */
  readonly studyName: string;
  /** Ids of the study's trials with id > afterTrialId, ascending. */
  readonly newTrialIds: readonly number[];
  /** The trials of `reload` and of the new ids not in `skip`, in any order. */
  readonly trials: readonly FrozenTrial[];
  /**
   * When a `probe` id was asked for: that trial's number, state and times, or null when the study
   * has no trial of that id. A backend may leave it out; the cache then reads the trial itself.
   */
  readonly probe?: TrialStamp | null;
}

/** What identifies a finished trial cheaply (it never changes). */
export type TrialStamp = Pick<FrozenTrial, "number" | "state" | "datetimeStart" | "datetimeComplete">;

/** The incremental read an inner storage offers CachedStorage (see the module doc). */
export interface IncrementalReads {
  /** @throws {StudyNotFoundError} */
  getTrialsSince(
    studyId: number,
    afterTrialId: number,
    reload: readonly number[],
    skip?: ReadonlySet<number>,
    probe?: number,
  ): Promise<TrialsSince>;
  failStaleTrials?(studyId: number, candidates?: readonly number[]): Promise<FrozenTrial[]>;
  /**
   * True when the backend never gives a deleted study's or trial's id to a new one (PostgreSQL's
   * sequences): a replaced study then has a new id, so the cache needs no probe to notice it.
   */
  readonly idsNeverReused?: boolean;
}

/** Whether a storage offers incremental reads. */
export function supportsIncrementalReads(s: Storage): s is Storage & IncrementalReads {
  return typeof (s as Partial<IncrementalReads>).getTrialsSince === "function";
}

interface StudyCache {
  name: string | undefined;
  /** Trials in trial id (= number) order. */
  trials: FrozenTrial[];
  /** trialId → index in `trials`. */
  index: Map<number, number>;
  maxTrialId: number;
  /** Ids of cached trials that are not finished (they may still change). */
  unfinished: Set<number>;
}

/** How many finished trials read ahead of a refresh are remembered at most. */
const MAX_AHEAD = 10_000;

/** A Storage that caches finished trials of an inner Storage; see the module doc. */
export class CachedStorage implements Storage {
  private readonly caches = new Map<number, StudyCache>();
  private readonly trialStudy = new Map<number, number>();
  /**
   * Finished trials read by getTrial before a refresh of their study reached them (e.g. the trial
   * this process just finished): the next refresh takes them from here instead of reading them.
   */
  private readonly finishedAhead = new Map<number, FrozenTrial>();
  readonly recordHeartbeat?: (trialId: number) => Promise<void>;
  readonly close?: () => Promise<void>;
  readonly importStudy?: Storage["importStudy"];
  readonly startHeartbeat?: (trialId: number) => void;
  readonly stopHeartbeat?: (trialId: number) => void;

  constructor(readonly inner: Storage) {
    if (inner.startHeartbeat) this.startHeartbeat = inner.startHeartbeat.bind(inner);
    if (inner.stopHeartbeat) this.stopHeartbeat = inner.stopHeartbeat.bind(inner);
    const importStudy = inner.importStudy?.bind(inner);
    if (importStudy) {
      this.importStudy = async (study, trials) => {
        const id = await importStudy(study, trials);
        this.drop(id);
        return id;
      };
    }
    if (inner.recordHeartbeat) this.recordHeartbeat = (id) => (inner.recordHeartbeat as (id: number) => Promise<void>).call(inner, id);
    if (inner.close) this.close = () => (inner.close as () => Promise<void>).call(inner);
  }

  get heartbeatInterval(): number | undefined {
    return this.inner.heartbeatInterval;
  }

  // ── pass-through writes and study reads ─────────────────────────────────────────────────

  async createNewStudy(directions: readonly StudyDirection[], studyName: string): Promise<number> {
    const id = await this.inner.createNewStudy(directions, studyName);
    this.drop(id);
    return id;
  }
  async deleteStudy(studyId: number): Promise<void> {
    await this.inner.deleteStudy(studyId);
    this.drop(studyId);
  }
  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    return this.inner.setStudyUserAttr(studyId, key, value);
  }
  setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    return this.inner.setStudySystemAttr(studyId, key, value);
  }
  getStudyIdFromName(studyName: string): Promise<number> {
    return this.inner.getStudyIdFromName(studyName);
  }
  getStudy(studyId: number): Promise<StudyRecord> {
    return this.inner.getStudy(studyId);
  }
  getAllStudies(): Promise<StudyRecord[]> {
    return this.inner.getAllStudies();
  }
  createNewTrial(studyId: number, template?: FrozenTrial, options?: TrialStartOptions): Promise<FrozenTrial> {
    return this.inner.createNewTrial(studyId, template, options);
  }
  setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void> {
    return this.inner.setTrialParam(trialId, name, internalValue, distribution);
  }
  setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[], options?: TrialStartOptions): Promise<boolean> {
    return this.inner.setTrialStateValues(trialId, state, values, options);
  }
  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    return this.inner.setTrialIntermediateValue(trialId, step, value);
  }
  setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    return this.inner.setTrialUserAttr(trialId, key, value);
  }
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    return this.inner.setTrialSystemAttr(trialId, key, value);
  }

  // ── cached trial reads ──────────────────────────────────────────────────────────────────

  async getTrial(trialId: number): Promise<FrozenTrial> {
    const sid = this.trialStudy.get(trialId);
    const c = sid === undefined ? undefined : this.caches.get(sid);
    if (c) {
      const t = c.trials[c.index.get(trialId) ?? -1];
      if (t && isFinished(t.state)) return t;
    }
    const t = await this.inner.getTrial(trialId);
    if (c && sid !== undefined) this.cacheTrial(sid, c, t);
    else if (isFinished(t.state)) {
      if (this.finishedAhead.size >= MAX_AHEAD) this.finishedAhead.clear();
      this.finishedAhead.set(trialId, t);
    }
    return t;
  }

  async getAllTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<FrozenTrial[]> {
    const c = await this.sync(studyId);
    const states = options?.states;
    return states ? c.trials.filter((t) => states.includes(t.state)) : c.trials.slice();
  }

  /** Fails stale RUNNING trials; the inner storage checks only the cache's RUNNING trials. */
  async failStaleTrials(studyId: number): Promise<FrozenTrial[]> {
    const inner = this.inner as Storage & Partial<IncrementalReads>;
    if (!inner.failStaleTrials) return [];
    if (!inner.heartbeatInterval) return inner.failStaleTrials(studyId);
    const c = await this.sync(studyId);
    const running: number[] = [];
    for (const id of c.unfinished) if (c.trials[c.index.get(id) ?? -1]?.state === "RUNNING") running.push(id);
    return inner.failStaleTrials(studyId, running);
  }

  /** Brings a study's cached trials up to date: new trials, and the unfinished ones again. */
  private async sync(studyId: number): Promise<StudyCache> {
    const c = this.caches.get(studyId) ?? emptyCache();
    if (!supportsIncrementalReads(this.inner)) return this.replaceAll(studyId, c, await this.inner.getAllTrials(studyId));
    const reload = [...c.unfinished];
    // The oldest finished trial is read again too: it never changes, so if it did, the study was
    // replaced (deleted and created anew under the same name, SQLite reusing its ids).
    const probe = this.inner.idsNeverReused === true ? undefined : c.trials.find((t) => isFinished(t.state));
    const since = await this.inner.getTrialsSince(studyId, c.maxTrialId, reload, new Set(this.finishedAhead.keys()), probe?.trialId);
    let stamp: TrialStamp | null | undefined = since.probe;
    if (probe !== undefined && stamp === undefined) stamp = await this.inner.getTrial(probe.trialId).catch(() => null);
    if ((c.name !== undefined && c.name !== since.studyName) || replaced(c, reload, probe, stamp, since)) {
      // The id now names another study (deleted and recreated elsewhere): start over.
      this.drop(studyId);
      this.finishedAhead.clear();
      return this.sync(studyId);
    }
    c.name = since.studyName;
    this.caches.set(studyId, c);
    return this.apply(studyId, c, reload, since);
  }

  private apply(studyId: number, c: StudyCache, reload: readonly number[], since: TrialsSince): StudyCache {
    const known = new Map<number, FrozenTrial>();
    for (const t of since.trials) known.set(t.trialId, t);
    for (const id of since.newTrialIds) {
      const ahead = this.finishedAhead.get(id);
      if (ahead === undefined) continue;
      if (!known.has(id)) known.set(id, ahead);
      this.finishedAhead.delete(id);
    }
    for (const id of reload) {
      const t = known.get(id);
      if (t) this.cacheTrial(studyId, c, t);
    }
    for (const id of since.newTrialIds) {
      const t = known.get(id);
      if (t) this.cacheTrial(studyId, c, t);
    }
    return c;
  }

  /** Without incremental reads: take every trial, keeping the cached object of a finished one. */
  private replaceAll(studyId: number, c: StudyCache, all: readonly FrozenTrial[]): StudyCache {
    const next = emptyCache();
    next.name = c.name;
    for (const t of c.trials) this.trialStudy.delete(t.trialId);
    for (const t of all) {
      const old = c.trials[c.index.get(t.trialId) ?? -1];
      const kept = old !== undefined && isFinished(old.state) && sameTrial(old, t) ? old : t;
      next.index.set(kept.trialId, next.trials.length);
      next.trials.push(kept);
      next.maxTrialId = Math.max(next.maxTrialId, kept.trialId);
      if (!isFinished(kept.state)) next.unfinished.add(kept.trialId);
      this.trialStudy.set(kept.trialId, studyId);
    }
    this.caches.set(studyId, next);
    return next;
  }

  private cacheTrial(studyId: number, c: StudyCache, t: FrozenTrial): void {
    const i = c.index.get(t.trialId);
    if (i !== undefined) c.trials[i] = t;
    else if (t.trialId > c.maxTrialId) {
      c.index.set(t.trialId, c.trials.length);
      c.trials.push(t);
      c.maxTrialId = t.trialId;
      this.trialStudy.set(t.trialId, studyId);
    } else return;
    if (isFinished(t.state)) c.unfinished.delete(t.trialId);
    else c.unfinished.add(t.trialId);
  }

  private drop(studyId: number): void {
    const c = this.caches.get(studyId);
    if (c) for (const t of c.trials) this.trialStudy.delete(t.trialId);
    this.caches.delete(studyId);
  }
}

/** Whether a stored trial is still the one cached: same number, state and times. */
function sameTrial(a: TrialStamp, b: TrialStamp | null | undefined): boolean {
  return (
    b !== undefined &&
    b !== null &&
    a.number === b.number &&
    a.state === b.state &&
    a.datetimeStart?.getTime() === b.datetimeStart?.getTime() &&
    a.datetimeComplete?.getTime() === b.datetimeComplete?.getTime()
  );
}

/**
 * Whether the study behind a cache was replaced: its oldest finished trial changed or vanished, or
 * an unfinished one vanished, changed number or start (a trial keeps both once it runs).
 */
function replaced(
  c: StudyCache,
  reload: readonly number[],
  probe: FrozenTrial | undefined,
  stamp: TrialStamp | null | undefined,
  since: TrialsSince,
): boolean {
  if (probe !== undefined && !sameTrial(probe, stamp)) return true;
  const got = new Map(since.trials.map((t) => [t.trialId, t] as const));
  for (const id of reload) {
    const old = c.trials[c.index.get(id) ?? -1];
    const now = got.get(id);
    if (old === undefined || now === undefined || now.number !== old.number) return true;
    if (old.state !== "WAITING" && now.datetimeStart?.getTime() !== old.datetimeStart?.getTime()) return true;
  }
  return false;
}

function emptyCache(): StudyCache {
  return { name: undefined, trials: [], index: new Map(), maxTrialId: -1, unfinished: new Set() };
}

const shared = new WeakMap<Storage, CachedStorage>();

/**
 * The storage a study reads and writes through: one shared CachedStorage per storage object
 * that offers incremental reads, the storage itself otherwise (and a CachedStorage as is).
 */
export function withTrialCache(storage: Storage): Storage {
  if (storage instanceof CachedStorage || !supportsIncrementalReads(storage)) return storage;
  let c = shared.get(storage);
  if (!c) {
    c = new CachedStorage(storage);
    shared.set(storage, c);
  }
  return c;
}
