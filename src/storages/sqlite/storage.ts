/**
 * SqliteStorage: studies in an SQLite file in Optuna's own schema (better-sqlite3), shared by
 * processes and threads, resumable, crash-safe.
 *
 * - Concurrency: WAL, a busy timeout, and every read-modify-write (trial numbering, claiming a
 *   WAITING trial, any update of a trial) in one `BEGIN IMMEDIATE` transaction.
 * - Crash safety: each write is one committed transaction; a finished trial is written by one.
 * - A cached view: finished trials never change, so each study keeps its trials in memory and a
 *   refresh reads only trials created since (trial_id > the largest seen) and the unfinished ones.
 * - Heartbeat (on by default for files): `recordHeartbeat` upserts trial_heartbeats;
 *   `failStaleTrials` turns RUNNING trials whose heartbeat is older than the grace period into
 *   FAIL, then calls the failed-trial callback (e.g. RetryFailedTrialCallback).
 * @module
 */
import type Database from "better-sqlite3";
import { assertCompatible, toInternal } from "../../distributions/ops.js";
import { distributionFromJson, distributionToJson } from "../../distributions/json.js";
import type { Distribution, ParamValue } from "../../distributions/types.js";
import {
  DuplicatedStudyError,
  InvalidArgumentError,
  StorageError,
  StudyNotFoundError,
  TrialNotFoundError,
  UpdateFinishedTrialError,
} from "../../errors.js";
import { type FrozenTrial, freezeTrial } from "../../trial/frozen.js";
import { isFinished, type JsonValue, type StudyDirection, type TrialState } from "../../trial/state.js";
import type { Storage, StudyRecord } from "../base.js";
import { warn } from "../../warnings.js";
import * as messages from "../../messages.js";
import { callFailedTrialCallback, type FailedTrialCallback } from "../heartbeat.js";
import { directionFromDb, directionToDb, fromDbDatetime, intermediateToDb, parseJsonLenient, toDbDatetime, valueToDb } from "./codec.js";
import { storageError } from "./errors.js";
import { migrate } from "./migrations.js";
import { openDatabase, type SqliteStorageOptions } from "./open.js";
import { IN_IDS, type TrialReader, type TrialRow, loadTrials, STATES } from "./read.js";
import { HEAD_REVISION, inspectSchema } from "./schema.js";

export type { SqliteStorageOptions } from "./open.js";

interface StudyCache {
  name: string;
  /** Trials in trial_id (= number) order. */
  trials: FrozenTrial[];
  /** trialId → index in `trials`. */
  index: Map<number, number>;
  maxTrialId: number;
  /** Ids of cached trials that are not finished (they may still change). */
  unfinished: Set<number>;
  /** Finished trials read by getTrial before the cache reached them (they never change). */
  finishedAhead: Map<number, FrozenTrial>;
}

/** An Optuna-schema SQLite storage. Open one with a URL; see the module doc. */
export class SqliteStorage implements Storage {
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
  private readonly caches = new Map<number, StudyCache>();
  private readonly trialStudy = new Map<number, number>();
  private readonly paramDists = new Map<number, Map<string, Distribution>>();
  private readonly parsedDists = new Map<string, Distribution>();
  private readonly beating = new Set<number>();
  private readonly reader: TrialReader;
  private closed = false;
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
      this.paramDists.clear();
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
    let known = this.paramDists.get(studyId);
    if (!known) {
      known = new Map();
      this.paramDists.set(studyId, known);
    }
    let prev = known.get(name);
    if (!prev) {
      const json = this.st(
        "SELECT p.distribution_json FROM trial_params p JOIN trials t ON t.trial_id = p.trial_id WHERE t.study_id = ? AND p.param_name = ? LIMIT 1",
      )
        .pluck()
        .get(studyId, name) as string | undefined;
      if (json !== undefined) prev = this.dist(json);
    }
    if (prev) assertCompatible(name, prev, d);
    known.set(name, prev ?? d);
  }

  private upsertParam(trialId: number, name: string, internal: number, d: Distribution): void {
    this.st(
      "INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT (trial_id, param_name) DO UPDATE SET param_value = excluded.param_value, distribution_json = excluded.distribution_json",
    ).run(trialId, name, internal, distributionToJson(d));
  }

  private upsertValue(trialId: number, objective: number, v: number): void {
    const [value, type] = valueToDb(v);
    this.st(
      "INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT (trial_id, objective) DO UPDATE SET value = excluded.value, value_type = excluded.value_type",
    ).run(trialId, objective, value, type);
  }

  private upsertIntermediate(trialId: number, step: number, v: number): void {
    const [value, type] = intermediateToDb(v);
    this.st(
      "INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT (trial_id, step) DO UPDATE SET intermediate_value = excluded.intermediate_value, " +
        "intermediate_value_type = excluded.intermediate_value_type",
    ).run(trialId, step, value, type);
  }

  private upsertAttr(table: string, idColumn: string, id: number, key: string, value: JsonValue): void {
    this.st(
      `INSERT INTO ${table} (${idColumn}, "key", value_json) VALUES (?, ?, ?) ` +
        `ON CONFLICT (${idColumn}, "key") DO UPDATE SET value_json = excluded.value_json`,
    ).run(id, key, JSON.stringify(value) ?? "null");
  }

  // ── studies ─────────────────────────────────────────────────────────────────────────────

  async createNewStudy(directions: readonly StudyDirection[], studyName: string): Promise<number> {
    return this.immediate(() => {
      if (this.st("SELECT 1 FROM studies WHERE study_name = ?").get(studyName)) throw new DuplicatedStudyError(studyName);
      const id = Number(this.st("INSERT INTO studies (study_name) VALUES (?)").run(studyName).lastInsertRowid);
      directions.forEach((d, i) => {
        this.st("INSERT INTO study_directions (direction, study_id, objective) VALUES (?, ?, ?)").run(directionToDb(d), id, i);
      });
      this.caches.delete(id);
      this.paramDists.delete(id);
      return id;
    });
  }

  async deleteStudy(studyId: number): Promise<void> {
    this.immediate(() => {
      this.requireStudy(studyId);
      const sub = "SELECT trial_id FROM trials WHERE study_id = ?";
      for (const t of [
        "trial_params",
        "trial_values",
        "trial_intermediate_values",
        "trial_user_attributes",
        "trial_system_attributes",
        "trial_heartbeats",
      ]) {
        this.st(`DELETE FROM ${t} WHERE trial_id IN (${sub})`).run(studyId);
      }
      for (const t of ["trials", "study_user_attributes", "study_system_attributes", "study_directions", "studies"]) {
        this.st(`DELETE FROM ${t} WHERE study_id = ?`).run(studyId);
      }
    });
    this.dropCache(studyId);
  }

  private dropCache(studyId: number): void {
    const c = this.caches.get(studyId);
    if (c) for (const t of c.trials) this.trialStudy.delete(t.trialId);
    this.caches.delete(studyId);
    this.paramDists.delete(studyId);
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    this.immediate(() => {
      this.requireStudy(studyId);
      this.upsertAttr("study_user_attributes", "study_id", studyId, key, value);
    });
  }

  async setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    this.immediate(() => {
      this.requireStudy(studyId);
      this.upsertAttr("study_system_attributes", "study_id", studyId, key, value);
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
    const studyName = this.requireStudy(studyId);
    const directions = (
      this.st("SELECT direction FROM study_directions WHERE study_id = ? ORDER BY objective").pluck().all(studyId) as string[]
    ).map(directionFromDb);
    const attrs = (table: string): Record<string, JsonValue> => {
      const out: Record<string, JsonValue> = {};
      for (const r of this.st(`SELECT "key" AS k, value_json AS v FROM ${table} WHERE study_id = ?`).all(studyId) as {
        k: string;
        v: string;
      }[]) {
        out[r.k] = parseJsonLenient(r.v) as JsonValue;
      }
      return Object.freeze(out);
    };
    return Object.freeze({
      studyId,
      studyName,
      directions: Object.freeze(directions.length > 0 ? directions : (["minimize"] as StudyDirection[])),
      userAttrs: attrs("study_user_attributes"),
      systemAttrs: attrs("study_system_attributes"),
    });
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

  async createNewTrial(studyId: number, template?: FrozenTrial): Promise<FrozenTrial> {
    const now = new Date();
    const [trialId, number] = this.immediate(() => {
      this.requireStudy(studyId);
      const last = this.st("SELECT number FROM trials WHERE study_id = ? ORDER BY trial_id DESC LIMIT 1").get(studyId) as
        | { number: number | null }
        | undefined;
      const number =
        last === undefined
          ? 0
          : last.number !== null
            ? last.number + 1
            : (this.st("SELECT COUNT(*) FROM trials WHERE study_id = ?").pluck().get(studyId) as number);
      const state = template?.state ?? "RUNNING";
      const start = template ? template.datetimeStart : now;
      const complete = template?.datetimeComplete;
      const id = Number(
        this.st("INSERT INTO trials (number, study_id, state, datetime_start, datetime_complete) VALUES (?, ?, ?, ?, ?)").run(
          number,
          studyId,
          state,
          start ? toDbDatetime(start) : null,
          complete ? toDbDatetime(complete) : null,
        ).lastInsertRowid,
      );
      if (template) {
        for (const [name, d] of Object.entries(template.distributions)) {
          if (!Object.hasOwn(template.params, name)) {
            throw new InvalidArgumentError(`The trial has a distribution for "${name}" but no value.`);
          }
          this.checkDistribution(studyId, name, d);
          this.upsertParam(id, name, toInternal(d, template.params[name] as ParamValue), d);
        }
        template.values?.forEach((v, i) => this.upsertValue(id, i, v));
        for (const [step, v] of Object.entries(template.intermediateValues)) this.upsertIntermediate(id, Number(step), v);
        for (const [k, v] of Object.entries(template.userAttrs)) this.upsertAttr("trial_user_attributes", "trial_id", id, k, v);
        for (const [k, v] of Object.entries(template.systemAttrs)) this.upsertAttr("trial_system_attributes", "trial_id", id, k, v);
      }
      return [id, number] as const;
    });
    if (!template) {
      return freezeTrial({
        number,
        trialId,
        state: "RUNNING",
        params: {},
        distributions: {},
        intermediateValues: {},
        userAttrs: {},
        systemAttrs: {},
        datetimeStart: fromDbDatetime(toDbDatetime(now)),
      });
    }
    return this.getTrial(trialId);
  }

  async setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void> {
    this.immediate(() => {
      const row = this.updatable(trialId);
      this.checkDistribution(row.study_id, name, distribution);
      this.upsertParam(trialId, name, internalValue, distribution);
    });
  }

  async setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[]): Promise<boolean> {
    if (!STATES.includes(state)) throw new InvalidArgumentError(`Unknown trial state ${JSON.stringify(state)}.`);
    const ok = this.immediate(() => {
      const row = this.updatable(trialId);
      if (state === "RUNNING" && row.state !== "WAITING") return false;
      const now = toDbDatetime(new Date());
      if (state === "RUNNING") {
        this.st("UPDATE trials SET state = ?, datetime_start = ? WHERE trial_id = ?").run(state, now, trialId);
      } else if (isFinished(state)) {
        this.st("UPDATE trials SET state = ?, datetime_complete = ? WHERE trial_id = ?").run(state, now, trialId);
      } else {
        this.st("UPDATE trials SET state = ? WHERE trial_id = ?").run(state, trialId);
      }
      values?.forEach((v, i) => this.upsertValue(trialId, i, v));
      return true;
    });
    if (isFinished(state)) this.beating.delete(trialId);
    return ok;
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    this.immediate(() => {
      this.updatable(trialId);
      this.upsertIntermediate(trialId, step, value);
    });
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.immediate(() => {
      this.updatable(trialId);
      this.upsertAttr("trial_user_attributes", "trial_id", trialId, key, value);
    });
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.immediate(() => {
      this.updatable(trialId);
      this.upsertAttr("trial_system_attributes", "trial_id", trialId, key, value);
    });
  }

  // ── trials: reads ───────────────────────────────────────────────────────────────────────

  /** Brings a study's cached trials up to date: new trials, and the unfinished ones again. */
  private sync(studyId: number): StudyCache {
    return this.read(() => {
      const name = this.requireStudy(studyId);
      let c = this.caches.get(studyId);
      if (!c || c.name !== name) {
        if (c) this.dropCache(studyId);
        c = { name, trials: [], index: new Map(), maxTrialId: -1, unfinished: new Set(), finishedAhead: new Map() };
        this.caches.set(studyId, c);
      }
      const fresh = this.st("SELECT trial_id FROM trials WHERE study_id = ? AND trial_id > ? ORDER BY trial_id")
        .pluck()
        .all(studyId, c.maxTrialId) as number[];
      if (fresh.length === 0 && c.unfinished.size === 0) return c;
      const toLoad = [...c.unfinished];
      const known = new Map<number, FrozenTrial>();
      for (const id of fresh) {
        const t = c.finishedAhead.get(id);
        if (t) known.set(id, t);
        else toLoad.push(id);
      }
      c.finishedAhead.clear();
      for (const { trial } of loadTrials(this.reader, toLoad)) known.set(trial.trialId, trial);
      for (const id of [...c.unfinished, ...fresh]) {
        const t = known.get(id);
        if (t) this.cacheTrial(studyId, c, t);
      }
      return c;
    });
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

  async getTrial(trialId: number): Promise<FrozenTrial> {
    const sid = this.trialStudy.get(trialId);
    const c = sid === undefined ? undefined : this.caches.get(sid);
    if (c) {
      const t = c.trials[c.index.get(trialId) ?? -1];
      if (t && isFinished(t.state)) return t;
    }
    const loaded = this.read(() => loadTrials(this.reader, [trialId]))[0];
    if (!loaded) throw new TrialNotFoundError(`No trial with id ${trialId} in ${this.where}.`);
    const owner = this.caches.get(loaded.studyId);
    if (owner?.index.has(trialId)) this.cacheTrial(loaded.studyId, owner, loaded.trial);
    else if (owner && trialId > owner.maxTrialId && isFinished(loaded.trial.state)) owner.finishedAhead.set(trialId, loaded.trial);
    return loaded.trial;
  }

  async getAllTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<FrozenTrial[]> {
    const c = this.sync(studyId);
    const states = options?.states;
    return states ? c.trials.filter((t) => states.includes(t.state)) : c.trials.slice();
  }

  // ── heartbeat ───────────────────────────────────────────────────────────────────────────

  async recordHeartbeat(trialId: number): Promise<void> {
    this.guard(() =>
      this.st(
        "INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES (?, ?) ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat",
      ).run(trialId, toDbDatetime(new Date())),
    );
    this.beating.add(trialId);
  }

  async failStaleTrials(studyId: number): Promise<FrozenTrial[]> {
    if (!this.heartbeatInterval || this.gracePeriod === undefined) return [];
    const c = this.sync(studyId);
    const running: number[] = [];
    for (const id of c.unfinished) {
      if (!this.beating.has(id) && c.trials[c.index.get(id) ?? -1]?.state === "RUNNING") running.push(id);
    }
    if (running.length === 0) return [];
    const limit = toDbDatetime(new Date(Date.now() - this.gracePeriod * 1000));
    const stale = this.read(
      () => this.st(`SELECT trial_id FROM trial_heartbeats WHERE ${IN_IDS} AND heartbeat < ?`).pluck().all(JSON.stringify(running), limit) as number[],
    );
    const failed: FrozenTrial[] = [];
    for (const id of stale) {
      const changed = this.immediate(
        () =>
          this.st(
            "UPDATE trials SET state = 'FAIL', datetime_complete = ? WHERE trial_id = ? AND state = 'RUNNING' " +
              "AND EXISTS (SELECT 1 FROM trial_heartbeats h WHERE h.trial_id = trials.trial_id AND h.heartbeat < ?)",
          ).run(toDbDatetime(new Date()), id, limit).changes,
      );
      if (changed === 1) {
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
