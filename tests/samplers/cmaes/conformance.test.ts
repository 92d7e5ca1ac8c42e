import { CmaEsSampler } from "../../../src/index.js";
import { runSamplerSuite } from "../../../src/testing/conformance/sampler-suite.js";

runSamplerSuite({ name: "CmaEsSampler", create: (seed) => new CmaEsSampler({ seed }) });
runSamplerSuite({ name: "CmaEsSampler separable", create: (seed) => new CmaEsSampler({ seed, useSeparableCma: true }) });
runSamplerSuite({ name: "CmaEsSampler with margin", create: (seed) => new CmaEsSampler({ seed, withMargin: true }) });
runSamplerSuite({ name: "CmaEsSampler lrAdapt + IPOP", create: (seed) => new CmaEsSampler({ seed, lrAdapt: true, restartStrategy: "ipop" }) });
runSamplerSuite({ name: "CmaEsSampler BIPOP, popsize 4", create: (seed) => new CmaEsSampler({ seed, restartStrategy: "bipop", popsize: 4 }) });
