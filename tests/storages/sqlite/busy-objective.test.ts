// Item 1 of issue 16: a synchronous objective that blocks the main thread longer than the grace
// period does not look dead (heartbeats come from a thread of their own), and a trial failed by
// another process anyway keeps its computed result.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import { captureWarnings, createSqliteStorage, createStudy, RandomSampler, WARNING_CODES, type FrozenTrial } from "../../../src/index.js";
import { SqliteStorage } from "../../../src/storages/sqlite/index.js";
import { collect, startFixture, waitForLine } from "./fixtures/spawn.js";
import { tempDb } from "./helpers.js";

describe("a busy main thread and a trial failed by another process", () => {
  it("a synchronous objective blocking 6 s (heartbeat 1 s, grace 3 s) is not failed by a second process", async () => {
    const { url } = tempDb();
    const busy = startFixture("blocking", [url, "busy", "6"]);
    const busyDone = collect(busy);
    await waitForLine(busy, /^started$/);
    const check = await collect(startFixture("blocking", [url, "check", "7"]));
    const b = await busyDone;
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /^failed 0$/m, "the checking process found no stale trial");
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /^done 0 COMPLETE$/m);
    assert.doesNotMatch(b.stderr, /UpdateFinishedTrialError|STALE/);
    const s = new SqliteStorage(url);
    const trials = await s.getAllTrials(await s.getStudyIdFromName("blocking"));
    assert.deepEqual(trials.map((t) => t.state), ["COMPLETE"]);
    await s.close();
  });

  it("a trial another process set FAIL while it ran: the result is kept as a new COMPLETE trial and optimize goes on", async () => {
    const { url } = tempDb();
    const storage = await createSqliteStorage(url, { heartbeatInterval: 1, gracePeriod: 3 });
    const other = new SqliteStorage(url);
    const study = await createStudy({ storage, studyName: "elsewhere", sampler: new RandomSampler({ seed: 5 }) });
    const told: FrozenTrial[] = [];
    let x1: number | undefined;
    const { warnings } = await captureWarnings(() =>
      study.optimize(
        async (t) => {
          const x = t.suggestFloat("x", 0, 1);
          if (t.number === 1) {
            x1 = x;
            await other.setTrialStateValues(t.trialId, "FAIL"); // what another process's failStaleTrials does
            t.setUserAttr("after", "the other process failed it");
            return 10 + x + t.suggestFloat("y", 0, 1);
          }
          return x;
        },
        { nTrials: 3, callbacks: [(_s, t) => void told.push(t)] },
      ),
    );
    const trials = study.trials;
    assert.deepEqual(trials.map((t) => [t.number, t.state]), [[0, "COMPLETE"], [1, "FAIL"], [2, "COMPLETE"], [3, "COMPLETE"]]);
    const kept = trials.find((t) => t.systemAttrs.finished_elsewhere === 1) as FrozenTrial;
    assert.equal(kept.number, 2, "the kept result is the next trial");
    assert.equal(kept.value, 10 + (kept.params.x as number) + (kept.params.y as number));
    assert.deepEqual(Object.keys(kept.params).sort(), ["x", "y"]);
    assert.equal(kept.params.x, x1, "the kept trial has the parameters the objective used");
    assert.deepEqual(kept.userAttrs, { after: "the other process failed it" });
    assert.deepEqual(told.map((t) => t.number), [0, 2, 3], "the callbacks see the kept trial");
    const w = warnings.filter((x) => x.code === WARNING_CODES.trialFinishedElsewhere);
    assert.equal(w.length, 1);
    assert.match(w[0]?.message ?? "", /^Trial #1 was already FAIL in storage when this process finished it as COMPLETE .* kept as trial #2/);
    await other.close();
    await storage.close();
  });

  it("after optimize and close, the heartbeat thread holds no connection: the -wal file is folded back", async () => {
    const { path, url } = tempDb();
    const storage = await createSqliteStorage(url, { heartbeatInterval: 0.05, gracePeriod: 3 });
    const study = await createStudy({ storage, studyName: "wal", sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(async (t) => {
      await new Promise((r) => setTimeout(r, 200)); // a few beats from the thread
      return t.suggestFloat("x", 0, 1);
    }, { nTrials: 2 });
    await storage.close();
    assert.equal(existsSync(`${path}-wal`), false);
    const s = new SqliteStorage(url);
    assert.deepEqual((await s.getAllTrials(await s.getStudyIdFromName("wal"))).map((t) => t.state), ["COMPLETE", "COMPLETE"]);
    await s.close();
  });
});
