// Another process writing to the study while the dashboard serves it (bench part "dashboard"):
// one trial every `every` ms until killed.
import { createStudy, RandomSampler } from "../src/index.js";

const [storage, studyName, every] = process.argv.slice(2) as [string, string, string];
const study = await createStudy({ storage, studyName, loadIfExists: true, sampler: new RandomSampler({ seed: 99 }) });
for (;;) {
  await study.optimize((t) => t.suggestFloat("x", -5, 5) ** 2 + t.suggestFloat("y", 1e-3, 10, { log: true }) + Number(t.suggestCategorical("c", ["a", "b"]) === "b"), { nTrials: 1 });
  await new Promise((r) => setTimeout(r, Number(every)));
}
