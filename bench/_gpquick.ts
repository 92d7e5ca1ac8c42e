import { createStudy, setWarningSink } from "../src/index.js";
import { GPSampler } from "../src/samplers/gp/sampler.js";
import { selectFunctions } from "./functions.js";
setWarningSink(() => undefined);
const fns = selectFunctions(process.argv[2] ?? "branin,hartmann6");
const seeds = Number(process.argv[3] ?? 3);
const n = Number(process.argv[4] ?? 100);
for (const fn of fns) {
  const regs: number[] = [];
  const t0 = Date.now();
  for (let s = 0; s < seeds; s++) {
    const study = await createStudy({ sampler: new GPSampler({ seed: s }) });
    await study.optimize(fn.make(s), { nTrials: n });
    let best = Infinity, bt: any;
    for (const t of study.trials) if (t.state === "COMPLETE" && (t.value as number) < best) { best = t.value as number; bt = t; }
    regs.push(((bt.userAttrs.trueValue as number | undefined) ?? best) - fn.optimum);
  }
  regs.sort((a, b) => a - b);
  console.log(fn.name, "median", regs[Math.floor(seeds / 2)], regs.map((r) => r.toExponential(2)).join(" "), `${((Date.now() - t0) / seeds / n).toFixed(1)} ms/trial`);
}
