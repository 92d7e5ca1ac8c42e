import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { captureWarnings, createStudy, GridSampler, loadStudy, NopPruner, RandomSampler, TPESampler, type Trial } from "../../src/index.js";

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);
const quiet = <T>(fn: () => Promise<T>) => captureWarnings(fn).then((r) => r.result);

describe("module objectives on worker threads", () => {
  it("run a .ts module with nJobs 2: params, intermediate values and user attrs reach the study", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }), pruner: new NopPruner() });
    await study.optimize(fixture("cpu-objective.ts"), { nTrials: 8, nJobs: 2 });
    assert.equal(study.trials.length, 8);
    for (const t of study.trials) {
      assert.equal(t.state, "COMPLETE");
      const x = t.params.x as number;
      assert.ok(x >= -5 && x < 5);
      assert.ok(Number.isInteger(t.params.y));
      assert.deepEqual(t.intermediateValues, { 0: x * x });
      assert.deepEqual(t.userAttrs, { thread: 1 });
      assert.equal(t.value, x * x + ((t.params.y as number) - 3) ** 2);
    }
  });

  it("run a plain .js module, given as a path", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 4 }) });
    await study.optimize("tests/fixtures/plain-objective.js", { nTrials: 4, nJobs: 2 });
    assert.deepEqual(study.trials.map((t) => t.state), ["COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE"]);
    for (const t of study.trials) assert.equal(t.value, (t.params.x as number) ** 2 + (t.params.c === "a" ? 0 : 1));
  });

  it("bring typed errors back across the boundary; a crashing worker fails its trial and does not hang", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    await quiet(() => study.optimize(fixture("failing-objectives.ts"), { nTrials: 6, nJobs: 2, catch: () => true }));
    const states = study.trials.map((t) => t.state);
    assert.deepEqual(states, ["PRUNED", "FAIL", "FAIL", "FAIL", "COMPLETE", "COMPLETE"]);
    assert.equal(study.trials[0]?.value, 0.5);

    const errors: unknown[] = [];
    const s2 = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    await s2.enqueueTrial({ x: 0.1 });
    const caught = await quiet(() =>
      s2.optimize(fixture("failing-objectives.ts"), { nTrials: 2, catch: (e) => (errors.push(e), true) }),
    );
    assert.equal(caught, undefined);
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof TypeError, "a TypeError thrown in the worker is a TypeError here");
    await assert.rejects(
      quiet(() => s2.optimize(fixture("failing-objectives.ts"), { nTrials: 2 })),
      (e: Error) => /exited with code: 3/.test(e.message),
    );
  });

  it("work with SQLite storage: every trial stored once, numbers 0..n-1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parzen-pool-"));
    try {
      const storage = `sqlite:///${join(dir, "p.db")}`;
      const study = await createStudy({ storage, studyName: "p", sampler: new RandomSampler({ seed: 8 }) });
      await study.optimize(fixture("cpu-objective.ts"), { nTrials: 10, nJobs: 2 });
      const reloaded = await loadStudy({ storage, studyName: "p" });
      assert.deepEqual(reloaded.trials.map((t) => t.number), [...Array(10).keys()]);
      assert.ok(reloaded.trials.every((t) => t.state === "COMPLETE" && t.intermediateValues[0] !== undefined));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GridSampler with nJobs 2 runs every grid point once", async () => {
    const study = await createStudy({ sampler: new GridSampler({ x: [-1, 0, 1, 2], c: ["a", "b"] }) });
    await study.optimize(fixture("plain-objective.js"), { nJobs: 2 });
    const points = study.trials.map((t) => `${t.params.x}/${t.params.c}`);
    assert.equal(points.length, 8);
    assert.equal(new Set(points).size, 8);
  });
});

describe("deterministic parallel runs", () => {
  for (const [label, objective] of [
    ["a module on worker threads", fixture("uneven-objective.ts")],
    ["an async function in this thread", async (t: Trial) => (await import("../fixtures/uneven-objective.js")).default(t)],
  ] as const) {
    it(`give the same trials on every run with the same seed: ${label}`, async () => {
      const run = async (seed: number) => {
        const study = await createStudy({ sampler: new TPESampler({ seed }) });
        await study.optimize(objective, { nTrials: 16, nJobs: 3, deterministic: true });
        return study.trials.map((t) => [t.number, t.params, t.value]);
      };
      const a = await run(11);
      assert.deepEqual(await run(11), a);
      assert.notDeepEqual(await run(12), a);
    });
  }

  it("refuse a sampler without a seed", async () => {
    const study = await createStudy({ sampler: new RandomSampler() });
    await assert.rejects(study.optimize(() => 0, { nTrials: 1, deterministic: true }), /seed/);
  });
});
