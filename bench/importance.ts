/**
 * `npm run bench -- importance`: time of getParamImportances (fANOVA and MDI, 64 trees) for
 * growing numbers of trials and parameters (random uniform parameters, an additive objective).
 */
import { createTrial, FanovaImportanceEvaluator, FloatDistribution, type FrozenTrial, getParamImportances, MeanDecreaseImpurityImportanceEvaluator } from "../src/index.js";
import { Rng } from "../src/random/rng.js";
import { median, printTable, writeResult } from "./util.js";

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
  for (const [n, p] of [[100, 10], [1000, 10], [3000, 10], [10000, 4]] as const) {
    const s = study(n, p);
    for (const [name, make] of [["fANOVA", () => new FanovaImportanceEvaluator({ seed: 0 })], ["MDI", () => new MeanDecreaseImpurityImportanceEvaluator({ seed: 0 })]] as const) {
      const ms: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now();
        getParamImportances(s, { evaluator: make() });
        ms.push(performance.now() - t0);
      }
      rows.push([name, n, p, median(ms), Math.min(...ms)]);
      out.push({ evaluator: name, trials: n, params: p, medianMs: median(ms), minMs: Math.min(...ms) });
    }
  }
  printTable(["evaluator", "trials", "params", "median ms", "min ms"], rows);
  console.log(`written ${writeResult("importance", out)}`);
}
