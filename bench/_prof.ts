import { createStudy, TPESampler } from "../src/index.js";
const study = await createStudy({ sampler: new TPESampler({ seed: 0 }) });
for (let i = 0; i < 1000; i++) {
  const trial = await study.ask();
  let s = 0;
  for (let p = 0; p < 10; p++) s += trial.suggestFloat(`x${p}`, -10, 10) ** 2;
  await study.tell(trial, s);
}
