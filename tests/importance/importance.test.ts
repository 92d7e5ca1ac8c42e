import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CategoricalDistribution,
  createStudy,
  createTrial,
  FanovaImportanceEvaluator,
  FloatDistribution,
  type FrozenTrial,
  getParamImportances,
  IntDistribution,
  InvalidArgumentError,
  MeanDecreaseImpurityImportanceEvaluator,
  NoCompletedTrialsError,
} from "../../src/index.js";
import { Rng } from "../../src/random/rng.js";
import { graded, randomTrials, studyOf, twoOfSix } from "./helpers.js";

const evaluators = {
  fanova: () => new FanovaImportanceEvaluator({ seed: 0 }),
  mdi: () => new MeanDecreaseImpurityImportanceEvaluator({ seed: 0 }),
};

describe("getParamImportances", () => {
  for (const [name, make] of Object.entries(evaluators)) {
    test(`${name}: the two parameters that matter come first, and importances sum to 1 in descending order`, async () => {
      const study = await studyOf(randomTrials(200, 3, twoOfSix));
      const imp = getParamImportances(study, { evaluator: make() });
      const keys = Object.keys(imp);
      assert.deepEqual(keys.slice(0, 2).sort(), ["opt", "x"]);
      assert.equal(keys.length, 6);
      const values = Object.values(imp);
      assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      for (let i = 1; i < values.length; i++) assert.ok((values[i - 1] as number) >= (values[i] as number));
      assert.ok((imp.x as number) + (imp.opt as number) > 0.95, JSON.stringify(imp));
    });

    test(`${name}: the same seed gives the same importances`, async () => {
      const study = await studyOf(randomTrials(80, 5, graded));
      assert.deepEqual(getParamImportances(study, { evaluator: make() }), getParamImportances(study, { evaluator: make() }));
    });
  }

  test("fANOVA ranks graded parameters in order of their effect", async () => {
    // lr's effect is linear in log10(lr), but fANOVA (as Optuna's) works on raw values, where
    // most of the range is flat: only the three largest effects have a stable order.
    const study = await studyOf(randomTrials(300, 11, graded));
    const imp = getParamImportances(study, { evaluator: new FanovaImportanceEvaluator({ seed: 1 }) });
    assert.deepEqual(Object.keys(imp).slice(0, 3), ["x", "opt", "n"]);
  });

  test("normalize: false returns the raw fANOVA fractions (each in [0, 1])", async () => {
    const study = await studyOf(randomTrials(100, 2, twoOfSix));
    const imp = getParamImportances(study, { evaluator: new FanovaImportanceEvaluator({ seed: 0 }), normalize: false });
    for (const v of Object.values(imp)) assert.ok(v >= 0 && v <= 1 + 1e-9);
    const sum = Object.values(imp).reduce((a, b) => a + b, 0);
    assert.ok(sum > 0.9 && sum < 1.1, `an additive function's main effects explain about all variance, got ${sum}`);
  });

  test("params restricts the evaluated parameters; an unknown name is an InvalidArgumentError", async () => {
    const study = await studyOf(randomTrials(60, 4, twoOfSix));
    const imp = getParamImportances(study, { params: ["x", "z"], evaluator: evaluators.mdi() });
    assert.deepEqual(Object.keys(imp), ["x", "z"]);
    assert.throws(() => getParamImportances(study, { params: ["nope"] }), InvalidArgumentError);
  });

  test("target explains another number; multi-objective studies need it", async () => {
    const study = await createStudy({ directions: ["minimize", "maximize"] });
    const d = { a: new FloatDistribution(0, 1), b: new FloatDistribution(0, 1) };
    const rng = new Rng(9);
    for (let i = 0; i < 40; i++) {
      const a = rng.random();
      const b = rng.random();
      await study.addTrial(createTrial({ params: { a, b }, distributions: d, values: [a, b] }));
    }
    assert.throws(() => getParamImportances(study), InvalidArgumentError);
    const imp0 = getParamImportances(study, { target: (t) => (t.values as number[])[0] as number, evaluator: evaluators.mdi() });
    const imp1 = getParamImportances(study, { target: (t) => (t.values as number[])[1] as number, evaluator: evaluators.mdi() });
    assert.equal(Object.keys(imp0)[0], "a");
    assert.equal(Object.keys(imp1)[0], "b");
  });

  test("no COMPLETE trial is a NoCompletedTrialsError, one is an InvalidArgumentError", async () => {
    const study = await createStudy();
    assert.throws(() => getParamImportances(study), NoCompletedTrialsError);
    await study.addTrial(createTrial({ params: { a: 1 }, distributions: { a: new FloatDistribution(0, 2) }, value: 1 }));
    assert.throws(() => getParamImportances(study), InvalidArgumentError);
  });

  test("a constant objective gives every parameter 1/n", async () => {
    const study = await createStudy();
    const d = { a: new FloatDistribution(0, 1), b: new IntDistribution(0, 5) };
    for (let i = 0; i < 10; i++) await study.addTrial(createTrial({ params: { a: i / 10, b: i % 6 }, distributions: d, value: 3 }));
    for (const make of Object.values(evaluators)) assert.deepEqual(getParamImportances(study, { evaluator: make() }), { a: 0.5, b: 0.5 });
  });

  test("FAIL and non-finite trials are left out", async () => {
    const trials: FrozenTrial[] = randomTrials(50, 8, twoOfSix);
    trials.push(createTrial({ state: "FAIL" }));
    trials.push(createTrial({ params: { ...(trials[0] as FrozenTrial).params }, distributions: { ...(trials[0] as FrozenTrial).distributions }, value: Infinity }));
    const study = await studyOf(trials);
    const imp = getParamImportances(study, { evaluator: evaluators.fanova() });
    assert.ok(Object.values(imp).every(Number.isFinite));
  });

  test("a categorical with 40 choices is evaluated in bounded time (Optuna walks 2^choices cells)", async () => {
    const choices = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const d = { x: new FloatDistribution(0, 1), cat: new CategoricalDistribution(choices), z: new FloatDistribution(0, 1) };
    const rng = new Rng(4);
    const trials: FrozenTrial[] = [];
    for (let i = 0; i < 600; i++) {
      const c = rng.int(40);
      const x = rng.random();
      trials.push(createTrial({ params: { x, cat: choices[c] as string, z: rng.random() }, distributions: d, value: x + 2 * Math.sin(c) }));
    }
    const study = await studyOf(trials);
    const imp = getParamImportances(study, { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
    assert.equal(Object.keys(imp).at(-1), "z", JSON.stringify(imp));
  });

  test("options are checked eagerly", () => {
    assert.throws(() => new FanovaImportanceEvaluator({ nTrees: 0 }), /nTrees/);
    assert.throws(() => new MeanDecreaseImpurityImportanceEvaluator({ maxDepth: 1.5 }), /maxDepth/);
  });

  // Its speed is measured by `npm run bench -- importance`, not asserted here.
  test("fANOVA ranks the three active parameters of 1000 trials × 10 parameters on top", async () => {
    const rng = new Rng(1);
    const d = new FloatDistribution(0, 1);
    const trials: FrozenTrial[] = [];
    for (let i = 0; i < 1000; i++) {
      const params: Record<string, number> = {};
      const dists: Record<string, FloatDistribution> = {};
      for (let j = 0; j < 10; j++) {
        params[`x${j}`] = rng.random();
        dists[`x${j}`] = d;
      }
      const v = 5 * ((params.x0 as number) - 0.5) ** 2 + 2 * (params.x1 as number) + 0.5 * Math.sin(6 * (params.x2 as number)) + 0.05 * rng.normal();
      trials.push(createTrial({ params, distributions: dists, value: v }));
    }
    const study = await studyOf(trials);
    const imp = getParamImportances(study, { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
    assert.deepEqual(Object.keys(imp).slice(0, 3).sort(), ["x0", "x1", "x2"]);
  });
});
