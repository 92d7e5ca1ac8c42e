import { TPESampler } from "../../../src/index.js";
import { runSamplerSuite } from "../../../src/testing/conformance/sampler-suite.js";

runSamplerSuite({ name: "TPESampler (defaults)", create: (seed) => new TPESampler({ seed }) });
runSamplerSuite({
  name: "TPESampler (independent, no startup)",
  create: (seed) => new TPESampler({ seed, multivariate: false, group: false, nStartupTrials: 0 }),
  nTrials: 25,
});
