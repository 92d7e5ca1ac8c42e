/**
 * `npm run demo`: a real study on the mixed search space of the public benchmark
 * (log-scaled learning rate, integer layers, categorical activation, float dropout), stored in
 * storage/demo.db: each run continues the same study. Prints the best trial and writes every
 * plot into one offline HTML report, reports/demo.html.
 */
import { mkdirSync } from "node:fs";
import { createStudy } from "../src/index.js";
import { writeReport } from "../src/visualization/index.js";

const study = await createStudy({
  studyName: "demo",
  storage: "sqlite:///storage/demo.db",
  direction: "minimize",
  loadIfExists: true,
});
const before = study.trials.length;
await study.optimize(
  (trial) => {
    const lr = trial.suggestFloat("lr", 1e-5, 1e-1, { log: true });
    const layers = trial.suggestInt("layers", 1, 8);
    const act = trial.suggestCategorical("act", ["relu", "tanh", "sigmoid"]);
    const dropout = trial.suggestFloat("dropout", 0, 0.5);
    return (Math.log10(lr) + 3) ** 2 + 0.3 * (layers - 4) ** 2 + { relu: 0, tanh: 0.5, sigmoid: 1.5 }[act] + 4 * (dropout - 0.2) ** 2;
  },
  { nTrials: 60 },
);
const best = study.bestTrial;
console.log(`study "${study.studyName}" in storage/demo.db: ${study.trials.length} trials (${before} from earlier runs)`);
console.log(`best trial #${best.number}: value ${best.value?.toPrecision(6)}`);
console.log(`  params ${JSON.stringify(best.params)}`);
mkdirSync("reports", { recursive: true });
await writeReport(study, "reports/demo.html", { title: "parzen demo: the mixed search space" });
console.log("report: reports/demo.html (open it in a browser; it works offline)");
