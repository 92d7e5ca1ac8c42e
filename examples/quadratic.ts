/**
 * The README's first study: minimize (x - 2)² with TPE, stored in storage/quadratic.db and
 * resumed on the next run (loadIfExists), so each run adds 100 trials to the same study.
 *
 *   npx tsx examples/quadratic.ts [nTrials]
 */
import { createStudy, TPESampler } from "../src/index.js";

const nTrials = Number(process.argv[2] ?? 100);
const study = await createStudy({
  studyName: "quadratic",
  storage: "sqlite:///storage/quadratic.db", // omit for in-memory
  direction: "minimize",
  sampler: new TPESampler({ seed: 42 }),
  loadIfExists: true, // resume from disk
});
await study.optimize((trial) => {
  const x = trial.suggestFloat("x", -10, 10);
  return (x - 2) ** 2;
}, { nTrials });
console.log(study.bestParams, study.bestValue);
console.log(`trials in the study: ${study.trials.length}`);
