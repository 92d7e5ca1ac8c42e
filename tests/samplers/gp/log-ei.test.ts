import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dLogH, logEI, logH, logNormalCdf } from "../../../src/samplers/gp/log-ei.js";

/** Φ by a slow, plain series (|z| ≤ 6): ½ + φ(z)·Σ z^(2k+1)/(1·3·…·(2k+1)). */
function cdfSeries(z: number): number {
  let term = z;
  let sum = z;
  for (let k = 1; k < 400; k++) {
    term *= (z * z) / (2 * k + 1);
    sum += term;
  }
  return 0.5 + (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)) * sum;
}
const directLogH = (z: number): number => Math.log(z * cdfSeries(z) + Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI));

describe("logEI", () => {
  it("matches log(zΦ(z) + φ(z)) computed directly where that is stable", () => {
    for (let z = -5; z <= 5; z += 0.125) {
      const a = logH(z);
      const b = directLogH(z);
      assert.ok(Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `z=${z}: ${a} vs ${b}`);
    }
  });

  it("is continuous across its branch at z = −1", () => {
    const below = logH(-1 - 1e-12);
    const above = logH(-1 + 1e-12);
    assert.ok(Math.abs(below - above) < 1e-9);
  });

  it("follows the asymptote −z²/2 − ln√(2π) − 2 ln|z| + ln(1 − 3/z²) far out, and stays finite", () => {
    for (const z of [-30, -100, -1e3, -1e5]) {
      const asym = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z) + Math.log1p(-3 / (z * z));
      const v = logH(z);
      assert.ok(Number.isFinite(v));
      assert.ok(Math.abs(v - asym) < 1e-6 * Math.abs(asym) + 20 / z ** 4, `z=${z}: ${v} vs ${asym}`);
    }
    // past 1/√ε the plain asymptote is used: still finite and decreasing
    assert.ok(Number.isFinite(logH(-1e9)) && logH(-1e9) < logH(-1e8));
    // the naive formula underflows to −∞ long before
    assert.equal(Math.log(Math.exp(-0.5 * 40 * 40)), Number.NEGATIVE_INFINITY);
  });

  it("log Φ matches the series and its lower-tail asymptote", () => {
    for (let z = -3; z <= 5; z += 0.5) assert.ok(Math.abs(logNormalCdf(z) - Math.log(cdfSeries(z))) < 1e-9, `z=${z}`);
    const z = -40;
    const asym = -0.5 * z * z - Math.log(-z) - 0.5 * Math.log(2 * Math.PI) + Math.log1p(-1 / (z * z));
    assert.ok(Math.abs(logNormalCdf(z) - asym) < 1e-5);
  });

  it("d log h / dz and the gradients in mean and variance agree with finite differences", () => {
    for (const z of [-60, -8, -2, -0.5, 0, 1.5, 4]) {
      const h = 1e-6 * Math.max(1, Math.abs(z));
      const fd = (logH(z + h) - logH(z - h)) / (2 * h);
      assert.ok(Math.abs(dLogH(z) - fd) < 1e-5 * Math.max(1, Math.abs(fd)), `z=${z}: ${dLogH(z)} vs ${fd}`);
    }
    for (const [mean, variance, best] of [[0.2, 0.5, 1], [-3, 0.01, 1], [2, 1e-4, 1.5]] as const) {
      const g = { dMean: 0, dVar: 0 };
      logEI(mean, variance, best, g);
      const hm = 1e-6;
      const hv = 1e-4 * variance;
      const fdm = (logEI(mean + hm, variance, best) - logEI(mean - hm, variance, best)) / (2 * hm);
      const fdv = (logEI(mean, variance + hv, best) - logEI(mean, variance - hv, best)) / (2 * hv);
      assert.ok(Math.abs(g.dMean - fdm) < 1e-4 * Math.max(1, Math.abs(fdm)), `dMean ${g.dMean} vs ${fdm}`);
      assert.ok(Math.abs(g.dVar - fdv) < 1e-4 * Math.max(1, Math.abs(fdv)), `dVar ${g.dVar} vs ${fdv}`);
    }
  });
});
