import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createStudy, GridSampler, InvalidArgumentError, NopPruner, type Trial } from "../../src/index.js";

const space = { a: [1, 2, 3], b: ["x", "y"] } as const;
const objective = (t: Trial) => t.suggestInt("a", 1, 3) * 10 + (t.suggestCategorical("b", ["x", "y"]) === "x" ? 0 : 1);

describe("GridSampler", () => {
  it("visits every point once, trial t taking grid point t, then stops by itself", async () => {
    const sampler = new GridSampler({ ...space });
    const study = await createStudy({ sampler, pruner: new NopPruner() });
    await study.optimize(objective);
    assert.equal(study.trials.length, 6);
    assert.deepEqual(study.trials.map((t) => t.systemAttrs.grid_id), [0, 1, 2, 3, 4, 5]);
    const values = study.trials.map((t) => t.value).sort((x, y) => (x as number) - (y as number));
    assert.deepEqual(values, [10, 11, 20, 21, 30, 31]);
  });

  it("uses the same fixed shuffle without a seed, and another with a seed", async () => {
    const order = async (seed?: number) => {
      const study = await createStudy({ sampler: new GridSampler({ ...space }, seed === undefined ? {} : { seed }) });
      await study.optimize(objective);
      return study.trials.map((t) => t.value);
    };
    const a = await order();
    assert.deepEqual(await order(), a);
    assert.deepEqual(await order(0), a);
    const others = await Promise.all([1, 2, 3].map((s) => order(s)));
    assert.ok(others.some((o) => JSON.stringify(o) !== JSON.stringify(a)));
  });

  it("runs every grid point exactly once with nJobs 2", async () => {
    const study = await createStudy({ sampler: new GridSampler({ a: [1, 2, 3, 4, 5], b: ["x", "y"] }) });
    await study.optimize(async (t) => {
      await new Promise((r) => setTimeout(r, 2 + (t.number % 3)));
      return t.suggestInt("a", 1, 5) * 10 + (t.suggestCategorical("b", ["x", "y"]) === "x" ? 0 : 1);
    }, { nJobs: 2 });
    const values = study.trials.map((t) => t.value);
    assert.equal(values.length, 10);
    assert.equal(new Set(values).size, 10);
  });

  it("requires enqueued trials to give every grid parameter, and counts them as visited", async () => {
    const study = await createStudy({ sampler: new GridSampler({ ...space }) });
    await study.enqueueTrial({ a: 1 });
    await assert.rejects(study.optimize(objective, { nTrials: 1 }), (e: Error) => e instanceof InvalidArgumentError && /missing: b/.test(e.message));
    const s2 = await createStudy({ sampler: new GridSampler({ ...space }) });
    await s2.enqueueTrial({ a: 3, b: "y" });
    await s2.optimize(objective);
    assert.equal(s2.trials[0]?.value, 31);
    assert.equal(s2.trials.length, 6);
    assert.equal(new Set(s2.trials.map((t) => t.value)).size, 6);
  });

  it("rejects a parameter outside the grid and an empty list", async () => {
    assert.throws(() => new GridSampler({ a: [] }), InvalidArgumentError);
    const study = await createStudy({ sampler: new GridSampler({ a: [1] }) });
    await assert.rejects(study.optimize((t) => t.suggestFloat("zzz", 0, 1), { nTrials: 1 }), /not in the GridSampler/);
  });
});
