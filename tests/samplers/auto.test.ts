import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AUTO_LIMITS,
  AUTO_SAMPLER_KEY,
  AutoSampler,
  createStudy,
  createTrial,
  FloatDistribution,
  InvalidArgumentError,
  type Trial,
} from "../../src/index.js";
import { runSamplerSuite } from "../../src/testing/conformance/sampler-suite.js";

runSamplerSuite({ name: "AutoSampler", create: (seed) => new AutoSampler({ seed }) });

const quadratic = (t: Trial): number => (t.suggestFloat("x", -3, 3) - 1) ** 2 + (t.suggestFloat("y", -3, 3) + 0.5) ** 2;
const choices = async (study: { trials: readonly { systemAttrs: Record<string, unknown> }[] }) => study.trials.map((t) => t.systemAttrs[AUTO_SAMPLER_KEY]);

describe("AutoSampler", () => {
  it("is the default sampler of createStudy", async () => {
    const study = await createStudy();
    assert.ok(study.sampler instanceof AutoSampler);
  });

  it("rejects unknown options and bad seeds with typed errors", () => {
    assert.throws(() => new AutoSampler({ seed: {} } as never), (e: unknown) => e instanceof InvalidArgumentError && /`seed`/.test(e.message));
    assert.throws(() => new AutoSampler({ nTrials: 3 } as never), (e: unknown) => e instanceof InvalidArgumentError && /unknown option "nTrials"/.test(e.message));
  });

  it("alternates GP and TPE on a numeric single-objective study and records it per trial", async () => {
    const study = await createStudy({ sampler: new AutoSampler({ seed: 1 }) });
    await study.optimize(quadratic, { nTrials: 25 });
    assert.deepEqual(await choices(study), Array.from({ length: 25 }, (_, i) => (i % 2 === 0 ? "GPSampler" : "TPESampler")));
    assert.ok(study.bestValue < 0.05, `best ${study.bestValue}`);
    // after the startup, each sampler stores its own relative sample
    assert.ok(study.trials[20]!.systemAttrs["gp:relative_params"] !== undefined);
    assert.ok(study.trials[21]!.systemAttrs["tpe:relative_params"] !== undefined);
  });

  it("switches to TPE for good once the space turns out conditional", async () => {
    const study = await createStudy({ sampler: new AutoSampler({ seed: 2 }) });
    await study.optimize(
      (t) => {
        if (t.number < 5) return t.suggestFloat("x", 0, 1);
        return t.suggestCategorical("m", ["a", "b"]) === "a" ? t.suggestFloat("x", 0, 1) : 0.5;
      },
      { nTrials: 12 },
    );
    const c = await choices(study);
    assert.deepEqual(c.slice(0, 6), ["GPSampler", "TPESampler", "GPSampler", "TPESampler", "GPSampler", "TPESampler"]);
    assert.deepEqual(c.slice(6), new Array(6).fill("TPESampler"));
  });

  it("uses TPE for several objectives and for many categorical choices", async () => {
    const mo = await createStudy({ sampler: new AutoSampler({ seed: 3 }), directions: ["minimize", "maximize"] });
    await mo.optimize((t) => [t.suggestFloat("x", 0, 1), t.suggestFloat("y", 0, 1)], { nTrials: 12 });
    assert.deepEqual(await choices(mo), new Array(12).fill("TPESampler"));
    const names = Array.from({ length: AUTO_LIMITS.maxCategoricalChoices + 1 }, (_, i) => `c${i}`);
    const cat = await createStudy({ sampler: new AutoSampler({ seed: 4 }) });
    await cat.optimize((t) => (t.suggestCategorical("k", names) === "c3" ? 0 : 1) + t.suggestFloat("x", 0, 1), { nTrials: 12 });
    const c = await choices(cat);
    assert.equal(c[0], "GPSampler"); // nothing finished yet: nothing known about the space (trial 0 is even)
    assert.deepEqual(c.slice(1), new Array(11).fill("TPESampler"));
  });

  it("uses TPE for good once a finished trial carries constraints", async () => {
    const study = await createStudy({ sampler: new AutoSampler({ seed: 6 }) });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat("x", 0, 1);
        if (t.number >= 3) t.setConstraint("c", x - 0.5);
        return x;
      },
      { nTrials: 8 },
    );
    const c = await choices(study);
    assert.deepEqual(c.slice(0, 4), ["GPSampler", "TPESampler", "GPSampler", "TPESampler"]);
    assert.deepEqual(c.slice(5), ["TPESampler", "TPESampler", "TPESampler"]);
  });

  it("hands over to TPE once the study has maxGpTrials finished trials", async () => {
    const study = await createStudy({ sampler: new AutoSampler({ seed: 5 }) });
    const d = new FloatDistribution(0, 1);
    await study.addTrials(
      Array.from({ length: AUTO_LIMITS.maxGpTrials }, (_, i) => createTrial({ state: "COMPLETE", value: ((i * 7919) % 1000) / 1000, params: { x: (i % 997) / 997 }, distributions: { x: d } })),
    );
    await study.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
    const c = await choices(study);
    assert.deepEqual(c.slice(-2), ["TPESampler", "TPESampler"]);
  });
});
