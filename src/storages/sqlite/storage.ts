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
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { assertCompatible, toExternal, toInternal } from "../../distributions/ops.js";
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
import { callFailedTrialCallback, type FailedTrialCallback } from "../heartbeat.js";
import {
  directionFromDb,
  directionToDb,
  fromDbDatetime,
  intermediateToDb,
  parseJsonLenient,
  toDbDatetime,
  valueFromDb,
  valueToDb,
} from "./codec.js";
import { storageError } from "./errors.js";
import { migrate } from "./migrations.js";
import { HEAD_REVISION, createSchema, inspectSchema } from "./schema.js";
import { sqlitePathFromUrl } from "./url.js";

const LIBRARY_VERSION = "parzen-0.1.0";

/** Options of {@link SqliteStorage}. */
export interface SqliteStorageOptions {
  /**
   * Seconds between heartbeats of a running trial. Default 60 for a file, off for `:memory:`;
   * 0 or null turns heartbeats (and failing stale trials) off.
   */
  heartbeatInterval?: number | null;
  /** Seconds without heartbeat after which a RUNNING trial is stale. Default 2 × heartbeatInterval. */
  gracePeriod?: number;
  /** Called for each trial this process failed for a stale heartbeat (e.g. RetryFailedTrialCallback). */
  failedTrialCallback?: FailedTrialCallback;
  /** Milliseconds to wait for another process's write lock. Default 30000. */
  busyTimeout?: number;
  /** Upgrade a database at Optuna 3.1's revision (v3.0.0.d) to v3.2.0.a when opening it. Default false. */
  upgrade?: boolean;
  /**
   * Caps the database's size in pages (SQLite's max_page_count, pages of 4 KiB). A write beyond
   * it fails with a StorageError as on a full disk, and is rolled back. Default: no cap.
   */
  maxPageCount?: number;
}

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

interface TrialRow {
  trial_id: number;
  number: number | null;
  study_id: number;
  state: string;
  datetime_start: string | null;
  datetime_complete: string | null;
}

interface Loaded {
  studyId: number;
  trial: FrozenTrial;
}

const SQLITE_HEADER = "SQLite format 3\u0000";
const IN_IDS = "trial_id IN (SELECT value FROM json_each(?))";
const STATES: readonly string[] = ["RUNNING", "COMPLETE", "PRUNED", "FAIL", "WAITING"];

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
    this.path = sqlitePathFromUrl(url);
    const memory = this.path === ":memory:";
    this.where = memory ? "The in-memory SQLite database" : `The study database ${this.path}`;
    const interval = options.heartbeatInterval === undefined ? (memory ? null : 60) : options.heartbeatInterval;
    if (interval !== null && !(typeof interval === "number" && interval >= 0 && Number.isFinite(interval))) {
      throw new InvalidArgumentError(`heartbeatInterval must be a number of seconds >= 0 (0 or null: off), got ${String(interval)}.`);
    }
    if (options.gracePeriod !== undefined && !(options.gracePeriod > 0 && Number.isFinite(options.gracePeriod))) {
      throw new InvalidArgumentError(`gracePeriod must be a positive number of seconds, got ${String(options.gracePeriod)}.`);
    }
    const busy = options.busyTimeout ?? 30000;
    if (!(Number.isInteger(busy) && busy >= 0)) {
      throw new InvalidArgumentError(`busyTimeout must be a non-negative integer of milliseconds, got ${String(busy)}.`);
    }
    if (interval) {
      this.heartbeatInterval = interval;
      this.gracePeriod = options.gracePeriod ?? 2 * interval;
    }
    this.failedTrialCallback = options.failedTrialCallback;
    if (!memory) this.preflight();
    let db: Database.Database;
    try {
      db = new Database(this.path, { timeout: busy });
    } catch (e) {
      throw storageError(e, this.where);
    }
    this.db = db;
    this.tx = db.transaction((fn: () => unknown) => fn());
    try {
      let state = inspectSchema(db);
      if (state.kind === "foreign") {
        throw new StorageError(
          `${this.where} is an SQLite database but not a study database (it has tables ${state.tables.join(", ")}, ` +
            "not Optuna's studies/trials/version_info/alembic_version). Use another file name for parzen's studies.",
        );
      }
      if (!memory) db.pragma("journal_mode = WAL");
      if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxPageCount))}`);
      db.pragma("synchronous = NORMAL");
      if (state.kind === "empty") {
        this.tx.immediate(() => {
          const again = inspectSchema(db);
          if (again.kind === "empty") createSchema(db, LIBRARY_VERSION);
        });
        state = inspectSchema(db);
      }
      if (state.kind !== "ready") throw new StorageError(`${this.where}: the schema could not be created.`);
      this.revisionValue = state.revision;
      if (options.upgrade && this.revisionValue !== HEAD_REVISION) this.upgradeSync();
    } catch (e) {
      db.close();
      throw storageError(e, this.where);
    }
  }

  /** Checks the file before SQLite touches it: never write into a file that is not SQLite. */
  private preflight(): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true });
    } catch (e) {
      throw new StorageError(
        `Cannot create the folder ${dirname(this.path)} for the study database (${(e as Error).message}). Choose a writable location.`,
        { cause: e },
      );
    }
    const readOnly = (what: string, e: unknown): StorageError =>
      new StorageError(
        `${what} is read-only for this process, so the study database ${this.path} cannot be written ` +
          "(SQLite also writes -wal and -shm files beside it). Make it writable, or copy the database to a writable folder.",
        { cause: e },
      );
    try {
      accessSync(dirname(this.path), constants.W_OK);
    } catch (e) {
      throw readOnly(`The folder ${dirname(this.path)}`, e);
    }
    if (!existsSync(this.path)) return;
    if (statSync(this.path).isDirectory()) {
      throw new StorageError(`${this.path} is a folder, not a study database. Put a file name at the end of the URL.`);
    }
    try {
      accessSync(this.path, constants.W_OK);
    } catch (e) {
      throw readOnly(`The file ${this.path}`, e);
    }
    const buf = Buffer.alloc(16);
    let n = 0;
    try {
      const fd = openSync(this.path, "r");
      try {
        n = readSync(fd, buf, 0, 16, 0);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw new StorageError(`Cannot read ${this.path} (${(e as Error).message}). Check its permissions.`, { cause: e });
    }
    // A header of zeros: another process is creating the file right now; SQLite itself decides.
    if (n > 0 && buf.subarray(0, n).some((b) => b !== 0) && buf.toString("latin1", 0, n) !== SQLITE_HEADER) {
      throw new StorageError(
        `${this.path} is not an SQLite database (its first bytes are not "SQLite format 3"). ` +
          "It was left untouched: point the storage URL at a study database, or at a new file name to create one.",
      );
    }
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

  /** Reads whole trials by id, in trial_id order (inside the caller's read transaction). */
  private loadTrials(ids: readonly number[]): Loaded[] {
    if (ids.length === 0) return [];
    const j = JSON.stringify(ids);
    interface Acc {
      row: TrialRow;
      params: Record<string, ParamValue>;
      distributions: Record<string, Distribution>;
      values: number[];
      inter: Record<number, number>;
      ua: Record<string, JsonValue>;
      sa: Record<string, JsonValue>;
    }
    const acc = new Map<number, Acc>();
    const rows = this.st(
      `SELECT trial_id, number, study_id, state, datetime_start, datetime_complete FROM trials WHERE ${IN_IDS} ORDER BY trial_id`,
    ).all(j) as TrialRow[];
    for (const row of rows) acc.set(row.trial_id, { row, params: {}, distributions: {}, values: [], inter: {}, ua: {}, sa: {} });
    for (const p of this.st(`SELECT trial_id, param_name, param_value, distribution_json FROM trial_params WHERE ${IN_IDS}`).raw().all(j) as [
      number,
      string,
      number,
      string,
    ][]) {
      const a = acc.get(p[0]);
      if (!a) continue;
      const d = this.dist(p[3]);
      a.distributions[p[1]] = d;
      a.params[p[1]] = toExternal(d, p[2]);
    }
    for (const v of this.st(`SELECT trial_id, objective, value, value_type FROM trial_values WHERE ${IN_IDS}`).raw().all(j) as [
      number,
      number,
      number | null,
      string,
    ][]) {
      const a = acc.get(v[0]);
      if (a) a.values[v[1]] = valueFromDb(v[2], v[3]);
    }
    for (const v of this.st(
      `SELECT trial_id, step, intermediate_value, intermediate_value_type FROM trial_intermediate_values WHERE ${IN_IDS}`,
    )
      .raw()
      .all(j) as [number, number, number | null, string][]) {
      const a = acc.get(v[0]);
      if (a) a.inter[v[1]] = valueFromDb(v[2], v[3]);
    }
    for (const [table, key] of [
      ["trial_user_attributes", "ua"],
      ["trial_system_attributes", "sa"],
    ] as const) {
      for (const v of this.st(`SELECT trial_id, "key", value_json FROM ${table} WHERE ${IN_IDS}`).raw().all(j) as [
        number,
        string,
        string,
      ][]) {
        const a = acc.get(v[0]);
        if (a) a[key][v[1]] = parseJsonLenient(v[2]) as JsonValue;
      }
    }
    const out: Loaded[] = [];
    for (const a of acc.values()) {
      const r = a.row;
      const datetimeStart = fromDbDatetime(r.datetime_start);
      const datetimeComplete = fromDbDatetime(r.datetime_complete);
      out.push({
        studyId: r.study_id,
        trial: freezeTrial({
          number: r.number ?? -1,
          trialId: r.trial_id,
          state: (STATES.includes(r.state) ? r.state : "FAIL") as TrialState,
          values: a.values.length > 0 ? a.values.slice(0, a.values.length) : undefined,
          params: a.params,
          distributions: a.distributions,
          intermediateValues: a.inter,
          userAttrs: a.ua,
          systemAttrs: a.sa,
          ...(datetimeStart ? { datetimeStart } : {}),
          ...(datetimeComplete ? { datetimeComplete } : {}),
        }),
      });
    }
    return out;
  }

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
      for (const { trial } of this.loadTrials(toLoad)) known.set(trial.trialId, trial);
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
    const loaded = this.read(() => this.loadTrials([trialId]))[0];
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
        warn(
          "PARZEN_STALE_TRIAL_FAILED",
          `Trial #${t.number} was RUNNING without a heartbeat for more than ${this.gracePeriod} s (its process died?): it is now FAIL.`,
        );
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
