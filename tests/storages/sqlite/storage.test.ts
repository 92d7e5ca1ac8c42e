/**
 * SqliteStorage beyond the conformance suite: URLs, resume, copy/delete/summaries, versions and
 * migrations, bad input, full disk, read-only files, heartbeat.
 */
import assert from "node:assert/strict";
import * as messages from "../../../src/messages.js";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { StorageError, StorageVersionError, InvalidArgumentError, StudyNotFoundError } from "../../../src/errors.js";
import { RandomSampler } from "../../../src/samplers/random.js";
import { InMemoryStorage } from "../../../src/storages/in-memory.js";
import { RetryFailedTrialCallback } from "../../../src/storages/heartbeat.js";
import { SqliteStorage, sqlitePathFromUrl } from "../../../src/storages/sqlite/index.js";
import { createSqliteStorage } from "../../../src/storages/sqlite/factory.js";
import { copyStudy, createStudy, deleteStudy, getAllStudySummaries, loadStudy } from "../../../src/study/create.js";
import type { Trial } from "../../../src/trial/trial.js";
import { captureWarnings } from "../../../src/warnings.js";
import { collect, startFixture } from "./fixtures/spawn.js";
import { tempDb, tempDir } from "./helpers.js";

const objective = (t: Trial): number => {
  const x = t.suggestFloat("x", -5, 5);
  const lr = t.suggestFloat("lr", 1e-5, 1e-1, { log: true });
  const n = t.suggestInt("n", 1, 64, { log: true });
  const c = t.suggestCategorical("c", ["relu", "tanh", null]);
  t.report(x, 0);
  t.setUserAttr("tag", { n, c });
  return x * x + lr + n + (c === "relu" ? 0 : 1);
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("SQLite URLs", () => {
  it("reads relative, absolute and in-memory URLs as Optuna does", () => {
    assert.equal(sqlitePathFromUrl("sqlite:///rel/x.db"), resolve("rel/x.db"));
    assert.equal(sqlitePathFromUrl("sqlite:////abs/x.db"), "/abs/x.db");
    assert.equal(sqlitePathFromUrl("sqlite:///:memory:"), ":memory:");
    assert.equal(sqlitePathFromUrl("sqlite://"), ":memory:");
    assert.throws(() => sqlitePathFromUrl("sqlite:/x.db"), InvalidArgumentError);
    assert.throws(() => sqlitePathFromUrl("sqlite:///x.db?timeout=3"), InvalidArgumentError);
  });

  it("creates the file and its missing folders, in WAL mode at revision v3.2.0.a", async () => {
    const path = join(tempDir(), "a", "b", "c.db");
    const s = new SqliteStorage(`sqlite:///${path}`);
    assert.equal(s.revision, "v3.2.0.a");
    assert.equal(s.heartbeatInterval, 60);
    assert.equal(s.gracePeriod, 120);
    await s.createNewStudy(["minimize"], "x");
    assert.ok(existsSync(path));
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
    assert.equal(db.prepare("SELECT version_num FROM alembic_version").pluck().get(), "v3.2.0.a");
    assert.equal(db.prepare("SELECT schema_version FROM version_info").pluck().get(), 12);
    db.close();
    await s.close();
  });

  it("has no heartbeat in memory, and takes heartbeat options", async () => {
    const m = new SqliteStorage("sqlite:///:memory:");
    assert.equal(m.heartbeatInterval, undefined);
    assert.deepEqual(await m.failStaleTrials(await m.createNewStudy(["minimize"], "m")), []);
    const f = await createSqliteStorage(tempDb().url, { heartbeatInterval: 5 });
    assert.equal(f.heartbeatInterval, 5);
    assert.equal(f.gracePeriod, 10);
    const off = new SqliteStorage(tempDb().url, { heartbeatInterval: 0 });
    assert.equal(off.heartbeatInterval, undefined);
    assert.throws(() => new SqliteStorage(tempDb().url, { heartbeatInterval: -1 }), InvalidArgumentError);
    assert.throws(() => new SqliteStorage(tempDb().url, { gracePeriod: 0 }), InvalidArgumentError);
    await Promise.all([m.close(), f.close(), off.close()]);
  });

  it("shares one storage per file between createStudy calls with the same URL", async () => {
    const { url } = tempDb();
    const a = await createStudy({ storage: url, studyName: "a" });
    const b = await loadStudy({ storage: url, studyName: "a" });
    assert.equal(a.storage, b.storage);
    await a.storage.close?.();
    const c = await loadStudy({ storage: url, studyName: "a" });
    assert.notEqual(c.storage, a.storage);
    await c.storage.close?.();
  });
});

describe("resume from disk", () => {
  it("createStudy with loadIfExists continues the numbering in a new process's storage", async () => {
    const { url } = tempDb();
    const s1 = new SqliteStorage(url);
    const st1 = await createStudy({ storage: s1, studyName: "r", loadIfExists: true, sampler: new RandomSampler({ seed: 1 }) });
    await st1.optimize(objective, { nTrials: 5 });
    await s1.close();
    const s2 = new SqliteStorage(url);
    const st2 = await createStudy({ storage: s2, studyName: "r", loadIfExists: true, sampler: new RandomSampler({ seed: 2 }) });
    assert.equal(st2.trials.length, 5);
    await st2.optimize(objective, { nTrials: 5 });
    assert.deepEqual(
      st2.trials.map((t) => t.number),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.ok(st2.trials.every((t) => t.state === "COMPLETE"));
    await s2.close();
  });

  it("loadStudy without a name loads the only study, and asks for a name when there are several", async () => {
    const { url } = tempDb();
    const s = new SqliteStorage(url);
    await (await createStudy({ storage: s, studyName: "only" })).optimize(objective, { nTrials: 2 });
    const loaded = await loadStudy({ storage: s });
    assert.equal(loaded.studyName, "only");
    assert.equal(loaded.trials.length, 2);
    await createStudy({ storage: s, studyName: "second" });
    await assert.rejects(loadStudy({ storage: s }), /only.*second|pass studyName/);
    await assert.rejects(loadStudy({ storage: s, studyName: "nope" }), (e: unknown) => e instanceof StudyNotFoundError && /only/.test(e.message));
    await s.close();
  });

  it("a study's cached view picks up trials another connection wrote", async () => {
    const { url } = tempDb();
    const a = new SqliteStorage(url);
    const b = new SqliteStorage(url);
    const sa = await createStudy({ storage: a, studyName: "v", sampler: new RandomSampler({ seed: 1 }) });
    const sb = await loadStudy({ storage: b, studyName: "v", sampler: new RandomSampler({ seed: 2 }) });
    await sa.optimize(objective, { nTrials: 3 });
    const running = await sa.ask();
    running.suggestFloat("x", -5, 5);
    await running.flush();
    await sb.refresh();
    assert.equal(sb.trials.length, 4);
    assert.equal(sb.trials[3]?.state, "RUNNING");
    await sa.tell(running, 1.25);
    await sb.optimize(objective, { nTrials: 2 });
    assert.deepEqual(
      sb.trials.map((t) => t.number),
      [0, 1, 2, 3, 4, 5],
    );
    assert.equal(sb.trials[3]?.value, 1.25);
    await sa.refresh();
    assert.equal(sa.trials.length, 6);
    await Promise.all([a.close(), b.close()]);
  });
});

describe("a study shared by two connections", () => {
  it("ask runs the trials another connection enqueued, in number order, each once", async () => {
    const { url } = tempDb();
    const a = new SqliteStorage(url);
    const b = new SqliteStorage(url);
    const sa = await createStudy({ storage: a, studyName: "q", sampler: new RandomSampler({ seed: 1 }) });
    const sb = await loadStudy({ storage: b, studyName: "q", sampler: new RandomSampler({ seed: 2 }) });
    await sa.optimize(objective, { nTrials: 2 });
    await sb.refresh();
    await sa.enqueueTrial({ x: 1 });
    await sa.enqueueTrial({ x: 2 });
    await sa.enqueueTrial({ x: 3 });
    const t1 = await sb.ask();
    const t2 = await sa.ask();
    const t3 = await sb.ask();
    assert.deepEqual(
      [t1, t2, t3].map((t) => [t.number, t.suggestFloat("x", -5, 5)]),
      [
        [2, 1],
        [3, 2],
        [4, 3],
      ],
    );
    const t4 = await sa.ask();
    assert.equal(t4.number, 5);
    for (const [s, t] of [
      [sb, t1],
      [sa, t2],
      [sb, t3],
      [sa, t4],
    ] as const) {
      t.suggestFloat("lr", 1e-5, 1e-1, { log: true });
      await s.tell(t, 0);
    }
    await sa.refresh();
    assert.deepEqual(
      sa.trials.map((t) => [t.number, t.state]),
      [0, 1, 2, 3, 4, 5].map((n) => [n, "COMPLETE"]),
    );
    await Promise.all([a.close(), b.close()]);
  });

  it("a parameter another connection used as float cannot be an int here, even in a trial asked before", async () => {
    const { url } = tempDb();
    const a = new SqliteStorage(url);
    const b = new SqliteStorage(url);
    const sa = await createStudy({ storage: a, studyName: "d", sampler: new RandomSampler({ seed: 1 }) });
    const sb = await loadStudy({ storage: b, studyName: "d", sampler: new RandomSampler({ seed: 2 }) });
    const tb = await sb.ask();
    await sa.optimize(objective, { nTrials: 1 });
    tb.suggestInt("x", 0, 3); // checked against this process's snapshot, taken before a's trial: the storage refuses the write
    await assert.rejects(sb.tell(tb, 1), (e: unknown) => (e as Error).name === "IncompatibleDistributionError");
    assert.equal(sb.trials[0]?.state, "FAIL");
    const fresh = await loadStudy({ storage: b, studyName: "d", sampler: new RandomSampler({ seed: 3 }) });
    const tb2 = await fresh.ask();
    assert.throws(() => tb2.suggestInt("x", 0, 3), (e: unknown) => (e as Error).name === "IncompatibleDistributionError");
    await Promise.all([a.close(), b.close()]);
  });
});

describe("copyStudy, deleteStudy, getAllStudySummaries on SQLite", () => {
  it("copies a study memory → SQLite → memory with every trial intact", async () => {
    const mem = new InMemoryStorage();
    const src = await createStudy({ storage: mem, studyName: "src", sampler: new RandomSampler({ seed: 3 }) });
    await src.setUserAttr("owner", "me");
    await src.optimize(objective, { nTrials: 8 });
    await src.enqueueTrial({ x: 1 });
    const { url } = tempDb();
    await copyStudy({ fromStudyName: "src", fromStorage: mem, toStorage: url });
    const mem2 = new InMemoryStorage();
    await copyStudy({ fromStudyName: "src", fromStorage: url, toStorage: mem2, toStudyName: "back" });
    const a = await mem.getAllTrials(0);
    const viaSqlite = await (async () => {
      const s = await loadStudy({ storage: url, studyName: "src" });
      return s.trials;
    })();
    const back = await mem2.getAllTrials(await mem2.getStudyIdFromName("back"));
    const strip = (ts: readonly import("../../../src/trial/frozen.js").FrozenTrial[]) =>
      ts.map((t) => ({ ...t, trialId: 0, params: { ...t.params }, distributions: { ...t.distributions } }));
    assert.deepEqual(strip(viaSqlite), strip(a));
    assert.deepEqual(strip(back), strip(a));
    assert.deepEqual((await mem2.getStudy(await mem2.getStudyIdFromName("back"))).userAttrs, { owner: "me" });
  });

  it("deletes a study by URL and lists summaries", async () => {
    const { url } = tempDb();
    const a = await createStudy({ storage: url, studyName: "a", sampler: new RandomSampler({ seed: 1 }) });
    await a.optimize(objective, { nTrials: 4 });
    await createStudy({ storage: url, studyName: "b", direction: "maximize" });
    let sums = await getAllStudySummaries(url);
    assert.deepEqual(
      sums.map((s) => [s.studyName, s.nTrials, s.direction]),
      [
        ["a", 4, "minimize"],
        ["b", 0, "maximize"],
      ],
    );
    assert.equal(sums[0]?.bestTrial?.value, a.bestValue);
    assert.ok(sums[0]?.datetimeStart instanceof Date);
    await deleteStudy({ studyName: "a", storage: url });
    sums = await getAllStudySummaries(url);
    assert.deepEqual(
      sums.map((s) => s.studyName),
      ["b"],
    );
    await assert.rejects(deleteStudy({ studyName: "a", storage: url }), StudyNotFoundError);
    await a.storage.close?.();
  });
});

describe("versions and migrations", () => {
  function optuna31File(): { path: string; url: string } {
    const db = tempDb();
    new SqliteStorage(db.url, { heartbeatInterval: 0 }).close();
    const raw = new Database(db.path);
    raw.exec("DROP INDEX trials_study_id_key; UPDATE alembic_version SET version_num = 'v3.0.0.d'; UPDATE version_info SET library_version = '3.1.0'");
    raw.close();
    return db;
  }

  it("opens an Optuna 3.1 database (v3.0.0.d) as is, and upgrades it only when asked", async () => {
    const { path, url } = optuna31File();
    const s = new SqliteStorage(url);
    assert.equal(s.revision, "v3.0.0.d");
    const study = await createStudy({ storage: s, studyName: "old", sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(objective, { nTrials: 3 });
    await s.close();
    let raw = new Database(path, { readonly: true });
    assert.equal(raw.prepare("SELECT version_num FROM alembic_version").pluck().get(), "v3.0.0.d");
    raw.close();
    const u = new SqliteStorage(url);
    assert.deepEqual(await u.upgrade(), ["001_v3.0.0.d_to_v3.2.0.a.sql"]);
    assert.equal(u.revision, "v3.2.0.a");
    assert.equal((await loadStudy({ storage: u })).trials.length, 3);
    await u.close();
    raw = new Database(path, { readonly: true });
    assert.equal(raw.prepare("SELECT version_num FROM alembic_version").pluck().get(), "v3.2.0.a");
    assert.ok(raw.prepare("SELECT 1 FROM sqlite_master WHERE name = 'trials_study_id_key'").get());
    raw.close();
    const other = optuna31File();
    const o = new SqliteStorage(other.url, { upgrade: true });
    assert.equal(o.revision, "v3.2.0.a");
    await o.close();
  });

  for (const [what, sql, re] of [
    ["a newer revision", "UPDATE alembic_version SET version_num = 'v9.9.9.z'", /newer.*Upgrade parzen/s],
    ["a pre-3.0 revision", "UPDATE alembic_version SET version_num = 'v2.6.0.a'", /older.*optuna storage upgrade/s],
    ["another schema version", "UPDATE version_info SET schema_version = 13", /schema version 13/],
  ] as const) {
    it(`refuses ${what} with a StorageVersionError saying what to do, and leaves the file as it was`, () => {
      const { path, url } = tempDb();
      new SqliteStorage(url, { heartbeatInterval: 0 }).close();
      const raw = new Database(path);
      raw.exec(sql);
      raw.close();
      const bytes = readFileSync(path);
      assert.throws(() => new SqliteStorage(url), (e: unknown) => e instanceof StorageVersionError && re.test(e.message));
      assert.deepEqual(readFileSync(path), bytes);
    });
  }
});

describe("bad input", () => {
  it("a file that is not SQLite is a StorageError and is left untouched", () => {
    const { path, url } = tempDb("notes.db");
    writeFileSync(path, "these are my notes, not a database\n".repeat(50));
    const before = readFileSync(path);
    assert.throws(() => new SqliteStorage(url), (e: unknown) => e instanceof StorageError && /not an SQLite database/.test(e.message));
    assert.deepEqual(readFileSync(path), before);
    assert.ok(!existsSync(`${path}-wal`));
  });

  it("an SQLite file that is not a study database is a StorageError and is left untouched", () => {
    const { path, url } = tempDb("app.db");
    const raw = new Database(path);
    raw.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ann')");
    raw.close();
    const before = readFileSync(path);
    assert.throws(() => new SqliteStorage(url), (e: unknown) => e instanceof StorageError && /not a study database.*users/s.test(e.message));
    assert.deepEqual(readFileSync(path), before);
  });

  it("a folder as the path is a StorageError", () => {
    const dir = tempDir();
    assert.throws(() => new SqliteStorage(`sqlite:///${dir}`), (e: unknown) => e instanceof StorageError && /folder/.test(e.message));
  });

  it("a full disk fails the write with a StorageError, rolls it back, and loses no finished trial", async () => {
    const { path, url } = tempDb();
    const s = new SqliteStorage(url, { maxPageCount: 40 });
    const study = await createStudy({ storage: s, studyName: "full", sampler: new RandomSampler({ seed: 1 }) });
    await study.setUserAttr("pad", "x".repeat(10));
    const told: number[] = [];
    const err = await study
      .optimize(
        (t) => {
          t.setUserAttr("blob", "y".repeat(2000));
          return objective(t);
        },
        { nTrials: 1000, callbacks: [(_s, t) => void told.push(t.number)] },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof StorageError, String(err));
    assert.match(err.message, /full.*rolled back/s);
    assert.ok(told.length > 0);
    await s.close();
    const raw = new Database(path, { readonly: true });
    assert.equal(raw.pragma("integrity_check", { simple: true }), "ok");
    raw.close();
    const again = await loadStudy({ storage: new SqliteStorage(url), studyName: "full" });
    for (const n of told) assert.equal(again.trials[n]?.state, "COMPLETE");
    await again.storage.close?.();
  });

  it("a read-only file or folder is a StorageError that says so", async (t) => {
    const dir = tempDir();
    const path = join(dir, "ro.db");
    new SqliteStorage(`sqlite:///${path}`, { heartbeatInterval: 0 }).close();
    if (process.getuid?.() === 0) {
      // root ignores file modes: open it as user "nobody", for whom the root-owned 0755 folder is read-only.
      chmodSync(dir, 0o755);
      chmodSync(path, 0o644);
      let r: Awaited<ReturnType<typeof collect>>;
      try {
        const child = startFixture("open", [`sqlite:///${path}`], { uid: 65534, gid: 65534 });
        r = await new Promise((resolve, reject) => {
          child.once("error", reject);
          void collect(child).then(resolve);
        });
      } catch (e) {
        t.skip(`cannot start a process as uid 65534 (${(e as Error).message})`);
        return;
      }
      const line = r.stdout.trim().split("\n").at(-1) ?? "";
      if (!line.startsWith("{")) {
        t.skip(`uid 65534 cannot run the fixture (checkout not readable?): ${r.stderr.trim().split("\n").at(-1) ?? ""}`);
        return;
      }
      const out = JSON.parse(line) as { ok: boolean; name?: string; message?: string };
      assert.equal(out.ok, false, r.stderr);
      assert.equal(out.name, "StorageError");
      assert.match(out.message ?? "", /read-only.*writable/s);
    } else {
      chmodSync(path, 0o444);
      assert.throws(() => new SqliteStorage(`sqlite:///${path}`), (e: unknown) => e instanceof StorageError && /read-only/.test(e.message));
      chmodSync(dir, 0o555);
      assert.throws(() => new SqliteStorage(`sqlite:///${join(dir, "new.db")}`), (e: unknown) => e instanceof StorageError && /read-only/.test(e.message));
      chmodSync(dir, 0o755);
    }
  });
});

describe("heartbeat", () => {
  it("fails only RUNNING trials whose heartbeat is stale, and not the ones this process beats", async () => {
    const { url } = tempDb();
    const a = new SqliteStorage(url, { heartbeatInterval: 1, gracePeriod: 1 });
    const b = new SqliteStorage(url, { heartbeatInterval: 1, gracePeriod: 1 });
    const id = await a.createNewStudy(["minimize"], "hb");
    const dead = await a.createNewTrial(id);
    const alive = await a.createNewTrial(id);
    const mine = await b.createNewTrial(id);
    const noBeat = await a.createNewTrial(id);
    await a.recordHeartbeat(dead.trialId);
    await a.recordHeartbeat(alive.trialId);
    await b.recordHeartbeat(mine.trialId);
    assert.deepEqual(await b.failStaleTrials(id), []);
    await sleep(1300);
    await a.recordHeartbeat(alive.trialId);
    const { result: failed, warnings } = await captureWarnings(() => b.failStaleTrials(id));
    assert.deepEqual(warnings, [messages.staleTrialFailed(0, 1)]);
    assert.deepEqual(
      failed.map((t) => t.trialId),
      [dead.trialId],
    );
    assert.equal(failed[0]?.state, "FAIL");
    await b.recordHeartbeat(mine.trialId);
    assert.deepEqual(await a.failStaleTrials(id), [], "a trial is failed by one process only");
    const states = (await a.getAllTrials(id)).map((t) => t.state);
    assert.deepEqual(states, ["FAIL", "RUNNING", "RUNNING", "RUNNING"]);
    assert.equal((await a.getTrial(noBeat.trialId)).state, "RUNNING");
    await Promise.all([a.close(), b.close()]);
  });

  it("RetryFailedTrialCallback re-enqueues with failed_trial and retry_history, up to maxRetry", async () => {
    const { url } = tempDb();
    const s = new SqliteStorage(url, { heartbeatInterval: 1, gracePeriod: 1, failedTrialCallback: new RetryFailedTrialCallback({ maxRetry: 1 }) });
    const other = new SqliteStorage(url, { heartbeatInterval: 1 });
    const id = await s.createNewStudy(["minimize"], "retry");
    const t0 = await other.createNewTrial(id);
    await other.setTrialParam(t0.trialId, "x", 0.5, new (await import("../../../src/distributions/types.js")).FloatDistribution(0, 1));
    await other.setTrialUserAttr(t0.trialId, "u", 1);
    await other.recordHeartbeat(t0.trialId);
    await sleep(1300);
    await s.failStaleTrials(id);
    let all = await s.getAllTrials(id);
    assert.equal(all.length, 2);
    const w = all[1]!;
    assert.equal(w.state, "WAITING");
    assert.deepEqual({ ...w.params }, { x: 0.5 });
    assert.deepEqual(w.userAttrs, { u: 1 });
    assert.deepEqual(w.systemAttrs, { failed_trial: 0, retry_history: [0] });
    assert.equal(RetryFailedTrialCallback.retriedTrialNumber(w), 0);
    // the retry dies too: its retry would exceed maxRetry = 1
    assert.equal(await other.setTrialStateValues(w.trialId, "RUNNING"), true);
    await other.recordHeartbeat(w.trialId);
    await sleep(1300);
    assert.equal((await s.failStaleTrials(id)).length, 1);
    all = await s.getAllTrials(id);
    assert.deepEqual(
      all.map((t) => t.state),
      ["FAIL", "FAIL"],
    );
    await Promise.all([s.close(), other.close()]);
  });
});
