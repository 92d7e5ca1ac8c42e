/**
 * PostgresStorage: studies in a PostgreSQL database in Optuna's own schema (node-postgres), shared
 * by processes on many hosts and by Python Optuna's RDBStorage.
 *
 * - Trial numbers: creating a trial locks the study row (as Optuna does), so numbers are 0, 1, 2 …
 *   under any number of concurrent creators. Claiming a WAITING trial locks the trial row and
 *   only succeeds while it is still WAITING, so an enqueued trial runs once.
 * - Every write is one transaction; a trial's final state and values are written by one statement.
 * - Faults: a dropped connection, a server restart, a deadlock are retried (db.ts) where running
 *   the call again is safe; otherwise a StorageError says what happened.
 * - Heartbeats (on by default): the first heartbeat row is written in the transaction that
 *   creates (or claims) a trial; a timer refreshes this process's RUNNING trials; before a new
 *   trial, other processes' RUNNING trials whose heartbeat is older than the grace period (server
 *   clock) become FAIL, and the failed-trial callback runs for each.
 * - Reads: `getTrialsSince` is the incremental read CachedStorage (storages/cached.ts) wraps, so
 *   a refresh of a 20,000-trial study reads only what changed; recent.ts spares most round trips.
 * @module
 */
import { assertCompatible } from "../../distributions/ops.js";
import { distributionFromJson } from "../../distributions/json.js";
import type { Distribution } from "../../distributions/types.js";
import { DuplicatedStudyError, InvalidArgumentError, StudyNotFoundError, TrialNotFoundError, UpdateFinishedTrialError } from "../../errors.js";
import { type FrozenTrial, newRunningTrial } from "../../trial/frozen.js";
import { isFinished, type JsonValue, type StudyDirection, type TrialState } from "../../trial/state.js";
import * as messages from "../../messages.js";
import { warn } from "../../warnings.js";
import type { Storage, StudyRecord, TrialStartOptions } from "../base.js";
import { callFailedTrialCallback, type FailedTrialCallback } from "../heartbeat.js";
import { directionToDb, fromDbDatetime, toDbDatetime } from "../codec.js";
import type { TrialsSince } from "../cached.js";
import { Db, type Sql } from "./db.js";
import { PendingWrites } from "./pending.js";
import { type Delta, finishedTrial, loadTrials, loadTrialsSince, STATES } from "./read.js";
import { RecentReads, type Snapshot } from "./recent.js";
import { prepareSchema } from "./schema.js";
import * as q from "./studies-sql.js";
import * as w from "./trial-sql.js";
import { parsePostgresUrl, type PostgresStorageOptions } from "./url.js";

/** Options of {@link PostgresStorage} beyond the URL's. */
export interface PostgresOpenOptions extends PostgresStorageOptions {
  /** Called for each trial this process failed for a stale heartbeat (e.g. RetryFailedTrialCallback). */
  failedTrialCallback?: FailedTrialCallback;
  /** Upgrade a database at Optuna 3.1's revision (v3.0.0.d) to v3.2.0.a when opening it. Default false. */
  upgrade?: boolean;
}

/** An Optuna-schema PostgreSQL storage. Open one with {@link PostgresStorage.open}. */
export class PostgresStorage implements Storage {
  readonly heartbeatInterval?: number;
  /** Seconds without heartbeat after which a RUNNING trial is stale (when heartbeats are on). */
  readonly gracePeriod?: number;
  /** The Alembic revision of the database ("v3.2.0.a", or "v3.0.0.d" for an Optuna 3.1 database not upgraded). */
  revision = "";
  readonly idsNeverReused = true; // sequences: a study recreated elsewhere gets a new id (CachedStorage)
  private readonly trialStudy = new Map<number, number>();
  private readonly paramDists = new Map<number, Map<string, Distribution>>();
  private readonly parsed = new Map<string, Distribution>();
  /** This process's RUNNING trials: their writes wait in `pending`; the heartbeat timer keeps them alive. */
  private readonly own = new Set<number>();
  private readonly pending = new PendingWrites();
  /** Trials this process finished, as they are now (no read back after tell). */
  private readonly ahead = new Map<number, FrozenTrial>();
  private readonly recent = new RecentReads();
  /** The study records the last refreshes read, with when. */
  private readonly records = new Map<number, { record: StudyRecord; at: number }>();
  private readonly lastStaleCheck = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly dist = (json: string): Distribution => {
    const d = this.parsed.get(json) ?? distributionFromJson(json);
    this.parsed.set(json, d);
    return d;
  };

  private constructor(
    private readonly db: Db,
    private readonly failedTrialCallback: FailedTrialCallback | undefined,
  ) {
    const o = db.url.options;
    const interval = o.heartbeatInterval === undefined ? 60 : o.heartbeatInterval;
    if (interval) {
      this.heartbeatInterval = interval;
      this.gracePeriod = o.gracePeriod ?? 2 * interval;
    }
  }

  /**
   * Connects, creates Optuna's schema in an empty database, checks the version of an existing one.
   * @throws {InvalidArgumentError} a malformed URL or option.
   * @throws {StorageError} the server cannot be reached, refuses the user, the database is missing or holds other tables.
   * @throws {StorageVersionError} a schema this version of parzen does not know.
   */
  static async open(url: string, options: PostgresOpenOptions = {}): Promise<PostgresStorage> {
    const { failedTrialCallback, upgrade, ...rest } = options;
    const db = new Db(parsePostgresUrl(url, rest));
    const s = new PostgresStorage(db, failedTrialCallback);
    try {
      s.revision = await prepareSchema(db, { upgrade: upgrade ?? false });
    } catch (e) {
      await db.close();
      throw e;
    }
    if (s.heartbeatInterval) {
      s.timer = setInterval(() => void s.beatOwn(), s.heartbeatInterval * 1000);
      s.timer.unref();
    }
    return s;
  }

  /** host:port/database, for messages. */
  get where(): string {
    return this.db.where;
  }

  /** Upgrades a database at Optuna 3.1's revision to the head. After it, Optuna 3.1 refuses it. */
  async upgrade(): Promise<void> {
    this.revision = await prepareSchema(this.db, { upgrade: true });
  }

  // ── studies ─────────────────────────────────────────────────────────────────────────────

  async createNewStudy(directions: readonly StudyDirection[], studyName: string): Promise<number> {
    const id = await this.db.run((c) => q.insertStudy(c, studyName, directions.map(directionToDb)), { transaction: true, retry: "unreached" });
    if (id === undefined) throw new DuplicatedStudyError(studyName);
    return id;
  }

  async deleteStudy(studyId: number): Promise<void> {
    const found = await this.db.run((c, first) => q.deleteStudy(c, studyId).then((n) => n || !first), { transaction: true, retry: "always" });
    if (!found) throw await this.studyNotFound(studyId);
    for (const [trialId, sid] of this.trialStudy) {
      if (sid !== studyId) continue;
      this.trialStudy.delete(trialId);
      this.ahead.delete(trialId);
      this.own.delete(trialId);
      this.pending.drop(trialId);
    }
    this.records.delete(studyId);
    this.recent.forget(studyId);
    this.paramDists.delete(studyId);
  }

  private async studyNotFound(study: number | string): Promise<StudyNotFoundError> {
    const names = (await this.db.query<{ n: string }>("SELECT study_name AS n FROM studies ORDER BY study_id")).map((r) => r.n);
    return new StudyNotFoundError(typeof study === "number" ? `#${study}` : study, names);
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    await this.studyAttr(studyId, "user", key, value);
  }

  async setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    await this.studyAttr(studyId, "system", key, value);
  }

  private async studyAttr(studyId: number, kind: "user" | "system", key: string, value: JsonValue): Promise<void> {
    this.records.delete(studyId);
    this.recent.invalidate(studyId);
    const ok = await this.db.run((c) => w.upsertAttr(c, "study", kind, studyId, key, value), { retry: "always" });
    if (!ok) throw await this.studyNotFound(studyId);
  }

  async getStudyIdFromName(studyName: string): Promise<number> {
    const r = await this.db.query<{ id: number }>("SELECT study_id AS id FROM studies WHERE study_name = $1", [studyName]);
    if (!r[0]) throw await this.studyNotFound(studyName);
    return r[0].id;
  }

  async getStudy(studyId: number): Promise<StudyRecord> {
    // The record the refresh just read (a study's attributes are read with its trials).
    const recent = this.records.get(studyId);
    if (recent && Date.now() - recent.at < 1000) return recent.record;
    const r = await this.db.run((c) => q.loadStudies(c, studyId), { retry: "always" });
    if (!r[0]) throw await this.studyNotFound(studyId);
    return r[0];
  }

  async getAllStudies(): Promise<StudyRecord[]> {
    return this.db.run((c) => q.loadStudies(c), { retry: "always" });
  }

  // ── trials: writes ──────────────────────────────────────────────────────────────────────

  async createNewTrial(studyId: number, template?: FrozenTrial, options?: TrialStartOptions): Promise<FrozenTrial> {
    w.checkStudyId("createNewTrial", studyId);
    if (template) return this.createFromTemplate(studyId, template);
    // Only a caller that heartbeats (optimize) gets the first beat; a bare ask/tell holds its trial.
    const beat = options?.heartbeat === true && this.heartbeatInterval !== undefined;
    // With heartbeats, a trial created twice (the commit's reply lost) is failed after the grace period.
    const made = await this.db.run((c) => w.insertRunningTrial(c, studyId, toDbDatetime(new Date()), beat), {
      retry: beat ? "always" : "unreached",
    });
    if (!made) throw await this.studyNotFound(studyId);
    const [trialId, number, start] = made;
    this.recent.invalidate(studyId);
    this.trialStudy.set(trialId, studyId);
    this.own.add(trialId);
    return newRunningTrial(number, trialId, fromDbDatetime(start));
  }

  private async createFromTemplate(studyId: number, t: FrozenTrial): Promise<FrozenTrial> {
    const missing = Object.keys(t.distributions).find((name) => !Object.hasOwn(t.params, name));
    if (missing !== undefined) throw new InvalidArgumentError(`The trial has a distribution for "${missing}" but no value.`);
    for (const [name, d] of Object.entries(t.distributions)) await this.checkDistribution(studyId, name, d);
    const id = await this.db.run((c) => w.insertTemplate(c, studyId, t), { transaction: true, retry: "unreached" });
    if (id === undefined) throw await this.studyNotFound(studyId);
    // A copied RUNNING trial is not running here: no heartbeat, not this process's (as Optuna's add_trial).
    this.recent.invalidate(studyId);
    this.trialStudy.set(id, studyId);
    return this.getTrial(id);
  }

  private async studyOf(trialId: number): Promise<number> {
    const known = this.trialStudy.get(trialId);
    if (known !== undefined) return known;
    const s = await this.db.run((c) => w.trialState(c, trialId), { retry: "always" });
    if (!s) throw new TrialNotFoundError(`No trial with id ${trialId} in ${this.where}.`);
    this.trialStudy.set(trialId, s.studyId);
    return s.studyId;
  }

  /** Checks a parameter's distribution against the one the study used before (cached per study). */
  private async checkDistribution(studyId: number, name: string, d: Distribution): Promise<void> {
    const known = this.paramDists.get(studyId) ?? new Map<string, Distribution>();
    this.paramDists.set(studyId, known);
    let prev = known.get(name);
    if (!prev) {
      const json = await this.db.run((c) => w.studyDistribution(c, studyId, name), { retry: "always" });
      if (json !== undefined) prev = this.dist(json);
    }
    if (prev) assertCompatible(name, prev, d);
    known.set(name, prev ?? d);
  }

  /** Why a write to a trial changed nothing: it is finished, or missing. */
  private async refused(trialId: number): Promise<Error> {
    const s = await this.db.run((c) => w.trialState(c, trialId), { retry: "always" });
    if (!s) return new TrialNotFoundError(`No trial with id ${trialId} in ${this.where}.`);
    return new UpdateFinishedTrialError(
      `Trial #${s.number} is already ${s.state} and cannot be changed. Finished trials are immutable; start a new trial instead.` +
        (s.state === "FAIL" && this.own.has(trialId) ? " (Another process failed it: its heartbeat was older than the grace period.)" : ""),
    );
  }

  private async write(trialId: number, fn: (c: Sql) => Promise<boolean>): Promise<void> {
    if (!(await this.db.run(fn, { retry: "always" }))) throw await this.refused(trialId);
  }

  async setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void> {
    await this.checkDistribution(await this.studyOf(trialId), name, distribution);
    if (this.own.has(trialId)) this.pending.param(trialId, name, internalValue, distribution);
    else await this.write(trialId, (c) => w.upsertParam(c, trialId, name, internalValue, distribution));
    this.changed(trialId);
  }

  async setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[], options?: TrialStartOptions): Promise<boolean> {
    if (!STATES.includes(state)) throw new InvalidArgumentError(`Unknown trial state ${JSON.stringify(state)}.`);
    const beat = state === "RUNNING" && options?.heartbeat === true && this.heartbeatInterval !== undefined;
    const batch = this.pending.take(trialId);
    const now = toDbDatetime(new Date());
    // Finishing a trial also reads what the next refresh of its study would (see sync).
    const studyId = this.trialStudy.get(trialId);
    const since = isFinished(state) && studyId !== undefined ? this.recent.expected(studyId) : undefined;
    this.changed(trialId);
    let r: w.StateChange & { first: boolean };
    try {
      r = await this.db.run(
        async (c, first) => ({ ...(await w.setStateValues(c, trialId, state, now, values ?? [], beat, batch, this.dist, since)), first }),
        { retry: "always" },
      );
    } catch (e) {
      this.pending.restore(batch);
      throw e;
    }
    if (since && r.delta?.study && studyId !== undefined) this.keep(studyId, since.afterTrialId, { ...r.delta, study: r.delta.study });
    if (r.changed) {
      if (state === "RUNNING") {
        this.own.add(trialId);
        if (studyId !== undefined) this.recent.invalidate(studyId);
      }
      if (isFinished(state)) {
        this.own.delete(trialId);
        if (r.row) this.ahead.set(trialId, finishedTrial(r.row, state, now, values ?? [], batch, this.dist));
      }
      return true;
    }
    this.own.delete(trialId);
    this.pending.drop(trialId);
    if (r.before === undefined) throw new TrialNotFoundError(`No trial with id ${trialId} in ${this.where}.`);
    // A rerun after a lost reply finds its own write done.
    if (!r.first && r.before === state) return true;
    if (state === "RUNNING" && !isFinished(r.before as TrialState)) return false;
    throw await this.refused(trialId);
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    if (this.own.has(trialId)) this.pending.intermediate(trialId, step, value);
    else await this.write(trialId, (c) => w.upsertIntermediate(c, trialId, step, value));
    this.changed(trialId);
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    if (this.own.has(trialId)) this.pending.attr(trialId, "user", key, value);
    else await this.write(trialId, (c) => w.upsertAttr(c, "trial", "user", trialId, key, value));
    this.changed(trialId);
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    if (this.own.has(trialId)) this.pending.attr(trialId, "system", key, value);
    else await this.write(trialId, (c) => w.upsertAttr(c, "trial", "system", trialId, key, value));
    this.changed(trialId);
  }

  /** This process wrote to a trial: a kept snapshot of its study no longer answers reads. */
  private changed(trialId: number): void {
    const sid = this.trialStudy.get(trialId);
    if (sid === undefined) this.recent.clear();
    else this.recent.invalidate(sid);
  }

  /** Sends the pending writes of one trial or of all this process's running trials (one statement). */
  async flush(trialId?: number): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending.take(trialId);
    if (batch.size === 0) return;
    try {
      await this.db.run((c) => w.flushPending(c, batch), { retry: "always" });
    } catch (e) {
      this.pending.restore(batch);
      throw e;
    }
  }

  // ── trials: reads ───────────────────────────────────────────────────────────────────────

  /**
   * The incremental read CachedStorage asks for (storages/cached.ts): from one snapshot, the
   * study's name, the ids of its trials after `afterTrialId`, and the trials `reload` ∪ (new −
   * `skip`). This process's pending writes are sent first. A snapshot that came with this
   * process's last tell, or answered the previous call, serves it without a round trip (recent.ts).
   * @throws {StudyNotFoundError}
   */
  async getTrialsSince(studyId: number, afterTrialId: number, reload: readonly number[], skip?: ReadonlySet<number>): Promise<TrialsSince> {
    await this.flush();
    let snap = this.recent.usable(studyId, afterTrialId, reload);
    if (!snap) {
      const d = await this.db.run((c) => loadTrialsSince(c, studyId, afterTrialId, reload, this.dist), { retry: "always" });
      if (!d.study) {
        this.recent.forget(studyId);
        throw await this.studyNotFound(studyId);
      }
      snap = this.keep(studyId, afterTrialId, { ...d, study: d.study });
    }
    for (const id of snap.trials.keys()) this.trialStudy.set(id, studyId);
    return this.recent.answer(studyId, snap, afterTrialId, reload, skip, (id) => this.ahead.get(id));
  }

  /** Keeps a read (or a tell's ride-along read) for the next incremental reads and getStudy. */
  private keep(studyId: number, afterTrialId: number, d: Delta & { study: StudyRecord }): Snapshot {
    const at = Date.now();
    this.records.set(studyId, { record: d.study, at });
    const snap = { at, after: afterTrialId, studyName: d.study.studyName, trials: new Map(d.trials.map((l) => [l.trial.trialId, l.trial])) };
    this.recent.store(studyId, snap);
    return snap;
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    const done = this.ahead.get(trialId);
    if (done) return done;
    await this.flush(trialId);
    const loaded = (await this.db.run((c) => loadTrials(c, [trialId], this.dist), { retry: "always" }))[0];
    if (!loaded) throw new TrialNotFoundError(`No trial with id ${trialId} in ${this.where}.`);
    this.trialStudy.set(trialId, loaded.studyId);
    return loaded.trial;
  }

  /** Every trial of a study, in one query (studies read through CachedStorage use getTrialsSince). */
  async getAllTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<FrozenTrial[]> {
    await this.flush();
    const d = await this.db.run((c) => loadTrialsSince(c, studyId, -1, [], this.dist), { retry: "always" });
    if (!d.study) throw await this.studyNotFound(studyId);
    const all = d.trials.map((l) => l.trial);
    for (const t of all) this.trialStudy.set(t.trialId, studyId);
    const states = options?.states;
    return states ? all.filter((t) => states.includes(t.state)) : all;
  }

  // ── heartbeat ───────────────────────────────────────────────────────────────────────────

  async recordHeartbeat(trialId: number): Promise<void> {
    if (this.own.has(trialId)) return; // written at creation (or claim), refreshed by the timer
    await this.db.run((c) => w.beat(c, [trialId]), { retry: "always" });
  }

  /** The timer: refreshes the heartbeats of this process's RUNNING trials and sends their pending writes. */
  private async beatOwn(): Promise<void> {
    const ids = [...this.own];
    if (ids.length === 0) return;
    await Promise.all([this.db.run((c) => w.beat(c, ids), { retry: "always" }), this.flush()]).catch((e: unknown) => {
      warn(messages.heartbeatFailed(ids.length, this.where, (e as Error).message));
    });
  }

  /**
   * Fails the study's RUNNING trials (only `candidates`, when given: CachedStorage's RUNNING
   * trials) whose heartbeat is older than the grace period, except this process's; at most once a
   * second per study. Then runs the failed-trial callback for each.
   */
  async failStaleTrials(studyId: number, candidates?: readonly number[]): Promise<FrozenTrial[]> {
    const grace = this.gracePeriod;
    if (!this.heartbeatInterval || grace === undefined) return [];
    const now = Date.now();
    if (now - (this.lastStaleCheck.get(studyId) ?? 0) < Math.min(1000, grace * 250)) return [];
    this.lastStaleCheck.set(studyId, now);
    const all = candidates ?? (await this.db.run((c) => w.runningTrialIds(c, studyId), { retry: "always" }));
    const others = all.filter((id) => !this.own.has(id));
    if (others.length === 0) return [];
    const ids = await this.db.run((x) => w.failStale(x, others, grace, toDbDatetime(new Date())), { retry: "always" });
    const failed: FrozenTrial[] = [];
    for (const id of ids) {
      const t = await this.getTrial(id);
      failed.push(t);
      warn(messages.staleTrialFailed(t.number, grace));
    }
    if (this.failedTrialCallback) {
      for (const t of failed) await callFailedTrialCallback(this.failedTrialCallback, { storage: this, studyId }, t);
    }
    return failed;
  }

  /** Stops the heartbeat timer and closes the connections. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => undefined);
    await this.db.close();
  }
}
