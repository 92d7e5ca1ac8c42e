import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  captureWarnings,
  createStudy,
  createTrial,
  FloatDistribution,
  InvalidArgumentError,
  IntDistribution,
  RandomSampler,
  TPESampler,
  type Trial,
} from "../../../src/index.js";
import { TPE_DEFAULTS } from "../../../src/samplers/tpe/options.js";
import type { FrozenTrial } from "../../../src/trial/frozen.js";

const quadratic = (t: Trial): number => (t.suggestFloat("x", -10, 10) - 2) ** 2 + (t.suggestFloat("y", -10, 10) + 1) ** 2;

/** A RUNNING-state stand-in for "the trial being sampled", never stored. */
const probe = (trialId: number): FrozenTrial => ({ ...createTrial({ state: "RUNNING", params: {}, distributions: {} }), trialId, number: trialId });

describe("TPESampler", () => {
  it("validates each option eagerly with its own message", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ nStartupTrials: -1 }, /`nStartupTrials` must be a non-negative integer/],
      [{ nStartupTrials: 1.5 }, /`nStartupTrials`/],
      [{ nEiCandidates: 0 }, /`nEiCandidates` must be a positive integer/],
      [{ multivariate: "yes" }, /`multivariate` must be a boolean/],
      [{ group: 1 }, /`group` must be a boolean/],
      [{ constantLiar: null }, /`constantLiar` must be a boolean/],
      [{ gamma: 0.1 }, /`gamma` must be a function/],
      [{ weights: [1] }, /`weights` must be a function/],
      [{ priorWeight: -1 }, /`priorWeight` must be a finite number >= 0/],
      [{ priorWeight: Number.NaN }, /`priorWeight`/],
      [{ considerEndpoints: 0 }, /`considerEndpoints` must be a boolean/],
      [{ considerMagicClip: "no" }, /`considerMagicClip` must be a boolean/],
      [{ mixedFraction: 2 }, /`mixedFraction` must be a number in \[0, 1\]/],
      [{ seed: {} }, /`seed` must be a finite number or a string/],
      [{ multivariate: false, group: true }, /`group: true` requires `multivariate`/],
      [{ nStartup: 3 }, /unknown option "nStartup"\. Did you mean "nStartupTrials"\?/],
    ];
    for (const [opts, msg] of cases) {
      assert.throws(() => new TPESampler(opts as never), (e: unknown) => e instanceof InvalidArgumentError && msg.test(e.message), JSON.stringify(opts));
    }
  });

  it("fills in parzen's defaults", () => {
    const s = new TPESampler();
    assert.equal(s.options.nStartupTrials, TPE_DEFAULTS.nStartupTrials);
    assert.equal(s.options.nEiCandidates, 24);
    assert.equal(s.options.multivariate, true);
    assert.equal(s.options.group, true);
    assert.equal(s.options.constantLiar, true);
    assert.equal(s.options.mixedFraction, 0.25);
    assert.equal(new TPESampler({ multivariate: false }).options.group, false);
  });

  it("rejects a custom weights function that returns negative or all-zero weights when sampling", async () => {
    for (const weights of [(k: number) => new Array(k).fill(-1), (k: number) => new Array(k).fill(0)]) {
      const study = await createStudy({ sampler: new TPESampler({ nStartupTrials: 2, weights, seed: 0 }) });
      const { result } = await captureWarnings(() => study.optimize(quadratic, { nTrials: 5 }).then(() => undefined, (e: unknown) => e));
      assert.ok(result instanceof InvalidArgumentError && /`weights` must return (finite weights >= 0|weights that are not all 0)/.test(result.message), String(result));
    }
  });

  it("samples the startup trials with a RandomSampler seeded like the TPE", async () => {
    const tpe = await createStudy({ sampler: new TPESampler({ seed: 11, nStartupTrials: 5 }) });
    await tpe.optimize(quadratic, { nTrials: 5 });
    const rnd = await createStudy({ sampler: new RandomSampler({ seed: `${11}/startup` }) });
    await rnd.optimize(quadratic, { nTrials: 5 });
    assert.deepEqual(tpe.trials.map((t) => t.params), rnd.trials.map((t) => t.params));
  });

  it("is deterministic for a seed (bit for bit) and differs for another seed", async () => {
    const run = async (seed: number) => {
      const s = await createStudy({ sampler: new TPESampler({ seed }) });
      await s.optimize(quadratic, { nTrials: 30 });
      return s.trials.map((t) => [t.params.x, t.params.y, t.value]);
    };
    const a = await run(3);
    assert.deepEqual(a, await run(3));
    const b = await run(4);
    assert.notDeepEqual(a, b);
    // differs after the startup phase too, not only in the random trials
    assert.notDeepEqual(a.slice(10), b.slice(10));
  });

  it("finds the optimum of a quadratic far better than random", async () => {
    const best = async (sampler: TPESampler | RandomSampler) => {
      const s = await createStudy({ sampler });
      await s.optimize(quadratic, { nTrials: 60 });
      return s.bestValue;
    };
    const tpe = await best(new TPESampler({ seed: 1 }));
    const rnd = await best(new RandomSampler({ seed: 1 }));
    assert.ok(tpe < 0.5, `TPE best ${tpe}`);
    assert.ok(tpe < rnd / 3, `TPE best ${tpe} vs random ${rnd}`);
  });

  it("constant liar steers away from a RUNNING trial's point", async () => {
    // 20 finished trials good near x = 5; one RUNNING trial sits exactly there.
    const near = async (constantLiar: boolean): Promise<number> => {
      const sampler = new TPESampler({ seed: 0, constantLiar, multivariate: false, nStartupTrials: 0 });
      const study = await createStudy({ sampler });
      for (let i = 0; i < 20; i++) {
        const x = (i * 10) / 19;
        await study.addTrial(createTrial({ value: (x - 5) ** 2, params: { x }, distributions: { x: new FloatDistribution(0, 10) } }));
      }
      await study.enqueueTrial({ x: 5 });
      const running = await study.ask();
      assert.equal(running.suggestFloat("x", 0, 10), 5);
      const d = new FloatDistribution(0, 10);
      let close = 0;
      for (let i = 0; i < 200; i++) {
        const v = sampler.sampleIndependent(study, probe(10_000 + i), "x", d) as number;
        if (Math.abs(v - 5) < 0.3) close++;
      }
      return close / 200;
    };
    const withLiar = await near(true);
    const without = await near(false);
    assert.ok(without > 0.3, `without the liar ${without} of the samples are near the optimum`);
    assert.ok(withLiar < without / 2, `with the liar ${withLiar}, without ${without}`);
  });

  it("shares a RUNNING trial's relative params through tpe:relative_params under constant liar", async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 2, nStartupTrials: 3 }) });
    await study.optimize(quadratic, { nTrials: 5 });
    const t = await study.ask();
    const x = t.suggestFloat("x", -10, 10);
    const rel = t.systemAttrs["tpe:relative_params"] as Record<string, number>;
    assert.equal(rel.x, x);
    assert.equal(typeof rel.y, "number");
    assert.equal(t.suggestFloat("y", -10, 10), rel.y);
  });

  it("samples a conditional space with group: each branch jointly, converging on the better branch", async () => {
    const sampler = new TPESampler({ seed: 0 });
    const study = await createStudy({ sampler });
    await study.optimize(
      (t) => {
        const model = t.suggestCategorical("model", ["linear", "tree"]);
        if (model === "linear") return (Math.log10(t.suggestFloat("c", 1e-4, 1e2, { log: true })) - 1) ** 2 + 0.5;
        return ((t.suggestInt("depth", 1, 32) - 12) / 8) ** 2 + (t.suggestFloat("min_split", 0, 1) - 0.3) ** 2;
      },
      { nTrials: 60 },
    );
    const space = sampler.inferRelativeSearchSpace(study, probe(99_999));
    assert.deepEqual(Object.keys(space).sort(), ["c", "depth", "min_split", "model"]);
    for (const t of study.trials) {
      const keys = Object.keys(t.params).sort();
      assert.deepEqual(keys, t.params.model === "linear" ? ["c", "model"] : ["depth", "min_split", "model"]);
    }
    const late = study.trials.slice(30);
    const tree = late.filter((t) => t.params.model === "tree").length / late.length;
    assert.ok(tree > 0.6, `share of the better branch in trials 30-59: ${tree}`);
    assert.ok(study.bestValue < 0.02, `best ${study.bestValue}`);
  });

  it("keeps a parameter whose range changed in the joint space, with its newest range", async () => {
    const sampler = new TPESampler({ seed: 0, nStartupTrials: 2 });
    const study = await createStudy({ sampler });
    await study.optimize((t) => t.suggestFloat("x", 0, 10) + t.suggestFloat("y", 0, 1), { nTrials: 3 });
    await study.optimize((t) => t.suggestFloat("x", 0, 20) + t.suggestFloat("y", 0, 1), { nTrials: 3 });
    const space = sampler.inferRelativeSearchSpace(study, probe(99_999));
    assert.deepEqual(Object.keys(space), ["x", "y"]);
    assert.equal((space.x as FloatDistribution).high, 20);
    for (const t of study.trials.slice(3)) assert.ok((t.params.x as number) <= 20);
  });

  it("avoids repeating a point in a small fully discrete space", async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 0, nStartupTrials: 5 }) });
    await study.optimize((t) => Math.abs(t.suggestInt("a", 0, 3) - 1) + Math.abs(t.suggestInt("b", 0, 3) - 2), { nTrials: 16 });
    const keys = new Set(study.trials.map((t) => `${t.params.a},${t.params.b}`));
    // 16 points exist; random startup may repeat, TPE should mostly not
    assert.ok(keys.size >= 13, `${keys.size} distinct points of 16`);
    assert.equal(study.bestValue, 0);
  });

  it("handles int, stepped and log parameters and keeps them contained", async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 5 }) });
    await study.optimize(
      (t) =>
        (t.suggestInt("a", -20, 20) - 7) ** 2 +
        (t.suggestInt("b", 0, 100, { step: 5 }) - 35) ** 2 / 25 +
        (Math.log2(t.suggestInt("c", 1, 1024, { log: true })) - 6) ** 2 +
        (t.suggestFloat("d", 0, 1, { step: 0.05 }) - 0.65) ** 2 * 100,
      { nTrials: 80 },
    );
    const d = { a: new IntDistribution(-20, 20), b: new IntDistribution(0, 100, { step: 5 }), c: new IntDistribution(1, 1024, { log: true }) };
    for (const t of study.trials) {
      assert.ok(Number.isInteger(t.params.a) && Number.isInteger(t.params.b) && Number.isInteger(t.params.c));
      assert.equal((t.params.b as number) % d.b.step, 0);
    }
    assert.ok(study.bestValue < 3, `best ${study.bestValue}`);
  });

  it("optimizes several objectives with a non-dominated split", async () => {
    const study = await createStudy({ directions: ["minimize", "minimize"], sampler: new TPESampler({ seed: 0 }) });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat("x", 0, 1);
        const y = t.suggestFloat("y", 0, 1);
        return [x + y, 2 - x + y];
      },
      { nTrials: 40 },
    );
    // the Pareto front has y = 0; TPE should push y down
    const late = study.trials.slice(20).map((t) => t.params.y as number);
    const meanY = late.reduce((a, b) => a + b, 0) / late.length;
    assert.ok(meanY < 0.3, `mean y over the last 20 trials: ${meanY}`);
  });

  it("counts PRUNED trials for startup and models them", async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 0, nStartupTrials: 4 }) });
    for (let i = 0; i < 4; i++) {
      const t = await study.ask();
      t.report(t.suggestFloat("x", 0, 1), 0);
      await study.tell(t, undefined, { state: "PRUNED" });
    }
    const t = await study.ask();
    const x = t.suggestFloat("x", 0, 1);
    assert.ok(x >= 0 && x <= 1);
    await study.tell(t, x);
    assert.equal(study.trials.filter((u) => u.state === "PRUNED").length, 4);
  });
});
