/**
 * SqliteStorage: studies in an SQLite file in Optuna's own schema (better-sqlite3), shared by
 * processes and threads, resumable, crash-safe.
 *
 * - Concurrency: WAL, a busy timeout, and every read-modify-write (trial numbering, claiming a
 *   WAITING trial, any update of a trial) in one `BEGIN IMMEDIATE` transaction.
 * - Crash safety: each write is one committed transaction; a finished trial is written by one.
 * - SQL only: nothing is cached here but prepared statements and parsed distribution JSON.
 *   Incremental reads are offered through `getTrialsSince` (storages/cached.ts's contract), and
 *   `CachedStorage` keeps the finished trials in memory; studies wrap an SqliteStorage in one.
 * - Heartbeat (on by default for files): `recordHeartbeat` upserts trial_heartbeats;
 *   `failStaleTrials` turns RUNNING trials whose heartbeat is older than the grace period into
 *   FAIL, then calls the failed-trial callback (e.g. RetryFailedTrialCallback).
 * @module
 */
import type Database from "better-sqlite3";
import { DistributionRegistry } from "../../distributions/registry.js";
import { distributionFromJson } from "../../distributions/json.js";
import type { Distribution } from "../../distributions/types.js";
import { InvalidArgumentError, StorageError, StudyNotFoundError, TrialNotFoundError, UpdateFinishedTrialError } from "../../errors.js";
import { type FrozenTrial, newRunningTrial } from "../../trial/frozen.js";
import { isFinished, type JsonValue, type StudyDirection, type TrialState } from "../../trial/state.js";
import type { Storage, StudyRecord, TrialStartOptions } from "../base.js";
import type { IncrementalReads, TrialsSince } from "../cached.js";
import { warn } from "../../warnings.js";
import * as messages from "../../messages.js";
import { callFailedTrialCallback, type FailedTrialCallback } from "../heartbeat.js";
import { fromDbDatetime, toDbDatetime } from "../codec.js";
import { storageError } from "./errors.js";
import { migrate } from "./migrations.js";
import { openDatabase } from "./open.js";
import type { SqliteStorageOptions } from "./options.js";
import { failIfStale, staleLimit, staleTrialIds, writeHeartbeat } from "./heartbeats.js";
import { type TrialReader, type TrialRow, loadTrials, readStamp, readStudyRecord, STATES } from "./read.js";
import { insertStudy, insertTrial, upsertAttr, upsertIntermediate, upsertParam, upsertValue } from "./write.js";
import { HEAD_REVISION, inspectSchema } from "./schema.js";
import { HeartbeatThread } from "./heartbeat-thread.js";

/** An Optuna-schema SQLite storage. Open one with a URL; see the module doc. */
export class SqliteStorage implements Storage, IncrementalReads {
  /** The database file, or ":memory:". */
  readonly path: string;
  readonly heartbeatInterval?: number;
  /** Seconds after which a RUNNING trial without heartbeat is stale (when heartbeats are on). */
  readonly gracePeriod?: number;
  private readonly db: Database.Database;
  private readonly where: string;
  private revisionValue: string;
  private readonly failedTrialCallback: FailedTrialCallback | undefined;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly tx: Database.Transaction<(fn: () => unknown) => unknown>;
  /** Per study: the distribution rule (storages' authority), with an SQL lookup of names not seen yet. */
  private readonly registries = new Map<number, DistributionRegistry>();
  private readonly parsedDists = new Map<string, Distribution>();
  private readonly beating = new Set<number>();
  private readonly reader: TrialReader;
  private closed = false;
  private beats: HeartbeatThread | undefined;
  private readonly busyTimeout: number;
  /** @internal called by close() (the URL cache forgets the instance). */
  onClose: (() => void) | undefined;

  /**
   * Opens (creating the file, its folders and the schema if needed) the database of a URL.
   * @throws {InvalidArgumentError} a malformed URL or option.
   * @throws {StorageError} a file that is not SQLite or not a study database, or unwritable.
   * @throws {StorageVersionError} a schema this version of parzen does not know.
   */
  constructor(url: string, options: SqliteStorageOptions = {}) {
    const o = openDatabase(url, options);
    this.path = o.path;
    this.where = o.where;
    this.db = o.db;
    this.tx = o.tx;
    this.revisionValue = o.revision;
    if (o.heartbeatInterval !== undefined) {
      this.heartbeatInterval = o.heartbeatInterval;
      this.gracePeriod = o.gracePeriod;
    }
    this.failedTrialCallback = options.failedTrialCallback;
    this.busyTimeout = options.busyTimeout ?? 30000;
    this.reader = { st: (sql) => this.st(sql), dist: (json) => this.dist(json) };
  }

  /** The Alembic revision of the database: "v3.2.0.a", or "v3.0.0.d" for an Optuna 3.1 file not upgraded. */
  get revision(): string {
    return this.revisionValue;
  }

  /**
   * Upgrades a database at Optuna 3.1's revision to the head (v3.2.0.a: an index on
   * trials.study_id). After it, Optuna 3.1 refuses the file; Optuna >= 3.2 opens it.
   * @returns the migrations applied.
   */
  async upgrade(): Promise<string[]> {
    return this.upgradeSync();
  }

  private upgradeSync(): string[] {
    return this.guard(() =>
      this.tx.immediate(() => {
        const state = inspectSchema(this.db);
        const rev = state.kind === "ready" ? state.revision : HEAD_REVISION;
        const applied = migrate(this.db, rev);
        this.revisionValue = HEAD_REVISION;
        return applied;
      }) as string[],
    );
  }

  // ── plumbing ────────────────────────────────────────────────────────────────────────────

  private st(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.closed) throw new StorageError(`${this.where} was closed; open the storage again.`);
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private guard<T>(fn: () => T): T {
    if (this.closed) throw new StorageError(`${this.where} was closed; open the storage again.`);
    try {
      return fn();
    } catch (e) {
      throw storageError(e, this.where);
    }
  }

  /** A read-modify-write transaction (BEGIN IMMEDIATE). */
  private immediate<T>(fn: () => T): T {
    try {
      return this.guard(() => this.tx.immediate(fn) as T);
    } catch (e) {
      this.registries.clear();
      throw e;
    }
  }

  /** A consistent read (deferred transaction: a snapshot in WAL). */
  private read<T>(fn: () => T): T {
    return this.guard(() => (this.db.inTransaction ? fn() : (this.tx.deferred(fn) as T)));
  }

  private studyNames(): string[] {
    return this.st("SELECT study_name FROM studies ORDER BY study_id").pluck().all() as string[];
  }

  private requireStudy(studyId: number): string {
    const name = this.st("SELECT study_name FROM studies WHERE study_id = ?").pluck().get(studyId) as string | undefined;
    if (name === undefined) throw new StudyNotFoundError(`#${studyId}`, this.studyNames());
    return name;
  }

  private trialRow(trialId: number): TrialRow {
    const row = this.st("SELECT trial_id, number, study_id, state, datetime_start, datetime_complete FROM trials WHERE trial_id = ?").get(
      trialId,
    ) as TrialRow | undefined;
    if (!row) throw new TrialNotFoundError(`No trial with id ${trialId} in ${this.where}.`);
    return row;
  }

  private updatable(trialId: number): TrialRow {
    const row = this.trialRow(trialId);
    if (isFinished(row.state as TrialState)) {
      throw new UpdateFinishedTrialError(
        `Trial #${row.number} is already ${row.state} and cannot be changed. Finished trials are immutable; start a new trial instead.`,
      );
    }
    return row;
  }

  private dist(json: string): Distribution {
    let d = this.parsedDists.get(json);
    if (!d) {
      d = distributionFromJson(json);
      this.parsedDists.set(json, d);
    }
    return d;
  }

  /** Checks a parameter's distribution against the study's earlier one (inside a write transaction). */
  private checkDistribution(studyId: number, name: string, d: Distribution): void {
    let r = this.registries.get(studyId);
    if (!r) {
      const lookup = this.st(
        "SELECT p.distribution_json FROM trial_params p JOIN trials t ON t.trial_id = p.trial_id WHERE t.study_id = ? AND p.param_name = ? LIMIT 1",
      ).pluck();
      r = new DistributionRegistry((n) => {
        const json = lookup.get(studyId, n) as string | undefined;
        return json === undefined ? undefined : this.dist(json);
      });
      this.registries.set(studyId, r);
    }
    r.check(name, d);
  }

  // ── studies ─────────────────────────────────────────────────────────────────────────────

  async createNewStudy(directions: readonly StudyDirection[], studyName: string): Promise<number> {
    return this.immediate(() => this.insertStudy(directions, studyName));
  }

  private insertStudy(directions: readonly StudyDirection[], studyName: string): number {
    const id = insertStudy(this.reader, directions, studyName);
    this.registries.delete(id);
    return id;
  }

  /** Creates a study with its attributes and trials in one transaction: all of it, or nothing. */
  async importStudy(study: Omit<StudyRecord, "studyId">, trials: readonly FrozenTrial[]): Promise<number> {
    return this.immediate(() => {
      const id = this.insertStudy(study.directions, study.studyName);
      for (const [k, v] of Object.entries(study.userAttrs)) upsertAttr(this.reader, "study_user_attributes", "study_id", id, k, v);
      for (const [k, v] of Object.entries(study.systemAttrs)) upsertAttr(this.reader, "study_system_attributes", "study_id", id, k, v);
      for (const t of trials) insertTrial(this.reader, id, t, new Date(), (name, d) => this.checkDistribution(id, name, d));
      return id;
    });
  }



  async deleteStudy(studyId: number): Promise<void> {
    this.immediate(() => {
      this.requireStudy(studyId);
      const sub = "SELECT trial_id FROM trials WHERE study_id = ?";
      const tables = ["trial_params", "trial_values", "trial_intermediate_values", "trial_user_attributes", "trial_system_attributes"];
      for (const t of [...tables, "trial_heartbeats"]) {
        this.st(`DELETE FROM ${t} WHERE trial_id IN (${sub})`).run(studyId);
      }
      for (const t of ["trials", "study_user_attributes", "study_system_attributes", "study_directions", "studies"]) {
        this.st(`DELETE FROM ${t} WHERE study_id = ?`).run(studyId);
      }
    });
    this.registries.delete(studyId);
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    this.immediate(() => {
      this.requireStudy(studyId);
      upsertAttr(this.reader, "study_user_attributes", "study_id", studyId, key, value);
    });
  }

  async setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    this.immediate(() => {
      this.requireStudy(studyId);
      upsertAttr(this.reader, "study_system_attributes", "study_id", studyId, key, value);
    });
  }

  async getStudyIdFromName(studyName: string): Promise<number> {
    return this.read(() => {
      const id = this.st("SELECT study_id FROM studies WHERE study_name = ?").pluck().get(studyName) as number | undefined;
      if (id === undefined) throw new StudyNotFoundError(studyName, this.studyNames());
      return id;
    });
  }

  private studyRecord(studyId: number): StudyRecord {
    return readStudyRecord(this.reader, studyId, this.requireStudy(studyId));
  }

  async getStudy(studyId: number): Promise<StudyRecord> {
    return this.read(() => this.studyRecord(studyId));
  }

  async getAllStudies(): Promise<StudyRecord[]> {
    return this.read(() =>
      (this.st("SELECT study_id FROM studies ORDER BY study_id").pluck().all() as number[]).map((id) => this.studyRecord(id)),
    );
  }

  // ── trials: writes ──────────────────────────────────────────────────────────────────────

  async createNewTrial(studyId: number, template?: FrozenTrial, options?: TrialStartOptions): Promise<FrozenTrial> {
    const now = new Date();
    const beat = options?.heartbeat === true && this.heartbeatInterval !== undefined && (template?.state ?? "RUNNING") === "RUNNING";
    const [trialId, number] = this.immediate(() => {
      this.requireStudy(studyId);
      const created = insertTrial(this.reader, studyId, template, now, (name, d) => this.checkDistribution(studyId, name, d));
      if (beat) writeHeartbeat(this.reader, created[0]);
      return created;
    });
    if (beat) this.beating.add(trialId);
    if (!template) {
      return newRunningTrial(number, trialId, fromDbDatetime(toDbDatetime(now)));
    }
    return this.getTrial(trialId);
  }



  async setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void> {
    this.immediate(() => {
      const row = this.updatable(trialId);
      this.checkDistribution(row.study_id, name, distribution);
      upsertParam(this.reader, trialId, name, internalValue, distribution);
    });
  }

  async setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[], options?: TrialStartOptions): Promise<boolean> {
    if (!STATES.includes(state)) throw new InvalidArgumentError(`Unknown trial state ${JSON.stringify(state)}.`);
    const beat = state === "RUNNING" && options?.heartbeat === true && this.heartbeatInterval !== undefined;
    const ok = this.immediate(() => {
      const row = this.updatable(trialId);
      if (state === "RUNNING" && row.state !== "WAITING") return false;
      const now = toDbDatetime(new Date());
      if (state === "RUNNING") {
        this.st("UPDATE trials SET state = ?, datetime_start = ? WHERE trial_id = ?").run(state, now, trialId);
        if (beat) writeHeartbeat(this.reader, trialId);
      } else if (isFinished(state)) {
        this.st("UPDATE trials SET state = ?, datetime_complete = ? WHERE trial_id = ?").run(state, now, trialId);
      } else {
        this.st("UPDATE trials SET state = ? WHERE trial_id = ?").run(state, trialId);
      }
      values?.forEach((v, i) => upsertValue(this.reader, trialId, i, v));
      return true;
    });
    if (isFinished(state)) this.beating.delete(trialId);
    else if (beat && ok) this.beating.add(trialId);
    return ok;
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    this.immediate(() => {
      this.updatable(trialId);
      upsertIntermediate(this.reader, trialId, step, value);
    });
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.immediate(() => {
      this.updatable(trialId);
      upsertAttr(this.reader, "trial_user_attributes", "trial_id", trialId, key, value);
    });
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.immediate(() => {
      this.updatable(trialId);
      upsertAttr(this.reader, "trial_system_attributes", "trial_id", trialId, key, value);
    });
  }

  // ── trials: reads ───────────────────────────────────────────────────────────────────────

  async getTrial(trialId: number): Promise<FrozenTrial> {
    const loaded = this.read(() => loadTrials(this.reader, [trialId]))[0];
    if (!loaded) throw new TrialNotFoundError(`No trial with id ${trialId} in ${this.where}.`);
    return loaded.trial;
  }

  async getAllTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<FrozenTrial[]> {
    const trials = this.read(() => {
      this.requireStudy(studyId);
      const ids = this.st("SELECT trial_id FROM trials WHERE study_id = ? ORDER BY trial_id").pluck().all(studyId) as number[];
      return loadTrials(this.reader, ids).map((l) => l.trial);
    });
    const states = options?.states;
    return states ? trials.filter((t) => states.includes(t.state)) : trials;
  }

  /** See {@link IncrementalReads.getTrialsSince}: one read snapshot. */
  async getTrialsSince(studyId: number, afterTrialId: number, reload: readonly number[], skip?: ReadonlySet<number>, probe?: number): Promise<TrialsSince> {
    return this.read(() => {
      const studyName = this.requireStudy(studyId);
      const newTrialIds = this.st("SELECT trial_id FROM trials WHERE study_id = ? AND trial_id > ? ORDER BY trial_id")
        .pluck()
        .all(studyId, afterTrialId) as number[];
      const ids = [...reload];
      for (const id of newTrialIds) if (!skip?.has(id)) ids.push(id);
      const trials = loadTrials(this.reader, ids).map((l) => l.trial);
      return { studyName, newTrialIds, trials, ...(probe === undefined ? {} : { probe: readStamp(this.reader, studyId, probe) }) };
    });
  }

  // ── heartbeat ───────────────────────────────────────────────────────────────────────────

  async recordHeartbeat(trialId: number): Promise<void> {
    this.guard(() => writeHeartbeat(this.reader, trialId));
    this.beating.add(trialId);
  }

  /** Beats the trial from a thread of its own (heartbeat-thread.ts) until stopHeartbeat; the first beat now, unless its creation wrote it. */
  startHeartbeat(trialId: number): void {
    if (this.heartbeatInterval === undefined || this.closed) return;
    if (!this.beating.has(trialId)) this.guard(() => writeHeartbeat(this.reader, trialId));
    (this.beats ??= new HeartbeatThread(this.path, this.heartbeatInterval, this.busyTimeout)).add(trialId);
    this.beating.add(trialId);
  }

  stopHeartbeat(trialId: number): void {
    this.beats?.remove(trialId);
  }

  async failStaleTrials(studyId: number, candidates?: readonly number[]): Promise<FrozenTrial[]> {
    if (!this.heartbeatInterval || this.gracePeriod === undefined) return [];
    const ids =
      candidates ??
      this.read(() => this.st("SELECT trial_id FROM trials WHERE study_id = ? AND state = 'RUNNING'").pluck().all(studyId) as number[]);
    const running = ids.filter((id) => !this.beating.has(id));
    if (running.length === 0) return [];
    const limit = staleLimit(this.gracePeriod);
    const failed: FrozenTrial[] = [];
    for (const id of staleTrialIds(this.reader, (fn) => this.read(fn), running, limit)) {
      if (this.immediate(() => failIfStale(this.reader, id, limit))) {
        const t = await this.getTrial(id);
        failed.push(t);
        warn(messages.staleTrialFailed(t.number, this.gracePeriod));
      }
    }
    if (this.failedTrialCallback) {
      for (const t of failed) await callFailedTrialCallback(this.failedTrialCallback, { storage: this, studyId }, t);
    }
    return failed;
  }

  /** Closes the database (the -wal file is checkpointed into the main file). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    void this.beats?.close(); // tells the heartbeat thread to end at once (also in an exit hook)
    this.statements.clear();
    try {
      this.db.close();
    } catch (e) {
      throw storageError(e, this.where);
    } finally {
      this.onClose?.();
    }
  }
}
