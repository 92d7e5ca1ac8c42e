import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  BLXAlphaCrossover,
  type Crossover,
  createStudy,
  dasDennisPoints,
  InvalidArgumentError,
  loadStudy,
  NSGAIISampler,
  NSGAIIISampler,
  SBXCrossover,
  SPXCrossover,
  type Trial,
  UNDXCrossover,
  UniformCrossover,
  VSBXCrossover,
} from "../../src/index.js";
import { Rng } from "../../src/random/rng.js";
import { nsga2Elite, nsga3Elite } from "../../src/samplers/nsga/elite.js";
import { runSamplerSuite } from "../../src/testing/conformance/sampler-suite.js";

runSamplerSuite({ name: "NSGAIISampler", create: (seed) => new NSGAIISampler({ seed, populationSize: 8 }) });
runSamplerSuite({ name: "NSGAIIISampler", create: (seed) => new NSGAIIISampler({ seed, populationSize: 8 }) });

const CROSSOVERS: (() => Crossover)[] = [
  () => new UniformCrossover(),
  () => new BLXAlphaCrossover(),
  () => new SPXCrossover(),
  () => new SBXCrossover(),
  () => new VSBXCrossover(),
  () => new UNDXCrossover(),
];

/** Two objectives over every numeric kind plus a categorical. */
function mixedObjective(trial: Trial): number[] {
  const x = trial.suggestFloat("x", -2, 3);
  const lg = trial.suggestFloat("lg", 1e-3, 10, { log: true });
  const st = trial.suggestFloat("st", 0, 1, { step: 0.125 });
  const i = trial.suggestInt("i", -4, 7);
  const i2 = trial.suggestInt("i2", 0, 30, { step: 3 });
  const il = trial.suggestInt("il", 1, 64, { log: true });
  const c = trial.suggestCategorical("c", ["a", "b", "c"]);
  const pen = c === "a" ? 0 : 1;
  return [x * x + Math.log(lg) ** 2 + st + pen + i2 / 30, (x - 1) ** 2 + (i - 2) ** 2 / 10 + Math.log2(il) + (1 - st)];
}

describe("NSGA-II crossovers", () => {
  for (const make of CROSSOVERS) {
    const name = make().name;
    it(`${name}: every child is inside its distribution and on its grid, over 4 generations`, async () => {
      const sampler = new NSGAIISampler({ seed: 3, populationSize: 10, crossover: make(), crossoverProb: 1, mutationProb: 0 });
      const study = await createStudy({ sampler, directions: ["minimize", "minimize"] });
      await study.optimize(mixedObjective, { nTrials: 50 });
      const trials = study.trials;
      assert.equal(trials.filter((t) => t.state === "COMPLETE").length, 50);
      for (const t of trials) {
        const p = t.params as Record<string, number | string>;
        assert.ok((p.x as number) >= -2 && (p.x as number) <= 3);
        assert.ok((p.lg as number) >= 1e-3 && (p.lg as number) <= 10);
        assert.ok(Number.isInteger((p.st as number) * 8) && (p.st as number) >= 0 && (p.st as number) <= 1, `st ${p.st}`);
        assert.ok(Number.isInteger(p.i) && (p.i as number) >= -4 && (p.i as number) <= 7);
        assert.ok(Number.isInteger(p.i2) && (p.i2 as number) % 3 === 0 && (p.i2 as number) <= 30);
        assert.ok(Number.isInteger(p.il) && (p.il as number) >= 1 && (p.il as number) <= 64);
        assert.ok(["a", "b", "c"].includes(p.c as string));
      }
      // generations 0..4 of 10 trials each, recorded in the system attributes
      assert.deepEqual(trials.map((t) => t.systemAttrs["NSGAIISampler:generation"]), trials.map((t) => Math.floor(t.number / 10)));
      if (name === "uniform") {
        // no mutation: every gene of a child comes from an earlier trial (its parents)
        for (const t of trials.slice(10)) {
          for (const k of ["i", "i2", "il", "c", "st", "x"]) {
            assert.ok(trials.slice(0, t.number).some((o) => o.params[k] === t.params[k]), `trial ${t.number} ${k}`);
          }
        }
      }
    });
  }

  it("children of two equal parents are that parent (uniform, BLX, SBX on a zero gap)", () => {
    const rng = new Rng(1);
    const p = Float64Array.from([0.3, -1, 2]);
    const ctx = { lower: Float64Array.from([0, -2, 0]), upper: Float64Array.from([1, 0, 3]), nObjectives: 2 };
    for (const c of [new UniformCrossover(), new BLXAlphaCrossover()]) assert.deepEqual([...c.crossover([p, p], rng, ctx)], [...p]);
    const child = new SBXCrossover().crossover([p, p], rng, ctx);
    for (let i = 0; i < 3; i++) assert.ok(Math.abs((child[i] as number) - (p[i] as number)) < 1e-6);
  });

  it("BLX-α stays in the widened box; UNDX children lie near the parents' line for tiny σ_η", () => {
    const rng = new Rng(2);
    const a = Float64Array.from([0, 0]);
    const b = Float64Array.from([1, 2]);
    const ctx = { lower: Float64Array.from([-5, -5]), upper: Float64Array.from([5, 5]), nObjectives: 2 };
    for (let k = 0; k < 200; k++) {
      const c = new BLXAlphaCrossover(0.5).crossover([a, b], rng, ctx);
      assert.ok((c[0] as number) >= -0.5 && (c[0] as number) <= 1.5 && (c[1] as number) >= -1 && (c[1] as number) <= 3);
      const u = new UNDXCrossover(0.5, 0).crossover([a, b, Float64Array.from([3, -1])], rng, ctx);
      assert.ok(Math.abs((u[1] as number) - 2 * (u[0] as number)) < 1e-9, "on the line through a and b");
    }
  });

  it("rejects bad options with typed errors", () => {
    assert.throws(() => new NSGAIISampler({ populationSize: 1 }), InvalidArgumentError);
    assert.throws(() => new NSGAIISampler({ populationSize: 2, crossover: new SPXCrossover() }), /3 parents/);
    assert.throws(() => new NSGAIISampler({ mutationProb: 1.5 }), /mutationProb/);
    assert.throws(() => new BLXAlphaCrossover(-1), InvalidArgumentError);
    assert.throws(() => new NSGAIIISampler({ dividingParameter: 0 }), InvalidArgumentError);
  });
});

describe("NSGA-II / NSGA-III samplers", () => {
  const dirs = ["minimize", "minimize"] as const;
  const zdt1 = (trial: Trial): number[] => {
    const x = Array.from({ length: 5 }, (_, i) => trial.suggestFloat(`x${i}`, 0, 1));
    const g = 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / 4;
    return [x[0] as number, g * (1 - Math.sqrt((x[0] as number) / g))];
  };

  it("without crossover or mutation a child copies a parent, also params named __proto__ and constructor", async () => {
    const sampler = new NSGAIISampler({ seed: 2, populationSize: 6, crossoverProb: 0, mutationProb: 0 });
    const study = await createStudy({ sampler, directions: [...dirs] });
    await study.optimize((t) => {
      const a = t.suggestFloat("__proto__", 0, 1);
      const b = t.suggestFloat("constructor", 0, 1);
      const c = t.suggestCategorical("toString", ["p", "q", "r"]);
      return [a + (c === "p" ? 0 : 1), 1 - a + b];
    }, { nTrials: 18 });
    const first = new Set(study.trials.slice(0, 6).map((t) => JSON.stringify([t.params["__proto__"], t.params.constructor, t.params.toString])));
    assert.equal(first.size, 6);
    for (const t of study.trials.slice(6)) {
      assert.deepEqual(Object.getOwnPropertyNames(t.params).sort(), ["__proto__", "constructor", "toString"]);
      const key = JSON.stringify([t.params["__proto__"], t.params.constructor, t.params.toString]);
      assert.ok(first.has(key), `trial ${t.number} ${key} is no parent's copy`);
    }
  });

  it("is deterministic with a seed and differs with another seed", async () => {
    const run = async (seed: number) => {
      const study = await createStudy({ sampler: new NSGAIISampler({ seed, populationSize: 10, crossover: new SBXCrossover() }), directions: [...dirs] });
      await study.optimize(zdt1, { nTrials: 40 });
      return study.trials.map((t) => t.values);
    };
    assert.deepEqual(await run(4), await run(4));
    assert.notDeepEqual(await run(4), await run(5));
  });

  it("generations are shared by two study handles on one SQLite file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parzen-nsga-"));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const storage = `sqlite:///${join(dir, "s.db")}`;
    const a = await createStudy({ storage, studyName: "ga", directions: [...dirs], sampler: new NSGAIISampler({ seed: 1, populationSize: 6 }) });
    const b = await loadStudy({ storage, studyName: "ga", sampler: new NSGAIISampler({ seed: 2, populationSize: 6 }) });
    for (let k = 0; k < 4; k++) {
      await a.optimize(zdt1, { nTrials: 3 });
      await b.optimize(zdt1, { nTrials: 3 });
    }
    const trials = (await loadStudy({ storage, studyName: "ga" })).trials;
    assert.equal(trials.length, 24);
    // each handle sees the other's trials, so the 24 trials form generations 0..3 of 6 each
    assert.deepEqual(trials.map((t) => t.systemAttrs["NSGAIISampler:generation"]), trials.map((t) => Math.floor(t.number / 6)));
  });

  it("beats random search on a 5-variable ZDT1 with SBX at 300 trials (hypervolume)", async () => {
    const { hypervolume, RandomSampler } = await import("../../src/index.js");
    const hv = async (sampler: NSGAIISampler | InstanceType<typeof RandomSampler>) => {
      const study = await createStudy({ sampler, directions: [...dirs] });
      await study.optimize(zdt1, { nTrials: 300 });
      return hypervolume(study.trials.map((t) => t.values as number[]), [1.1, 11]);
    };
    const ga = await hv(new NSGAIISampler({ seed: 0, populationSize: 30, crossover: new SBXCrossover() }));
    const rnd = await hv(new RandomSampler({ seed: 0 }));
    assert.ok(ga > rnd, `NSGA-II ${ga} vs random ${rnd}`);
  });
});

describe("elite selection", () => {
  it("NSGA-II keeps whole fronts, then the border front's least crowded points; feasible first", () => {
    const pts = [[0, 4], [1, 2], [2, 1], [4, 0], [1.1, 2.1], [5, 5], [0, 0]];
    const viol = [0, 0, 0, 0, 0, 0, 3];
    // front 0 = 0..3 (4 points), front 1 = {4}, then [5,5], infeasible [0,0] last
    assert.deepEqual(nsga2Elite(pts, viol, 5).sort(), [0, 1, 2, 3, 4]);
    // cutting front 0 to 2: its extremes (infinite crowding) survive
    assert.deepEqual(nsga2Elite(pts, viol, 2).sort(), [0, 3]);
    assert.deepEqual(nsga2Elite(pts, viol, 7).length, 7);
  });

  it("Das–Dennis counts C(M+p−1, p); NSGA-III spreads the survivors over the reference directions", () => {
    assert.equal(dasDennisPoints(2, 3).length, 4);
    assert.equal(dasDennisPoints(3, 3).length, 10);
    assert.equal(dasDennisPoints(5, 3).length, 35);
    for (const r of dasDennisPoints(4, 3)) assert.equal(r.reduce((s, v) => s + v, 0), 3);
    // a 2-objective front crowded at one end: niching keeps the two extremes and spreads the rest
    const front = [[0, 1], [0.01, 0.99], [0.02, 0.98], [0.03, 0.97], [0.5, 0.5], [1, 0]];
    const got = nsga3Elite(front, new Float64Array(6), 3, dasDennisPoints(2, 2), new Rng(0)).sort();
    assert.ok(got.includes(0) && got.includes(5) && got.includes(4), `got ${got}`);
  });
});
