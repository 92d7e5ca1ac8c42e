import { QMCSampler } from "../../../src/index.js";
import { runSamplerSuite } from "../../../src/testing/conformance/sampler-suite.js";

const reseed = {
  test: "reseed" as const,
  reason: "the sequence is fixed by the seed so that every process draws from the same one; reseedRng only reseeds an independentSampler passed in",
};
runSamplerSuite({ name: "QMCSampler sobol", create: (seed) => new QMCSampler({ seed }), skip: [reseed] });
runSamplerSuite({ name: "QMCSampler halton", create: (seed) => new QMCSampler({ seed, qmcType: "halton" }), skip: [reseed] });
