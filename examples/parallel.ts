/**
 * CPU-bound trials on worker threads (piscina): the objective is a module whose default export
 * runs in the workers; the main thread keeps the study and the sampler. With a progress bar.
 *
 *   npx tsx examples/parallel.ts [nTrials] [nJobs]
 */
import { createStudy, TPESampler } from "../src/index.js";

const nTrials = Number(process.argv[2] ?? 40);
const nJobs = Number(process.argv[3] ?? 2);
const study = await createStudy({ sampler: new TPESampler({ seed: 3 }) });
const t0 = performance.now();
await study.optimize(new URL("./parallel-objective.ts", import.meta.url), { nTrials, nJobs, showProgressBar: true });
const seconds = (performance.now() - t0) / 1000;
console.log(`${nTrials} trials on ${nJobs} worker threads in ${seconds.toFixed(1)} s`);
console.log(`best value ${study.bestValue.toFixed(4)} at ${JSON.stringify(study.bestParams)}`);
