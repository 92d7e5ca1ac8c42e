import { RandomSampler } from "../../src/index.js";
import { runSamplerSuite } from "../../src/testing/conformance/sampler-suite.js";

runSamplerSuite({ name: "RandomSampler", create: (seed) => new RandomSampler({ seed }) });
