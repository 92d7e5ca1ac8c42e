/**
 * Renders every plot of a 100-trial study (mixed float / log / int / categorical parameters,
 * learning curves, some pruned trials) to PNG, and the whole report to one offline HTML file.
 *
 *   npx tsx examples/plots.ts [outDir]     # default: out/plots
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createStudy, MedianPruner, RandomSampler, TrialPruned } from "../src/index.js";
import {
  plotContour,
  plotEdf,
  plotIntermediateValues,
  plotOptimizationHistory,
  plotParallelCoordinate,
  plotParamImportances,
  plotRank,
  plotSlice,
  plotTimeline,
  toPNG,
  writeReport,
} from "../src/visualization/index.js";

const outDir = process.argv[2] ?? "out/plots";
mkdirSync(outDir, { recursive: true });

const study = await createStudy({
  studyName: "mlp-tuning",
  sampler: new RandomSampler({ seed: 7 }),
  pruner: new MedianPruner({ nStartupTrials: 10, nWarmupSteps: 8 }),
});
await study.optimize(
  async (trial) => {
    const lr = trial.suggestFloat("learning_rate", 1e-5, 1e-1, { log: true });
    const dropout = trial.suggestFloat("dropout", 0, 0.6);
    const layers = trial.suggestInt("n_layers", 1, 6);
    const optimizer = trial.suggestCategorical("optimizer", ["sgd", "adam", "rmsprop"]);
    // A made-up validation loss: best near lr = 1e-3 with adam, a little dropout, 3 layers.
    const final =
      0.15 +
      0.12 * (Math.log10(lr) + 3) ** 2 +
      0.4 * (dropout - 0.2) ** 2 +
      0.03 * (layers - 3) ** 2 +
      (optimizer === "adam" ? 0 : optimizer === "rmsprop" ? 0.05 : 0.15);
    for (let epoch = 0; epoch < 20; epoch++) {
      const loss = final + 1.5 * Math.exp(-epoch / (3 + layers));
      trial.report(loss, epoch);
      if (trial.shouldPrune()) throw new TrialPruned();
    }
    return final;
  },
  { nTrials: 100 },
);

const plots = {
  history: plotOptimizationHistory(study),
  importances: plotParamImportances(study),
  slice: plotSlice(study),
  parallel: plotParallelCoordinate(study),
  contour: plotContour(study, { params: ["learning_rate", "dropout"] }),
  rank: plotRank(study),
  edf: plotEdf(study),
  intermediate: plotIntermediateValues(study),
  timeline: plotTimeline(study),
};
for (const [name, spec] of Object.entries(plots)) {
  writeFileSync(join(outDir, `${name}.png`), await toPNG(spec));
  writeFileSync(join(outDir, `${name}.vl.json`), JSON.stringify(spec));
}
await writeReport(study, join(outDir, "report.html"));
console.log(`wrote ${Object.keys(plots).length} PNGs and report.html to ${outDir}`);
