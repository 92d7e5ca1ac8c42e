/**
 * `npm run bench -- importance [repeats]`: time of getParamImportances (fANOVA and MDI,
 * 64 trees; PED-ANOVA) for growing numbers of trials and parameters (random uniform parameters,
 * an additive objective), then PED-ANOVA against fANOVA on the known-importance studies of
 * tests/importance (top-2 and Spearman's ρ with fANOVA and with the true order).
 */
import { createTrial, FanovaImportanceEvaluator, FloatDistribution, type FrozenTrial, getParamImportances, MeanDecreaseImpurityImportanceEvaluator, PedAnovaImportanceEvaluator } from "../src/index.js";
import { Rng } from "../src/random/rng.js";
import { graded, randomTrials, spearman, studyOf, twoOfSix } from "../tests/importance/helpers.js";
import { fmt, median, printTable, writeResult } from "./util.js";

function study(nTrials: number, nParams: number): { directions: ["minimize"]; getTrials: () => FrozenTrial[] } {
  const rng = new Rng(1);
  const d = new FloatDistribution(0, 1);
  const trials: FrozenTrial[] = [];
  for (let i = 0; i < nTrials; i++) {
    const params: Record<string, number> = {};
    const dists: Record<string, FloatDistribution> = {};
    for (let j = 0; j < nParams; j++) {
      params[`x${j}`] = rng.random();
      dists[`x${j}`] = d;
    }
    const v = 5 * ((params.x0 as number) - 0.5) ** 2 + 2 * (params.x1 as number) + 0.5 * Math.sin(6 * (params.x2 as number)) + 0.05 * rng.normal();
    trials.push({ ...createTrial({ params, distributions: dists, value: v }), number: i, trialId: i });
  }
  return { directions: ["minimize"], getTrials: () => trials };
}

export async function run(args: string[]): Promise<void> {
  const repeats = Number(args[0] ?? 3);
  const rows: (string | number)[][] = [];
  const out: Record<string, unknown>[] = [];
  const forest = [["fANOVA", () => new FanovaImportanceEvaluator({ seed: 0 })], ["MDI", () => new MeanDecreaseImpurityImportanceEvaluator({ seed: 0 })]] as const;
  const ped = [["PED-ANOVA", () => new PedAnovaImportanceEvaluator()]] as const;
  for (const [n, p] of [[100, 10], [1000, 10], [3000, 10], [10000, 4], [10000, 10]] as const) {
    const s = study(n, p);
    for (const [name, make] of [...forest, ...ped]) {
      const ms: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now();
        getParamImportances(s, { evaluator: make() });
        ms.push(performance.now() - t0);
      }
      rows.push([name, String(n), String(p), median(ms), Math.min(...ms)]);
      out.push({ evaluator: name, trials: n, params: p, medianMs: median(ms), minMs: Math.min(...ms) });
    }
  }
  printTable(["evaluator", "trials", "params", "median ms", "min ms"], rows);
  // PED-ANOVA vs fANOVA on the known-importance studies (true order of graded: x > opt > n > lr > y > z)
  const truth = { x: 6, opt: 5, n: 4, lr: 3, y: 2, z: 1 };
  const cmp: (string | number)[][] = [];
  const agreement: Record<string, unknown>[] = [];
  for (const [name, f] of [["twoOfSix", twoOfSix], ["graded", graded]] as const) {
    for (const n of [200, 1000]) {
      const s = await studyOf(randomTrials(n, 1, f));
      const fa = getParamImportances(s, { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
      const pa = getParamImportances(s, { evaluator: new PedAnovaImportanceEvaluator() });
      const top = (r: Record<string, number>) => Object.keys(r).slice(0, 2).join(",");
      const same = [...Object.keys(fa).slice(0, 2)].sort().join() === [...Object.keys(pa).slice(0, 2)].sort().join();
      const rhoTruth = name === "graded" ? [spearman(fa, truth), spearman(pa, truth)] : [Number.NaN, Number.NaN];
      cmp.push([name, String(n), top(fa), top(pa), same ? "yes" : "NO", spearman(pa, fa), rhoTruth[0]!, rhoTruth[1]!]);
      agreement.push({ study: name, trials: n, fanova: fa, pedAnova: pa, sameTop2: same, rhoFanova: spearman(pa, fa), rhoTruth });
    }
  }
  console.log("\nPED-ANOVA vs fANOVA on the known-importance studies (tests/importance/helpers.ts)");
  printTable(["study", "trials", "fANOVA top-2", "PED-ANOVA top-2", "same top-2", "ρ(PED, fANOVA)", "ρ(fANOVA, truth)", "ρ(PED, truth)"], cmp.map((r) => r.map((c) => (typeof c === "number" && Number.isNaN(c) ? "-" : typeof c === "number" && !Number.isInteger(c) ? fmt(c) : c))));
  console.log(`written ${writeResult("importance", { timing: out, agreement })}`);
}
