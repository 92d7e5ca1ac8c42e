/**
 * Faults on a real PostgreSQL server (a private cluster, since one test restarts it): each is a
 * typed error whose message says what to do, or is survived with no finished trial lost and no
 * trial left RUNNING.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { StorageError, StorageVersionError } from "../../../src/errors.js";
import { RandomSampler } from "../../../src/samplers/random.js";
import { PostgresStorage } from "../../../src/storages/postgres/index.js";
import { createStudy } from "../../../src/study/create.js";
import { collect, startFixture, waitForLine } from "./fixtures/spawn.js";
import { admin, freshDatabase, startCluster, type TestServer } from "./server.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const started = await startCluster();
const skip = typeof started === "string" ? `no private PostgreSQL cluster: ${started}` : undefined;
if (skip && process.env.CI === "true") throw new Error(`CI=true needs the PostgreSQL binaries: ${skip}`);
const server = typeof started === "string" ? undefined : started;

const withUrl = (url: string, edit: (u: URL) => void): string => {
  const u = new URL(url);
  edit(u);
  return u.toString();
};

async function rejectsWith(p: Promise<unknown>, cls: typeof StorageError, re: RegExp): Promise<string> {
  const e = await p.then(
    () => assert.fail("expected an error"),
    (x: unknown) => x,
  );
  assert.ok(e instanceof cls, `${String(e)} is a ${cls.name}`);
  assert.match((e as Error).message, re);
  return (e as Error).message;
}

function doneNumbers(stdout: string): number[] {
  return [...stdout.matchAll(/^done (\d+) COMPLETE$/gm)].map((m) => Number(m[1]));
}

describe("PostgresStorage faults", { skip }, () => {
  let db = "";
  let s: TestServer;
  before(async () => {
    s = server as TestServer;
    db = (await freshDatabase(s)).url;
  });
  const counts = { typed: 0, survived: 0 };
  after(() => console.log(`# faults: ${counts.typed} typed errors with a fix-it message, ${counts.survived} survived`));

  it("a port nothing listens on: StorageError at once, naming host:port", async () => {
    const url = withUrl(db, (u) => (u.port = "1"));
    const msg = await rejectsWith(PostgresStorage.open(url), StorageError, /127\.0\.0\.1:1 .*connection refused.*server is running/);
    assert.doesNotMatch(msg, new RegExp(s.password), "the password is never shown");
    counts.typed++;
  });

  it("an unknown host name: StorageError saying the host cannot be resolved", async () => {
    await rejectsWith(PostgresStorage.open(withUrl(db, (u) => (u.hostname = "no-such-host.invalid"))), StorageError, /cannot be resolved/);
    counts.typed++;
  });

  it("a wrong password: StorageError saying the server refused the user, and where to fix it", async () => {
    const msg = await rejectsWith(PostgresStorage.open(withUrl(db, (u) => (u.password = "wrong"))), StorageError, /refused user "postgres".*password in the URL/);
    assert.doesNotMatch(msg, /wrong/);
    counts.typed++;
  });

  it("a missing database: StorageError with the createdb command", async () => {
    await rejectsWith(PostgresStorage.open(withUrl(db, (u) => (u.pathname = "/nope_db"))), StorageError, /database "nope_db" does not exist.*createdb -h 127\.0\.0\.1 -p \d+ -U postgres nope_db/);
    counts.typed++;
  });

  it("a database that holds other tables: StorageError, nothing written into it", async () => {
    const { url, name } = await freshDatabase(s);
    await admin(s, "CREATE TABLE customers (id int); CREATE TABLE studies (x int)", name);
    await rejectsWith(PostgresStorage.open(url), StorageError, /holds tables customers, studies but not Optuna's.*search_path/);
    const tables = await admin(s, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1", name);
    assert.deepEqual(tables.map((r) => r.table_name), ["customers", "studies"]);
    counts.typed++;
  });

  it("a schema newer than parzen knows: StorageVersionError; an old one: StorageVersionError asking for optuna storage upgrade", async () => {
    const { url, name } = await freshDatabase(s);
    await (await PostgresStorage.open(url)).close();
    await admin(s, "UPDATE alembic_version SET version_num = 'v9.9.9.z'", name);
    await rejectsWith(PostgresStorage.open(url), StorageVersionError, /revision v9\.9\.9\.z, newer than .* Upgrade parzen/);
    await admin(s, "UPDATE alembic_version SET version_num = 'v2.6.0.a'", name);
    await rejectsWith(PostgresStorage.open(url), StorageVersionError, /older than Optuna 3\.0.*optuna storage upgrade/);
    counts.typed += 2;
  });

  it("an Optuna 3.1 database (v3.0.0.d) opens read-write at its revision; upgrade: true migrates it to v3.2.0.a", async () => {
    const { url, name } = await freshDatabase(s);
    await (await PostgresStorage.open(url)).close();
    await admin(s, "DROP INDEX ix_trials_study_id; UPDATE alembic_version SET version_num = 'v3.0.0.d'", name);
    const old = await PostgresStorage.open(url);
    assert.equal(old.revision, "v3.0.0.d");
    const sid = await old.createNewStudy(["minimize"], "s");
    await old.setTrialStateValues((await old.createNewTrial(sid)).trialId, "COMPLETE", [1]);
    await old.close();
    assert.deepEqual(await admin(s, "SELECT version_num FROM alembic_version", name), [{ version_num: "v3.0.0.d" }]);
    const up = await PostgresStorage.open(url, { upgrade: true });
    assert.equal(up.revision, "v3.2.0.a");
    assert.deepEqual((await up.getAllTrials(sid)).map((t) => [t.number, t.state]), [[0, "COMPLETE"]]);
    await up.close();
    const idx = await admin(s, "SELECT indexname FROM pg_indexes WHERE tablename = 'trials' ORDER BY 1", name);
    assert.deepEqual(idx.map((r) => r.indexname), ["trials_pkey", "trials_study_id_key"]);
    assert.deepEqual(await admin(s, "SELECT version_num FROM alembic_version", name), [{ version_num: "v3.2.0.a" }]);
  });

  it("statement timeout: a write blocked on a lock past statement_timeout is a StorageError saying so; the storage works after", async () => {
    const { url, name } = await freshDatabase(s);
    const storage = await PostgresStorage.open(`${url}?statement_timeout=300&heartbeat_interval=0`);
    const study = await createStudy({ storage, studyName: "st", sampler: new RandomSampler({ seed: 1 }) });
    const { default: pg } = await import("pg");
    const locker = new pg.Client({ connectionString: withUrl(url, () => undefined) });
    await locker.connect();
    await locker.query("BEGIN; SELECT * FROM studies FOR UPDATE");
    await rejectsWith(study.ask(), StorageError, /longer than the statement timeout.*Raise statement_timeout/);
    await locker.query("ROLLBACK");
    await locker.end();
    await study.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 3 });
    assert.deepEqual(study.trials.map((t) => [t.number, t.state]), [[0, "COMPLETE"], [1, "COMPLETE"], [2, "COMPLETE"]]);
    assert.equal((await admin(s, "SELECT count(*)::int AS n FROM trials", name))[0]?.n, 3, "the timed-out create left nothing");
    await storage.close();
    counts.typed++;
  });

  it("pg_terminate_backend of every parzen connection, 5 times, while a study optimizes: survived, 60 trials numbered 0..59", async () => {
    const { url, name } = await freshDatabase(s);
    const storage = await PostgresStorage.open(url);
    const study = await createStudy({ storage, studyName: "killed", sampler: new RandomSampler({ seed: 2 }) });
    let kills = 0;
    const killer = (async () => {
      while (kills < 5) {
        await sleep(150);
        const r = await admin(s, "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'parzen' AND pid <> pg_backend_pid()", name);
        if ((r[0]?.n ?? 0) > 0) kills++;
      }
    })();
    await study.optimize(
      async (t) => {
        await sleep(10);
        return t.suggestFloat("x", 0, 1);
      },
      { nTrials: 60 },
    );
    await killer;
    const trials = await storage.getAllTrials(study.studyId);
    assert.deepEqual(trials.map((t) => t.number), Array.from({ length: 60 }, (_, i) => i));
    assert.ok(trials.every((t) => t.state === "COMPLETE"));
    await storage.close();
    counts.survived++;
  });

  it("pg_ctl restart while 4 processes optimize: all finish, no finished trial lost, none left RUNNING", async () => {
    const { url } = await freshDatabase(s);
    const kids = Array.from({ length: 4 }, (_, i) => startFixture("worker", [url, "restart", "30", JSON.stringify({ seed: i, sleepMs: 40 })]));
    const outs = kids.map(collect);
    await Promise.all(kids.map((k) => waitForLine(k, /^done \d+/)));
    s.restart?.();
    const results = await Promise.all(outs);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const storage = await PostgresStorage.open(url);
    const trials = await storage.getAllTrials(await storage.getStudyIdFromName("restart"));
    const reported = results.flatMap((r) => doneNumbers(r.stdout));
    assert.equal(reported.length, 120);
    for (const n of reported) assert.equal(trials[n]?.state, "COMPLETE", `trial #${n}`);
    assert.equal(trials.filter((t) => t.state === "RUNNING").length, 0);
    assert.deepEqual(trials.map((t) => t.number), Array.from({ length: trials.length }, (_, i) => i));
    await storage.close();
    counts.survived++;
  });
});
