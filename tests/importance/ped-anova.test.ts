/**
 * PedAnovaImportanceEvaluator: same top-2 as fANOVA on the known-importance studies, irrelevant
 * parameters near zero, direction handled, densities are probability vectors, typed errors, and
 * the importance plot uses it when asked.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { captureWarnings, createStudy, FanovaImportanceEvaluator, getParamImportances, InvalidArgumentError, PedAnovaImportanceEvaluator } from "../../src/index.js";
import { categoricalDensity, numericDensity } from "../../src/importance/ped-anova/parzen.js";
import { getParamImportancesInfo } from "../../src/visualization/param-importances.js";
import { graded, randomTrials, spearman, studyOf, twoOfSix } from "./helpers.js";

const top2 = (imp: Record<string, number>): string[] => Object.keys(imp).slice(0, 2).sort();

describe("PedAnovaImportanceEvaluator", () => {
  for (const [name, f] of [["twoOfSix", twoOfSix], ["graded", graded]] as const) {
    for (const n of [200, 1000]) {
      it(`${name}, ${n} trials: the same top-2 parameters as fANOVA`, async () => {
        const study = await studyOf(randomTrials(n, 1, f));
        const fa = getParamImportances(study, { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
        const pa = getParamImportances(study, { evaluator: new PedAnovaImportanceEvaluator() });
        assert.deepEqual(top2(pa), top2(fa), JSON.stringify({ pa, fa }));
        assert.deepEqual(top2(pa), ["opt", "x"]);
        // on twoOfSix the other four are noise; on graded every parameter matters, so the orders agree broadly
        if (name === "graded") assert.ok(spearman(pa, fa) > 0.6, `spearman ${spearman(pa, fa)}`);
      });
    }
  }

  it("gives the parameters that do not matter almost nothing", async () => {
    const imp = getParamImportances(await studyOf(randomTrials(1000, 2, twoOfSix)), { evaluator: new PedAnovaImportanceEvaluator() });
    for (const k of ["y", "z", "n", "lr"]) assert.ok(imp[k]! < 0.02, `${k}: ${imp[k]}`);
  });

  it("maximizing −f gives the importances of minimizing f", async () => {
    const trials = randomTrials(300, 4, graded);
    const min = await studyOf(trials);
    const max = await createStudy({ direction: "maximize" });
    await max.addTrials(trials.map((t) => ({ ...t, value: -(t.value as number), values: [-(t.value as number)] })));
    const e = new PedAnovaImportanceEvaluator();
    assert.deepEqual(getParamImportances(max, { evaluator: e }), getParamImportances(min, { evaluator: e }));
  });

  it("evaluateOnLocal: false compares with the uniform density; regionQuantile narrows the region", async () => {
    const study = await studyOf(randomTrials(500, 6, twoOfSix));
    const global = getParamImportances(study, { evaluator: new PedAnovaImportanceEvaluator({ evaluateOnLocal: false }) });
    assert.deepEqual(top2(global), ["opt", "x"]);
    const local = getParamImportances(study, { evaluator: new PedAnovaImportanceEvaluator({ targetQuantile: 0.05, regionQuantile: 0.3 }) });
    assert.equal(Object.keys(local).length, 6);
    assert.ok(Math.abs(Object.values(local).reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });

  it("returns zeros for two trials or fewer, and rejects bad quantiles with a typed error", async () => {
    const imp = getParamImportances(await studyOf(randomTrials(2, 1, twoOfSix)), { evaluator: new PedAnovaImportanceEvaluator(), normalize: false });
    assert.ok(Object.values(imp).every((v) => v === 0));
    for (const o of [{ targetQuantile: 0 }, { targetQuantile: 0.5, regionQuantile: 0.4 }, { regionQuantile: 1.5 }]) {
      assert.throws(() => new PedAnovaImportanceEvaluator(o), InvalidArgumentError);
    }
    const { warnings } = await captureWarnings(() => new PedAnovaImportanceEvaluator({ regionQuantile: 0.5, evaluateOnLocal: false }));
    assert.deepEqual(warnings.map((w) => w.code), ["PARZEN_PED_ANOVA_REGION_UNUSED"]);
  });

  it("its densities are probability vectors that follow the counts", () => {
    const counts = new Float64Array(50);
    counts[10] = 30;
    counts[11] = 5;
    const p = numericDensity(counts);
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.ok(p[10]! > p[30]! * 10);
    const c = categoricalDensity(Float64Array.from([8, 1, 1]));
    assert.ok(Math.abs(c.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    assert.ok(c[0]! > c[1]! && Math.abs(c[1]! - c[2]!) < 1e-15);
  });

  it("drives the importance plot when passed as its evaluator", async () => {
    const study = await studyOf(randomTrials(200, 3, twoOfSix));
    const info = getParamImportancesInfo(study, { evaluator: new PedAnovaImportanceEvaluator() });
    assert.equal(info.evaluatorName, "PED-ANOVA");
    assert.deepEqual(info.series[0]!.importances.slice(0, 2).map((r) => r.param).sort(), ["opt", "x"]);
  });
});
