/** The small runtime modules: the heartbeat timer, the write queue, and the interrupt handler's install/uninstall. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { captureWarnings } from "../../src/index.js";
import * as messages from "../../src/messages.js";
import { SqliteStorage } from "../../src/storages/sqlite/index.js";
import { InMemoryStorage } from "../../src/storages/in-memory.js";
import { HeartbeatTimer } from "../../src/study/heartbeat-timer.js";
import { InterruptHandler } from "../../src/study/interrupt.js";
import { WriteQueue } from "../../src/study/write-queue.js";
import { tempDb } from "../storages/sqlite/helpers.js";

describe("HeartbeatTimer", () => {
  it("writes a first beat at start; once stopped, the beat goes stale for another process", async () => {
    const { url } = tempDb();
    const storage = new SqliteStorage(url, { heartbeatInterval: 60, gracePeriod: 1 });
    const other = new SqliteStorage(url, { heartbeatInterval: 60, gracePeriod: 1 });
    const sid = await storage.createNewStudy(["minimize"], "s");
    const t = await storage.createNewTrial(sid);
    const timer = new HeartbeatTimer(storage, t.trialId);
    assert.equal(timer.enabled, true);
    await timer.start();
    timer.stop();
    await new Promise((r) => setTimeout(r, 1300));
    // This process beat the trial, so it does not fail it; another process finds the stale beat.
    assert.deepEqual(await storage.failStaleTrials(sid), []);
    const { warnings, result } = await captureWarnings(() => other.failStaleTrials(sid));
    assert.deepEqual(result.map((x) => [x.trialId, x.state]), [[t.trialId, "FAIL"]]);
    assert.deepEqual(warnings, [messages.staleTrialFailed(t.number, 1)]);
    await Promise.all([storage.close(), other.close()]);
  });

  it("does nothing on a storage without heartbeats", async () => {
    const off = new HeartbeatTimer(new InMemoryStorage(), 0);
    assert.equal(off.enabled, false);
    await off.start();
    off.stop();
    const zero = new SqliteStorage("sqlite:///:memory:");
    assert.equal(new HeartbeatTimer(zero, 0).enabled, false);
    await zero.close();
  });
});

describe("WriteQueue", () => {
  it("runs a trial's writes in order and rethrows the first failure once", async () => {
    const q = new WriteQueue();
    const order: string[] = [];
    q.enqueue(1, async () => void order.push("a"));
    q.enqueue(1, async () => {
      throw new Error("first");
    });
    q.enqueue(1, async () => {
      throw new Error("second");
    });
    q.enqueue(1, async () => void order.push("b"));
    await assert.rejects(q.flush(1), /first/);
    assert.deepEqual(order, ["a", "b"]);
    await q.flush(1);
    await q.flush(2);
  });
});

describe("InterruptHandler", () => {
  it("adds its listener while installed and removes it after", () => {
    const before = process.listenerCount("SIGINT");
    const h = new InterruptHandler(
      () => undefined,
      async () => undefined,
    ).install();
    assert.equal(process.listenerCount("SIGINT"), before + 1);
    h.uninstall();
    assert.equal(process.listenerCount("SIGINT"), before);
  });
});
