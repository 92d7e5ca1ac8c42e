/**
 * Several processes on one file, and processes killed with SIGKILL: no duplicated number, no
 * lost finished trial, no corruption; a restart fails the stale trial and continues.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { RandomSampler } from "../../../src/samplers/random.js";
import { RetryFailedTrialCallback } from "../../../src/storages/heartbeat.js";
import { SqliteStorage } from "../../../src/storages/sqlite/index.js";
import { createStudy } from "../../../src/study/create.js";
import { collect, startFixture, waitForLine } from "./fixtures/spawn.js";
import { tempDb } from "./helpers.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function doneLines(stdout: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const l of stdout.split("\n")) {
    const m = /^done (\d+) (\w+)$/.exec(l);
    if (m) out.set(Number(m[1]), m[2] as string);
  }
  return out;
}

describe("SqliteStorage with several processes", () => {
  it("4 processes × 50 trials on one new file give 200 trials numbered 0..199, with no error", async () => {
    const { url } = tempDb();
    const children = Array.from({ length: 4 }, (_, i) => startFixture("worker", [url, "shared", "50", JSON.stringify({ seed: i })]));
    const results = await Promise.all(children.map(collect));
    for (const r of results) {
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /Error|locked|BUSY/i);
      assert.equal(doneLines(r.stdout).size, 50);
    }
    const s = new SqliteStorage(url);
    const id = await s.getStudyIdFromName("shared");
    const trials = await s.getAllTrials(id);
    assert.equal(trials.length, 200);
    assert.deepEqual(
      trials.map((t) => t.number),
      Array.from({ length: 200 }, (_, i) => i),
    );
    assert.ok(trials.every((t) => t.state === "COMPLETE" && t.values?.length === 1 && Object.keys(t.params).length === 3));
    assert.equal((await s.getAllStudies()).length, 1);
    const pids = trials.map((t) => t.userAttrs.pid);
    assert.equal(new Set(pids).size, 4);
    const switches = pids.filter((p, i) => i > 0 && p !== pids[i - 1]).length;
    console.log(`# trials changed process ${switches} times in number order (interleaving)`);
    await s.close();
  });
});

describe("SqliteStorage with worker threads", () => {
  it("3 worker threads and the main thread × 30 trials on one file give 120 trials numbered 0..119", async () => {
    const { url } = tempDb();
    const file = new URL("./fixtures/thread.ts", import.meta.url);
    // Node 20 does not pass tsx's loader to worker threads: a JS stub registers it, then imports the .ts file.
    const tsxApi = import.meta.resolve("tsx/esm/api");
    const stub = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(file.href)}); })`;
    const workers = [1, 2, 3].map((seed) => new Worker(stub, { eval: true, workerData: { url, studyName: "threads", n: 30, seed } }));
    const finished = workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.on("message", () => resolve());
          w.on("error", reject);
          w.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
        }),
    );
    const storage = new SqliteStorage(url);
    const main = await createStudy({ storage, studyName: "threads", loadIfExists: true, sampler: new RandomSampler({ seed: 0 }) });
    await main.optimize(
      (t) => {
        t.setUserAttr("thread", 0);
        return t.suggestFloat("x", -1, 1) ** 2 + t.suggestInt("k", 0, 4);
      },
      { nTrials: 30 },
    );
    await Promise.all(finished);
    await main.refresh();
    assert.deepEqual(
      main.trials.map((t) => t.number),
      Array.from({ length: 120 }, (_, i) => i),
    );
    assert.ok(main.trials.every((t) => t.state === "COMPLETE"));
    assert.equal(new Set(main.trials.map((t) => t.userAttrs.thread)).size, 4);
    await storage.close();
  });
});

describe("SqliteStorage after kill -9", () => {
  it("loses no finished trial, and a restart fails the stale trial, retries it and continues numbering", async () => {
    const { url } = tempDb();
    const child = startFixture("worker", [url, "crash", "100", JSON.stringify({ hangAt: 10, heartbeatInterval: 1 })]);
    const done = collect(child);
    await waitForLine(child, /^hang 10$/);
    await sleep(300);
    child.kill("SIGKILL");
    const r = await done;
    assert.equal(r.signal, "SIGKILL");
    assert.equal(doneLines(r.stdout).size, 10);

    const storage = new SqliteStorage(url, {
      heartbeatInterval: 1,
      gracePeriod: 1,
      failedTrialCallback: new RetryFailedTrialCallback({ maxRetry: 1 }),
    });
    const id = await storage.getStudyIdFromName("crash");
    const before = await storage.getAllTrials(id);
    assert.deepEqual(
      before.map((t) => t.state),
      [...Array(10).fill("COMPLETE"), "RUNNING"],
    );
    const stale = before[10]!;
    await sleep(2200);
    const study = await createStudy({ storage, studyName: "crash", loadIfExists: true, sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize((t) => t.suggestFloat("x", -5, 5) ** 2 + t.suggestInt("k", 1, 8, { log: true }) + (t.suggestCategorical("c", ["a", "b"]) === "a" ? 0 : 1), {
      nTrials: 3,
    });
    const after = study.trials;
    assert.deepEqual(
      after.map((t) => t.number),
      Array.from({ length: 14 }, (_, i) => i),
    );
    assert.equal(after[10]?.state, "FAIL");
    assert.ok(after[10]?.datetimeComplete);
    const retry = after[11]!;
    assert.equal(retry.state, "COMPLETE");
    assert.deepEqual({ ...retry.params }, { ...stale.params });
    assert.equal(retry.systemAttrs.failed_trial, 10);
    assert.deepEqual(retry.systemAttrs.retry_history, [10]);
    assert.ok(after.slice(12).every((t) => t.state === "COMPLETE"));
    for (let i = 0; i < 10; i++) assert.deepEqual(after[i], before[i]);
    await storage.close();
  });

  it("killed at random moments, the file stays intact and every reported trial is there", async () => {
    const { url, path } = tempDb();
    const reported = new Map<number, string>();
    for (let round = 0; round < 3; round++) {
      const child = startFixture("worker", [url, "random-kill", "100000", JSON.stringify({ seed: round })]);
      const done = collect(child);
      await waitForLine(child, /^done \d+ /);
      await sleep(150 + 150 * round);
      child.kill("SIGKILL");
      const r = await done;
      assert.equal(r.signal, "SIGKILL", r.stderr);
      for (const [n, st] of doneLines(r.stdout)) reported.set(n, st);
    }
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
    db.close();
    const s = new SqliteStorage(url);
    const trials = await s.getAllTrials(await s.getStudyIdFromName("random-kill"));
    assert.deepEqual(
      trials.map((t) => t.number),
      trials.map((_, i) => i),
    );
    assert.ok(reported.size > 0);
    for (const [n, st] of reported) {
      assert.equal(trials[n]?.state, st, `trial ${n} was reported ${st}`);
      assert.equal(trials[n]?.values?.length, 1);
    }
    await s.close();
  });
});
