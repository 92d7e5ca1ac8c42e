/**
 * Many processes on one PostgreSQL study, and processes killed with SIGKILL: trial numbers
 * 0..N-1 once each, no error, no lost finished trial, and the dead processes' RUNNING trials
 * become FAIL after the grace period (and are retried).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PostgresStorage } from "../../../src/storages/postgres/index.js";
import { collect, startFixture, waitForLine } from "./fixtures/spawn.js";
import { freshDatabase, serverOrSkip } from "./server.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const { server, skip } = await serverOrSkip();

function doneLines(stdout: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const l of stdout.split("\n")) {
    const m = /^done (\d+) (\w+)$/.exec(l);
    if (m) out.set(Number(m[1]), m[2] as string);
  }
  return out;
}

describe("PostgresStorage with several processes", { skip }, () => {
  it("8 processes × 100 trials on one new database give 800 trials numbered 0..799 once each, with no error", async () => {
    if (!server) return;
    const { url } = await freshDatabase(server);
    const children = Array.from({ length: 8 }, (_, i) => startFixture("worker", [url, "shared", "100", JSON.stringify({ seed: i })]));
    const results = await Promise.all(children.map(collect));
    for (const r of results) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr.trim(), "");
      assert.equal(doneLines(r.stdout).size, 100);
    }
    const s = await PostgresStorage.open(url);
    const id = await s.getStudyIdFromName("shared");
    const trials = await s.getAllTrials(id);
    assert.deepEqual(
      trials.map((t) => t.number),
      Array.from({ length: 800 }, (_, i) => i),
    );
    assert.ok(trials.every((t) => t.state === "COMPLETE" && t.values?.length === 1 && Object.keys(t.params).length === 3 && t.intermediateValues[0] !== undefined));
    assert.equal(new Set(trials.map((t) => t.userAttrs.pid)).size, 8);
    assert.equal((await s.getAllStudies()).length, 1);
    await s.close();
  });

  it("kill -9 of 2 of 4 workers at random moments, 3 rounds: no finished trial lost, the dead workers' RUNNING trials FAIL after the grace period and are retried", async () => {
    if (!server) return;
    const { url } = await freshDatabase(server);
    const opts = { heartbeatInterval: 1, gracePeriod: 2, sleepMs: 60, retry: true };
    const finished = new Map<number, string>();
    for (let round = 0; round < 3; round++) {
      // 80 trials of up to 60 ms each: a worker is still running when the kills land (up to
      // 1.5 s after its first trial; with 40 a fast worker had sometimes finished by then)
      const kids = Array.from({ length: 4 }, (_, i) => startFixture("worker", [url, "killed", "80", JSON.stringify({ ...opts, seed: round * 10 + i })]));
      const outs = kids.map(collect);
      await Promise.all(kids.map((k) => waitForLine(k, /^done \d+/)));
      await sleep(200 + Math.random() * 800);
      kids[0]?.kill("SIGKILL");
      await sleep(Math.random() * 500);
      kids[1]?.kill("SIGKILL");
      const results = await Promise.all(outs);
      assert.equal(results[0]?.signal, "SIGKILL");
      assert.equal(results[1]?.signal, "SIGKILL");
      for (const r of results.slice(2)) assert.equal(r.code, 0, r.stderr);
      for (const r of results) for (const [n, st] of doneLines(r.stdout)) finished.set(n, st);
    }
    // A last worker after the grace period fails what the dead left RUNNING, then runs the retries.
    await sleep(2500);
    const last = await collect(startFixture("worker", [url, "killed", "10", JSON.stringify({ ...opts, seed: 99 })]));
    assert.equal(last.code, 0, last.stderr);
    for (const [n, st] of doneLines(last.stdout)) finished.set(n, st);
    const s = await PostgresStorage.open(url, { heartbeatInterval: 0 });
    const trials = await s.getAllTrials(await s.getStudyIdFromName("killed"));
    assert.deepEqual(
      trials.map((t) => t.number),
      Array.from({ length: trials.length }, (_, i) => i),
    );
    for (const [n, st] of finished) assert.equal(trials[n]?.state, st, `trial #${n} was reported ${st}`);
    const failed = trials.filter((t) => t.state === "FAIL");
    const running = trials.filter((t) => t.state === "RUNNING");
    assert.equal(running.length, 0, `RUNNING left: ${running.map((t) => t.number).join(",")}`);
    assert.ok(failed.length >= 1, "the killed workers had RUNNING trials");
    const retried = new Set(trials.map((t) => t.systemAttrs.failed_trial).filter((x) => x !== undefined));
    for (const f of failed) assert.ok(retried.has(f.systemAttrs.failed_trial ?? f.number), `trial #${f.number} was retried`);
    console.log(`# ${trials.length} trials, ${finished.size} reported finished (all found), ${failed.length} FAIL after kill -9, all retried`);
    await s.close();
  });
});
