import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CategoricalDistribution, FloatDistribution, IntDistribution } from "../../../src/index.js";
import { Rng } from "../../../src/random/rng.js";
import { neighbourBandwidths, ParzenEstimator, paramModel } from "../../../src/samplers/tpe/parzen-estimator.js";

const defaults = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false };

/** Density of N(mu, sigma) truncated to [lo, hi], computed by numeric integration of the normalizer. */
function truncatedDensity(x: number, mu: number, sigma: number, lo: number, hi: number): number {
  const pdf = (t: number) => Math.exp(-0.5 * ((t - mu) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI));
  const n = 4000;
  const h = (hi - lo) / n;
  let z = pdf(lo) + pdf(hi);
  for (let i = 1; i < n; i++) z += (i % 2 ? 4 : 2) * pdf(lo + i * h);
  z = (z * h) / 3;
  return pdf(x) / z;
}

describe("Parzen estimator (reference §1.7–§1.9)", () => {
  it("the §1.8 worked example: observations 2, 3, 7 on [0, 10] get σ = 2, 4, 4", () => {
    assert.deepEqual(Array.from(neighbourBandwidths([2, 3, 7], 0, 10, defaults)), [2, 4, 4]);
    assert.deepEqual(Array.from(neighbourBandwidths([7, 2, 3], 0, 10, defaults)), [4, 2, 4]);
  });

  it("bandwidth edge cases: one observation, endpoints, no clip, duplicates", () => {
    // one observation: max(m − L, H − m), clipped to [R/3, R]
    assert.deepEqual(Array.from(neighbourBandwidths([2], 0, 10, defaults)), [8]);
    // considerEndpoints: the extremes also see the domain ends
    assert.deepEqual(Array.from(neighbourBandwidths([2, 3, 7], 0, 10, { ...defaults, considerEndpoints: true })), [2, 4, 4]);
    assert.deepEqual(Array.from(neighbourBandwidths([1, 2, 3, 4, 5, 6, 9], 0, 10, { ...defaults, considerEndpoints: true })).at(-1), 3);
    // all equal: every σ = σmin = R / min(100, k + 2)
    assert.deepEqual(Array.from(neighbourBandwidths([4, 4, 4], 0, 10, defaults)), [2, 2, 2]);
    assert.deepEqual(Array.from(neighbourBandwidths([4, 4, 4], 0, 10, { ...defaults, considerMagicClip: false })), [1e-12, 1e-12, 1e-12]);
  });

  it("the mixture density is the weighted sum of truncated kernels plus the prior N(5, 10)", () => {
    const m = paramModel("x", new FloatDistribution(0, 10));
    const est = new ParzenEstimator([m], [[2, 3, 7]], [1, 1, 1], defaults);
    const xs = [0, 1.5, 5, 9.99];
    const out = new Float64Array(xs.length);
    est.logPdf([xs], xs.length, out);
    xs.forEach((x, i) => {
      const want =
        0.25 * truncatedDensity(x, 2, 2, 0, 10) +
        0.25 * truncatedDensity(x, 3, 4, 0, 10) +
        0.25 * truncatedDensity(x, 7, 4, 0, 10) +
        0.25 * truncatedDensity(x, 5, 10, 0, 10);
      assert.ok(Math.abs(Math.exp(out[i] as number) - want) < 1e-9, `p(${x}) = ${Math.exp(out[i] as number)}, want ${want}`);
    });
  });

  it("age weights and the prior weight enter the mixture, normalized", () => {
    const m = paramModel("x", new FloatDistribution(0, 10));
    const est = new ParzenEstimator([m], [[2, 3, 7]], [0.5, 1, 1], { ...defaults, priorWeight: 0.5 });
    const out = new Float64Array(1);
    est.logPdf([[4]], 1, out);
    const want =
      (0.5 * truncatedDensity(4, 2, 2, 0, 10) + truncatedDensity(4, 3, 4, 0, 10) + truncatedDensity(4, 7, 4, 0, 10) + 0.5 * truncatedDensity(4, 5, 10, 0, 10)) / 3;
    assert.ok(Math.abs(Math.exp(out[0] as number) - want) < 1e-9);
  });

  it("categorical rows: 3 choices, k = 3 → 0.714 / 0.143 / 0.143 per observation, uniform prior", () => {
    const m = paramModel("c", new CategoricalDistribution(["a", "b", "c"]));
    // three observations of choice 0: mixture = 3/4 · (1.25, .25, .25)/1.75 + 1/4 · (1/3, 1/3, 1/3)
    const est = new ParzenEstimator([m], [[0, 0, 0]], [1, 1, 1], defaults);
    const out = new Float64Array(3);
    est.logPdf([[0, 1, 2]], 3, out);
    const row = [1.25 / 1.75, 0.25 / 1.75, 0.25 / 1.75];
    assert.ok(Math.abs((row[0] as number) - 0.714) < 1e-3 && Math.abs((row[1] as number) - 0.143) < 1e-3);
    row.forEach((r, c) => assert.ok(Math.abs(Math.exp(out[c] as number) - (0.75 * r + 0.25 / 3)) < 1e-12, `P(${c})`));
    assert.ok(Math.abs(Array.from(out).reduce((s, v) => s + Math.exp(v), 0) - 1) < 1e-12);
  });

  it("a stepped int's masses sum to 1 over its grid", () => {
    const m = paramModel("k", new IntDistribution(0, 12, { step: 3 }));
    const est = new ParzenEstimator([m], [[3, 6, 6]], [1, 1, 1], defaults);
    const grid = [0, 3, 6, 9, 12];
    const out = new Float64Array(grid.length);
    est.logPdf([grid], grid.length, out);
    assert.ok(Math.abs(Array.from(out).reduce((s, v) => s + Math.exp(v), 0) - 1) < 1e-12);
    assert.ok((out[2] as number) > (out[0] as number), "6 (observed twice) is likelier than 0");
  });

  it("an int-log parameter's masses sum to 1 over its values", () => {
    const m = paramModel("k", new IntDistribution(1, 50, { log: true }));
    const est = new ParzenEstimator([m], [[2, 30]], [1, 1], defaults);
    const grid = Array.from({ length: 50 }, (_, i) => i + 1);
    const out = new Float64Array(grid.length);
    est.logPdf([grid], grid.length, out);
    assert.ok(Math.abs(Array.from(out).reduce((s, v) => s + Math.exp(v), 0) - 1) < 1e-12);
  });

  it("samples lie in their distributions and follow the kernels", () => {
    const models = [
      paramModel("f", new FloatDistribution(-1, 1)),
      paramModel("lf", new FloatDistribution(1e-3, 1, { log: true })),
      paramModel("sf", new FloatDistribution(0, 1, { step: 0.1 })),
      paramModel("i", new IntDistribution(-3, 3)),
      paramModel("li", new IntDistribution(1, 100, { log: true })),
      paramModel("c", new CategoricalDistribution([1, 2, 3, 4])),
    ];
    const obs = [[0.9, 0.95], [0.5, 0.6], [0.3, 0.3], [2, 3], [50, 60], [3, 3]];
    const est = new ParzenEstimator(models, obs, [1, 1], defaults);
    const s = est.sample(new Rng(0), 2000, 500);
    for (let i = 0; i < 2000; i++) {
      const f = s[0]![i]!;
      assert.ok(f >= -1 && f <= 1);
      assert.ok(s[1]![i]! >= 1e-3 && s[1]![i]! <= 1);
      assert.ok(Math.abs(s[2]![i]! * 10 - Math.round(s[2]![i]! * 10)) < 1e-9 && s[2]![i]! >= 0 && s[2]![i]! <= 1);
      assert.ok(Number.isInteger(s[3]![i]) && s[3]![i]! >= -3 && s[3]![i]! <= 3);
      assert.ok(Number.isInteger(s[4]![i]) && s[4]![i]! >= 1 && s[4]![i]! <= 100);
      assert.ok([0, 1, 2, 3].includes(s[5]![i]!));
    }
    // 2/3 of the mass sits on kernels centred near 0.9: most float draws are positive
    const positive = Array.from(s[0]!).filter((x) => x > 0).length / 2000;
    assert.ok(positive > 0.7, `fraction of positive draws ${positive}`);
    // choice 3 (observed twice): 2/3 · (4/3)/(7/3) + 1/3 · 1/4 = 0.464
    const third = Array.from(s[5]!).filter((x) => x === 3).length / 2000;
    assert.ok(Math.abs(third - 0.464) < 0.035, `fraction of choice 3: ${third}`);
  });

  it("mixed candidates combine parameters of different components; joint ones never do", () => {
    const models = [paramModel("a", new CategoricalDistribution(["x", "y"])), paramModel("b", new CategoricalDistribution(["x", "y"]))];
    // observations (x, x) and (y, y); prior weight 0 makes each observation's row one-hot
    const est = new ParzenEstimator(models, [[0, 1], [0, 1]], [1, 1], { ...defaults, priorWeight: 0 });
    const n = 400;
    const s = est.sample(new Rng(3), n, n / 2);
    let joint = 0;
    let mixed = 0;
    for (let i = 0; i < n; i++) {
      if (s[0]![i] === s[1]![i]) continue;
      if (i < n / 2) joint++;
      else mixed++;
    }
    assert.equal(joint, 0, "a joint candidate took its values from two components");
    // a mixed candidate picks its two components independently: it crosses with probability 1/2
    assert.ok(mixed > 70 && mixed < 130, `${mixed} of ${n / 2} mixed candidates combine the two observations`);
  });
});
