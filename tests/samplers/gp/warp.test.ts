import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fitYeoJohnson, standardizeInPlace, warpInPlace, yeoJohnson, yeoJohnsonLogLikelihood } from "../../../src/samplers/gp/warp.js";
import { Rng } from "../../../src/random/rng.js";

/** ψ_λ⁻¹, by the closed forms of each branch. */
function inverseYeoJohnson(v: number, lambda: number): number {
  if (v >= 0) return Math.abs(lambda) < 1e-9 ? Math.expm1(v) : Math.pow(lambda * v + 1, 1 / lambda) - 1;
  const l2 = 2 - lambda;
  return Math.abs(l2) < 1e-9 ? -Math.expm1(-v) : 1 - Math.pow(1 - l2 * v, 1 / l2);
}

describe("Yeo-Johnson output warping", () => {
  it("matches the four closed-form branches", () => {
    assert.equal(yeoJohnson(3, 1), 3); // λ = 1 is the identity
    assert.equal(yeoJohnson(-2.5, 1), -2.5);
    assert.ok(Math.abs(yeoJohnson(3, 0) - Math.log(4)) < 1e-15);
    assert.ok(Math.abs(yeoJohnson(3, 2) - (16 - 1) / 2) < 1e-15);
    assert.ok(Math.abs(yeoJohnson(-3, 2) - -Math.log(4)) < 1e-15);
    assert.ok(Math.abs(yeoJohnson(-3, 0.5) - -(Math.pow(4, 1.5) - 1) / 1.5) < 1e-12);
    // continuous at the λ = 0 and λ = 2 special cases
    assert.ok(Math.abs(yeoJohnson(3, 1e-7) - Math.log(4)) < 1e-6);
    assert.ok(Math.abs(yeoJohnson(-3, 2 - 1e-7) - -Math.log(4)) < 1e-6);
  });

  it("is strictly increasing for every λ searched, so the best trial stays the best", () => {
    for (const lambda of [-1, -0.3, 0, 0.7, 1, 1.5, 2, 3]) {
      let prev = Number.NEGATIVE_INFINITY;
      for (let x = -20; x <= 20; x += 0.25) {
        const v = yeoJohnson(x, lambda);
        assert.ok(v > prev, `λ=${lambda} x=${x}`);
        prev = v;
      }
    }
  });

  it("recovers λ from data made Gaussian by that λ", () => {
    const rng = new Rng(7);
    for (const lambda of [0.3, 1, 1.8]) {
      const x = Float64Array.from({ length: 2000 }, () => inverseYeoJohnson(rng.normal(), lambda));
      const got = fitYeoJohnson(x);
      assert.ok(Math.abs(got - lambda) < 0.15, `λ=${lambda}: fitted ${got}`);
      // the fitted λ is a maximum of the profile likelihood
      const ll = yeoJohnsonLogLikelihood(x, got);
      assert.ok(ll >= yeoJohnsonLogLikelihood(x, got - 0.05) && ll >= yeoJohnsonLogLikelihood(x, got + 0.05));
    }
  });

  it("pulls in a heavy bad tail (rosenbrock values, maximized) and leaves Gaussian values nearly alone", () => {
    const rng = new Rng(3);
    const rosenbrock = (x: number[]): number => x.slice(1).reduce((s, b, i) => s + 100 * (b - (x[i] as number) ** 2) ** 2 + (1 - (x[i] as number)) ** 2, 0);
    // "higher is better": the negated values of 100 random points of [-5, 10]^4
    const y = Float64Array.from({ length: 100 }, () => -rosenbrock(Array.from({ length: 4 }, () => -5 + 15 * rng.random())));
    const skew = (v: Float64Array): number => {
      const z = v.slice();
      standardizeInPlace(z);
      return z.reduce((s, x) => s + x ** 3, 0) / z.length;
    };
    const before = skew(y);
    const lambda = warpInPlace(y);
    assert.ok(before < -0.5, `rosenbrock's values are skewed: ${before}`);
    assert.ok(lambda > 1.2, `a left tail bends with λ > 1, got ${lambda}`);
    assert.ok(Math.abs(skew(y)) < Math.abs(before) / 3, `skewness after the warp: ${skew(y)}`);
    let mean = 0;
    for (const v of y) mean += v;
    assert.ok(Math.abs(mean / y.length) < 1e-12); // standardized again
    const gauss = Float64Array.from({ length: 200 }, () => rng.normal());
    const plain = gauss.slice();
    standardizeInPlace(plain);
    warpInPlace(gauss);
    let maxDiff = 0;
    for (let i = 0; i < gauss.length; i++) maxDiff = Math.max(maxDiff, Math.abs((gauss[i] as number) - (plain[i] as number)));
    assert.ok(maxDiff < 0.35, `Gaussian data nearly unchanged, max shift ${maxDiff}`);
  });

  it("keeps constant values finite", () => {
    const y = Float64Array.from([2, 2, 2, 2]);
    warpInPlace(y);
    assert.ok(y.every((v) => v === 0));
  });
});
