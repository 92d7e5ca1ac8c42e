/**
 * A study on storage/resume.db that survives Ctrl-C and kill -9: run it, stop it at any moment,
 * run it again — it continues with the next trial number, finished trials are all there, and a
 * trial that was running when the process died is marked FAIL (after its heartbeat goes stale).
 *
 *   npx tsx examples/resume.ts [nTrials]    # Ctrl-C it, then run it again
 */
import { createStudy, TPESampler } from "../src/index.js";

const study = await createStudy({
  studyName: "resume-example",
  storage: "sqlite:///storage/resume.db",
  sampler: new TPESampler({ seed: 11 }),
  loadIfExists: true,
});
const done = study.getTrials({ states: ["COMPLETE"] }).length;
console.log(`study "${study.studyName}": ${study.trials.length} trials on disk (${done} complete); continuing`);
await study.optimize(
  async (trial) => {
    const x = trial.suggestFloat("x", -5, 5);
    const y = trial.suggestFloat("y", -5, 5);
    await new Promise((r) => setTimeout(r, 100)); // a slow objective: plenty of time to press Ctrl-C
    return (x - 1) ** 2 + (y + 1) ** 2;
  },
  { nTrials: Number(process.argv[2] ?? 30) },
);
console.log(`now ${study.trials.length} trials; best ${study.bestValue.toFixed(5)} (trial #${study.bestTrial.number})`);
