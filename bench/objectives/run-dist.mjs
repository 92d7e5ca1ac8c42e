// Times one optimize call of the built package (dist/) on the plain-JS CPU objective:
//   node bench/objectives/run-dist.mjs <nTrials> <nJobs>   → prints the wall time in ms
import { createStudy, RandomSampler } from "../../dist/index.js";

const [nTrials, nJobs] = process.argv.slice(2).map(Number);
const study = await createStudy({ sampler: new RandomSampler({ seed: 0 }) });
const t0 = performance.now();
await study.optimize(new URL("./cpu50.mjs", import.meta.url), { nTrials, nJobs });
const ms = performance.now() - t0;
if (study.getTrials({ states: ["COMPLETE"] }).length !== nTrials) throw new Error("not every trial completed");
console.log(ms.toFixed(1));
