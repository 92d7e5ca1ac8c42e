// Item 4 of issue 16: the first heartbeat is written in the transaction that makes the trial
// RUNNING, so a process killed before its first beat leaves a trial that goes stale, not one
// that stays RUNNING forever.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { SqliteStorage } from "../../../src/storages/sqlite/index.js";
import { collect, startFixture } from "./fixtures/spawn.js";
import { tempDb } from "./helpers.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("a process killed between creating a trial and its first heartbeat", () => {
  for (const mode of ["new", "enqueued"] as const) {
    it(`leaves ${mode === "new" ? "a new" : "an enqueued"} trial with a heartbeat row, which the next process fails as stale`, async () => {
      const { path, url } = tempDb();
      const r = await collect(startFixture("die-after-create", [url, mode]));
      assert.equal(r.signal, "SIGKILL", r.stderr);
      const db = new Database(path, { readonly: true });
      const rows = db.prepare("SELECT t.state, h.heartbeat FROM trials t LEFT JOIN trial_heartbeats h USING (trial_id)").all() as {
        state: string;
        heartbeat: string | null;
      }[];
      db.close();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.state, "RUNNING");
      assert.notEqual(rows[0]?.heartbeat, null, "the RUNNING trial has its first heartbeat row");
      await sleep(1500); // past the grace period of 1 s
      const s = new SqliteStorage(url, { heartbeatInterval: 1, gracePeriod: 1 });
      const id = await s.getStudyIdFromName("die");
      const failed = await s.failStaleTrials(id);
      assert.deepEqual(failed.map((t) => [t.number, t.state]), [[0, "FAIL"]]);
      await s.close();
    });
  }

  it("a bare ask() (no heartbeat promised) writes no heartbeat row, so ask/tell trials never go stale", async () => {
    const { url } = tempDb();
    const s = new SqliteStorage(url, { heartbeatInterval: 1, gracePeriod: 1 });
    const id = await s.createNewStudy(["minimize"], "asked");
    const t = await s.createNewTrial(id);
    const other = new SqliteStorage(url, { heartbeatInterval: 1, gracePeriod: 1 });
    await sleep(1200);
    assert.deepEqual(await other.failStaleTrials(id), []);
    assert.equal((await other.getTrial(t.trialId)).state, "RUNNING");
    await s.close();
    await other.close();
  });
});
