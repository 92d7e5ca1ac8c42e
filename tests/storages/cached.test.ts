/** CachedStorage: the storage conformance suite over in-memory and SQLite, and what the cache reads. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FloatDistribution } from "../../src/distributions/types.js";
import { createStudy, RandomSampler } from "../../src/index.js";
import { CachedStorage, type TrialsSince, withTrialCache } from "../../src/storages/cached.js";
import { InMemoryStorage } from "../../src/storages/in-memory.js";
import { SqliteStorage } from "../../src/storages/sqlite/index.js";
import { runStorageSuite } from "../../src/testing/conformance/storage-suite.js";
import { tempDb } from "./sqlite/helpers.js";

runStorageSuite({ name: "CachedStorage(InMemoryStorage)", create: async () => new CachedStorage(new InMemoryStorage()) });
runStorageSuite({ name: "CachedStorage(SqliteStorage file)", create: async () => new CachedStorage(new SqliteStorage(tempDb().url)) });

/** A real SqliteStorage that records the incremental reads asked of it. */
class RecordingSqlite extends SqliteStorage {
  readonly reads: { after: number; reload: number[]; got: number[] }[] = [];
  override async getTrialsSince(studyId: number, after: number, reload: readonly number[], skip?: ReadonlySet<number>): Promise<TrialsSince> {
    const r = await super.getTrialsSince(studyId, after, reload, skip);
    this.reads.push({ after, reload: [...reload], got: r.trials.map((t) => t.trialId).sort((a, b) => a - b) });
    return r;
  }
}

const F = new FloatDistribution(0, 1);

describe("CachedStorage", () => {
  it("reads only new trials and the unfinished ones, and keeps finished trials as the same objects", async () => {
    const { url } = tempDb();
    const inner = new RecordingSqlite(url);
    const other = new SqliteStorage(url); // another connection writes behind the cache's back
    const cached = new CachedStorage(inner);
    const sid = await cached.createNewStudy(["minimize"], "s");
    const a = await other.createNewTrial(sid);
    const b = await other.createNewTrial(sid);
    await other.setTrialStateValues(a.trialId, "COMPLETE", [1]);
    const first = await cached.getAllTrials(sid);
    assert.deepEqual(first.map((t) => t.state), ["COMPLETE", "RUNNING"]);
    assert.deepEqual(inner.reads.at(-1), { after: -1, reload: [], got: [a.trialId, b.trialId] });

    await other.setTrialParam(b.trialId, "x", 0.5, F);
    const c = await other.createNewTrial(sid);
    const second = await cached.getAllTrials(sid);
    assert.equal(second[0], first[0], "a finished trial is not read again (only its stamp, the replaced-study probe)");
    assert.deepEqual(second[1]?.params, { x: 0.5 });
    assert.deepEqual(inner.reads.at(-1), { after: b.trialId, reload: [b.trialId], got: [b.trialId, c.trialId] });

    // A trial finished and read by getTrial before the next refresh is not read again by it.
    await other.setTrialStateValues(c.trialId, "FAIL");
    const d = await other.createNewTrial(sid);
    await other.setTrialStateValues(d.trialId, "PRUNED");
    const ahead = await cached.getTrial(d.trialId);
    const third = await cached.getAllTrials(sid);
    assert.equal(third[3], ahead);
    assert.deepEqual(inner.reads.at(-1), { after: c.trialId, reload: [b.trialId, c.trialId], got: [b.trialId, c.trialId] });
    assert.deepEqual(third.map((t) => t.state), ["COMPLETE", "RUNNING", "FAIL", "PRUNED"]);
    await Promise.all([inner.close(), other.close()]);
  });

  it("starts over when a study id is reused under another name", async () => {
    const { url } = tempDb();
    const cached = new CachedStorage(new SqliteStorage(url));
    const other = new SqliteStorage(url);
    const sid = await cached.createNewStudy(["minimize"], "old");
    await cached.createNewTrial(sid);
    assert.equal((await cached.getAllTrials(sid)).length, 1);
    await other.deleteStudy(sid);
    const again = await other.createNewStudy(["minimize"], "new");
    assert.equal(again, sid, "SQLite reuses the id of the deleted last study");
    const t = await other.createNewTrial(again);
    assert.deepEqual((await cached.getAllTrials(again)).map((x) => [x.trialId, x.number]), [[t.trialId, 0]]);
    await Promise.all([cached.close?.(), other.close()]);
  });

  it("hands the inner storage only its RUNNING trials to check for stale heartbeats", async () => {
    const { url } = tempDb();
    const seen: (readonly number[] | undefined)[] = [];
    class Spy extends SqliteStorage {
      override async failStaleTrials(studyId: number, candidates?: readonly number[]) {
        seen.push(candidates);
        return super.failStaleTrials(studyId, candidates);
      }
    }
    const cached = new CachedStorage(new Spy(url, { heartbeatInterval: 60 }));
    const sid = await cached.createNewStudy(["minimize"], "s");
    const done = await cached.createNewTrial(sid);
    await cached.setTrialStateValues(done.trialId, "COMPLETE", [0]);
    const running = await cached.createNewTrial(sid);
    assert.deepEqual(await cached.failStaleTrials(sid), []);
    assert.deepEqual(seen, [[running.trialId]]);
    assert.equal(cached.heartbeatInterval, 60);
    await cached.close?.();
  });

  it("is applied once per storage object that offers incremental reads, never to in-memory storage", async () => {
    const sqlite = new SqliteStorage("sqlite:///:memory:");
    const wrapped = withTrialCache(sqlite);
    assert.ok(wrapped instanceof CachedStorage);
    assert.equal(withTrialCache(sqlite), wrapped);
    assert.equal(withTrialCache(wrapped), wrapped);
    const mem = new InMemoryStorage();
    assert.equal(withTrialCache(mem), mem);
    const a = await createStudy({ storage: sqlite, studyName: "a", sampler: new RandomSampler({ seed: 1 }) });
    const b = await createStudy({ storage: sqlite, studyName: "b", sampler: new RandomSampler({ seed: 1 }) });
    assert.equal(a.storage, wrapped);
    assert.equal(b.storage, wrapped);
    await a.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 3 });
    assert.deepEqual((await sqlite.getAllTrials(a.studyId)).map((t) => t.state), ["COMPLETE", "COMPLETE", "COMPLETE"]);
    await sqlite.close();
  });

  it("detects a study replaced under the same name, also over a backend that ignores the probe", async () => {
    class NoProbe extends SqliteStorage {
      override async getTrialsSince(studyId: number, after: number, reload: readonly number[], skip?: ReadonlySet<number>): Promise<TrialsSince> {
        const { probe: _ignored, ...rest } = await super.getTrialsSince(studyId, after, reload, skip, 1);
        return rest;
      }
    }
    for (const inner of [(url: string) => new SqliteStorage(url), (url: string) => new NoProbe(url)]) {
      const { url } = tempDb();
      const cached = new CachedStorage(inner(url));
      const other = new SqliteStorage(url);
      const sid = await cached.createNewStudy(["minimize"], "same");
      for (let i = 0; i < 3; i++) await cached.setTrialStateValues((await cached.createNewTrial(sid)).trialId, "COMPLETE", [i]);
      assert.deepEqual((await cached.getAllTrials(sid)).map((t) => t.value), [0, 1, 2]);
      await other.deleteStudy(sid);
      await new Promise((r) => setTimeout(r, 5)); // the probe tells trials apart by their times (ms)
      assert.equal(await other.createNewStudy(["minimize"], "same"), sid);
      for (let i = 0; i < 3; i++) await other.setTrialStateValues((await other.createNewTrial(sid)).trialId, "COMPLETE", [10 + i]);
      assert.deepEqual((await cached.getAllTrials(sid)).map((t) => t.value), [10, 11, 12]);
      await Promise.all([cached.close?.(), other.close()]);
    }
  });
});
