import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AutoSampler, createStudy, GPSampler, TPESampler, type Sampler, type Trial } from "../../../src/index.js";
import { Rng } from "../../../src/random/rng.js";
import { categoricalPValue } from "../../../src/samplers/tpe/relevance.js";

/** branin plus a categorical the objective ignores. */
const flatCat = (t: Trial): number => {
  t.suggestCategorical("unused", ["a", "b", "c", "d"]);
  const x0 = t.suggestFloat("x0", -5, 10);
  const x1 = t.suggestFloat("x1", 0, 15);
  return (x1 - (5.1 / (4 * Math.PI ** 2)) * x0 ** 2 + (5 / Math.PI) * x0 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x0) + 10;
};

async function lateShare(sampler: Sampler): Promise<number> {
  const study = await createStudy({ sampler });
  await study.optimize(flatCat, { nTrials: 100 });
  const late = study.trials.slice(50).map((t) => t.params.unused);
  const counts = new Map<unknown, number>();
  for (const c of late) counts.set(c, (counts.get(c) ?? 0) + 1);
  return Math.max(...counts.values()) / late.length;
}

describe("categorical relevance test", () => {
  it("finds a real effect and not a drift that only follows time", () => {
    const rng = new Rng(1);
    const n = 80;
    // losses improve over time; the choice drifts towards 0 over time but has no effect
    const drift = Array.from({ length: n }, (_, i) => (rng.random() < i / n ? 0 : 1 + rng.int(3)));
    const trend = Array.from({ length: n }, (_, i) => 10 - i / 10 + rng.normal());
    const pDrift = categoricalPValue(trend, drift, 4, new Rng(2));
    // without blocks the drift would look like an effect: the choice-0 trials are the late, good ones
    const lossesOf0 = trend.filter((_, i) => drift[i] === 0);
    const others = trend.filter((_, i) => drift[i] !== 0);
    assert.ok(lossesOf0.reduce((a, b) => a + b, 0) / lossesOf0.length < others.reduce((a, b) => a + b, 0) / others.length - 1);
    assert.ok(pDrift > 0.1, `p for a pure drift = ${pDrift}`);
    // the same trend, choice 0 now lowers the loss by 1.5
    const effect = trend.map((v, i) => v - (drift[i] === 0 ? 1.5 : 0));
    const pEffect = categoricalPValue(effect, drift, 4, new Rng(2));
    assert.ok(pEffect < 0.05, `p for a real effect = ${pEffect}`);
    // too little data: no verdict (p = 1)
    assert.equal(categoricalPValue([1, 2, 3], [0, 1, 0], 2, new Rng(3)), 1);
  });

  it("TPE, GP and Auto spread late draws of an ignored categorical (no choice above 50%)", async () => {
    // seed 3: with `categoricalRelevanceTest: false`, TPE puts 60% of these draws on one choice
    const off = await lateShare(new TPESampler({ seed: 3, categoricalRelevanceTest: false }));
    assert.ok(off > 0.5, `without the test: ${off}`);
    for (const [name, sampler] of [
      ["tpe", new TPESampler({ seed: 3 })],
      ["gp", new GPSampler({ seed: 3 })],
      ["auto", new AutoSampler({ seed: 3 })],
    ] as const) {
      const share = await lateShare(sampler);
      assert.ok(share <= 0.5, `${name}: ${share} of trials 50..99 on one choice`);
    }
  });
});
