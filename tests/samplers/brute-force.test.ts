/**
 * BruteForceSampler: every combination once (conditional spaces included), the study stops when
 * the space is exhausted, running trials count as covered unless avoidPremature, and continuous
 * parameters get a typed error.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BruteForceSampler, ContinuousParameterError, createStudy, InvalidArgumentError, type Trial } from "../../src/index.js";
import { runSamplerSuite } from "../../src/testing/conformance/sampler-suite.js";

runSamplerSuite({ name: "BruteForceSampler", create: (seed) => new BruteForceSampler({ seed }), discreteOnly: true });

const key = (p: Record<string, unknown>): string => JSON.stringify(Object.entries(p).sort());

describe("BruteForceSampler", () => {
  it("evaluates each of the 2·3·4 = 24 combinations once, then stops the study", async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 1 }) });
    await study.optimize(
      (t) => t.suggestInt("a", 0, 1) + t.suggestFloat("b", 0.1, 0.3, { step: 0.1 }) + (t.suggestCategorical("c", ["w", "x", "y", "z"]) === "x" ? 1 : 0),
      { nTrials: 100 },
    );
    assert.equal(study.trials.length, 24);
    assert.equal(new Set(study.trials.map((t) => key(t.params))).size, 24);
    assert.deepEqual([...new Set(study.trials.map((t) => t.params.b))].sort(), [0.1, 0.2, 0.3]);
  });

  it("stops after the 2·3·4 combinations also when the params are named constructor, toString, __proto__", async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 1 }) });
    await study.optimize(
      (t) =>
        t.suggestInt("constructor", 0, 1) +
        t.suggestFloat("toString", 0.1, 0.3, { step: 0.1 }) +
        (t.suggestCategorical("__proto__", ["w", "x", "y", "z"]) === "x" ? 1 : 0),
      { nTrials: 100 },
    );
    assert.equal(study.trials.length, 24);
    assert.equal(new Set(study.trials.map((t) => key(t.params))).size, 24);
    assert.ok(study.trials.every((t) => Object.getOwnPropertyNames(t.params).sort().join() === "__proto__,constructor,toString"));
  });

  it("enumerates a conditional space: 3 + 5 leaves", async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 2 }) });
    const f = (t: Trial): number => (t.suggestCategorical("m", ["lin", "tree"]) === "lin" ? t.suggestInt("c", 1, 3) : t.suggestInt("depth", 2, 10, { step: 2 }));
    await study.optimize(f, { nTrials: 50 });
    assert.equal(study.trials.length, 8);
    assert.equal(new Set(study.trials.map((t) => key(t.params))).size, 8);
    assert.equal(study.trials.filter((t) => t.params.m === "tree").length, 5);
  });

  it("is reproducible, and another seed visits the combinations in another order", async () => {
    const run = async (seed: number) => {
      const s = await createStudy({ sampler: new BruteForceSampler({ seed }) });
      await s.optimize((t) => t.suggestInt("a", 0, 4) + t.suggestInt("b", 0, 4), { nTrials: 25 });
      return s.trials.map((t) => key(t.params));
    };
    const a = await run(3);
    assert.deepEqual(a, await run(3));
    assert.notDeepEqual(a, await run(4));
    assert.equal(new Set(a).size, 25);
  });

  it("with nJobs: 3 repeats nothing; avoidPremature waits for every combination to finish", async () => {
    const slow = async (t: Trial) => {
      const v = t.suggestInt("a", 0, 5) * 10 + t.suggestInt("b", 0, 1);
      await new Promise((r) => setTimeout(r, 2));
      return v;
    };
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 5 }) });
    await study.optimize(slow, { nTrials: 40, nJobs: 3 });
    assert.equal(study.trials.length, 12);
    assert.equal(new Set(study.trials.map((t) => key(t.params))).size, 12);
    const strict = await createStudy({ sampler: new BruteForceSampler({ seed: 5, avoidPremature: true }) });
    await strict.optimize(slow, { nTrials: 40, nJobs: 3 });
    assert.equal(new Set(strict.trials.map((t) => key(t.params))).size, 12, "every combination was evaluated");
    assert.ok(strict.trials.every((t) => t.state === "COMPLETE"));
  });

  it("rejects a continuous parameter with ContinuousParameterError naming it", async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 1 }) });
    await assert.rejects(study.optimize((t) => t.suggestFloat("lr", 0, 1), { nTrials: 1 }), (e: unknown) => {
      assert.ok(e instanceof ContinuousParameterError && e instanceof InvalidArgumentError);
      assert.equal(e.code, "CONTINUOUS_PARAMETER");
      assert.match(e.message, /"lr".*step/);
      return true;
    });
    assert.equal(study.trials[0]!.state, "FAIL");
  });
});
