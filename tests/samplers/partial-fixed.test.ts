/** PartialFixedSampler: fixed values for the pinned names, the base sampler for the rest. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { captureWarnings, CmaEsSampler, createStudy, InvalidArgumentError, PartialFixedSampler, TPESampler, type Trial } from "../../src/index.js";
import { runSamplerSuite } from "../../src/testing/conformance/sampler-suite.js";

runSamplerSuite({
  name: "PartialFixedSampler over TPE",
  create: (seed) => new PartialFixedSampler({ fixedParams: { int: 2, cat: true }, baseSampler: new TPESampler({ seed }) }),
});

const f = (t: Trial): number => (t.suggestFloat("x", -5, 5) - 1) ** 2 + (t.suggestFloat("y", -5, 5) + 1) ** 2 + t.suggestInt("n", 0, 10);

describe("PartialFixedSampler", () => {
  it("pins the fixed names and lets a relative base sampler (CMA-ES) search the others", async () => {
    const study = await createStudy({ sampler: new PartialFixedSampler({ fixedParams: { y: 0.5 }, baseSampler: new CmaEsSampler({ seed: 1 }) }) });
    await study.optimize(f, { nTrials: 120 });
    assert.ok(study.trials.every((t) => t.params.y === 0.5));
    const later = study.trials.slice(20);
    assert.ok(later.every((t) => typeof t.systemAttrs["cma:generation"] === "number"), "x and n came from CMA-ES");
    assert.ok(Math.abs((study.bestTrial.params.x as number) - 1) < 0.2);
    assert.equal(study.bestTrial.params.n, 0);
    const evo = study.trials.find((t) => t.systemAttrs["cma:optimizer:chunks"] !== undefined)!;
    assert.ok(!String(evo.systemAttrs["cma:optimizer:0"]).includes('"y"'), "y is not in the CMA-ES space");
  });

  it("uses an out-of-range fixed value with a warning", async () => {
    const study = await createStudy({ sampler: new PartialFixedSampler({ fixedParams: { n: 42 }, baseSampler: new TPESampler({ seed: 2 }) }) });
    const { warnings } = await captureWarnings(() => study.optimize(f, { nTrials: 3 }));
    assert.ok(study.trials.every((t) => t.params.n === 42));
    assert.ok(warnings.some((w) => w.code === "PARZEN_FIXED_PARAM_OUT_OF_RANGE" && w.message.includes('"n"')));
  });

  it("rejects missing options with a typed error", () => {
    assert.throws(() => new PartialFixedSampler({ fixedParams: null as never, baseSampler: new TPESampler() }), InvalidArgumentError);
    assert.throws(() => new PartialFixedSampler({ fixedParams: {}, baseSampler: {} as never }), InvalidArgumentError);
  });
});
