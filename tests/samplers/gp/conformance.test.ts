import { GPSampler } from "../../../src/index.js";
import { runSamplerSuite } from "../../../src/testing/conformance/sampler-suite.js";

runSamplerSuite({ name: "GPSampler (defaults)", create: (seed) => new GPSampler({ seed }) });
runSamplerSuite({
  name: "GPSampler (deterministic, 3 startup trials)",
  create: (seed) => new GPSampler({ seed, deterministicObjective: true, nStartupTrials: 3 }),
  nTrials: 20,
});
