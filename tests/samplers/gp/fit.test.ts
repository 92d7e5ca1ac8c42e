import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/random/rng.js";
import { defaultRaw, fitKernelParams, makeLoss } from "../../../src/samplers/gp/fit.js";
import { matern52, squaredDistance } from "../../../src/samplers/gp/kernel.js";
import { cholesky } from "../../../src/samplers/gp/linalg.js";

/** n points in [0,1]^d and one draw of a GP with these hyperparameters at them. */
function gpSample(n: number, invLs2: number[], noise: number, seed: number): { x: Float64Array; y: Float64Array } {
  const rng = new Rng(seed);
  const d = invLs2.length;
  const x = Float64Array.from({ length: n * d }, () => rng.random());
  const lam = Float64Array.from(invLs2);
  const cat = new Uint8Array(d);
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    const v = matern52(squaredDistance(x, i, x, j, lam, cat, d)) + (i === j ? noise : 0);
    k[i * n + j] = v;
    k[j * n + i] = v;
  }
  cholesky(k, n);
  const z = Float64Array.from({ length: n }, () => rng.normal());
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) y[i]! += k[i * n + j]! * z[j]!;
  // standardize, as the sampler does
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { x, y: y.map((v) => (v - mean) / std) };
}

describe("GP kernel fit", () => {
  it("the loss gradient agrees with finite differences, with and without a noise parameter", () => {
    const { x, y } = gpSample(15, [4, 1, 9], 1e-3, 1);
    for (const deterministic of [false, true]) {
      const cat = Uint8Array.from([0, 1, 0]);
      x[1] = 0; // a categorical column of choices 0..2
      for (let i = 0; i < 15; i++) x[i * 3 + 1] = i % 3;
      const loss = makeLoss(x, y, 15, 3, cat, deterministic);
      const raw = Float64Array.from(deterministic ? [0.3, -0.5, 1.1, 0.2] : [0.3, -0.5, 1.1, 0.2, -3]);
      const g = new Float64Array(raw.length);
      loss(raw, g);
      for (let j = 0; j < raw.length; j++) {
        const h = 1e-6;
        const up = raw.slice();
        up[j]! += h;
        const dn = raw.slice();
        dn[j]! -= h;
        const fd = (loss(up, new Float64Array(raw.length)) - loss(dn, new Float64Array(raw.length))) / (2 * h);
        assert.ok(Math.abs(g[j]! - fd) < 1e-5 * Math.max(1, Math.abs(fd)), `θ${j} (deterministic=${deterministic}): ${g[j]} vs ${fd}`);
      }
    }
  });

  it("recovers the length scales of a known GP sample", () => {
    // ℓ = 1/√λ: 0.2 along x0 (wiggly), 1 along x1 (smooth)
    const { x, y } = gpSample(150, [25, 1], 1e-4, 7);
    const fit = fitKernelParams(x, y, 150, 2, new Uint8Array(2), { deterministic: false, starts: [defaultRaw(2, false)] });
    const ls = Array.from(fit.params.invLs2, (l) => 1 / Math.sqrt(l));
    assert.ok(ls[0]! > 0.2 / 1.5 && ls[0]! < 0.2 * 1.5, `ℓ0 = ${ls[0]} (true 0.2)`);
    assert.ok(ls[1]! > 1 / 2 && ls[1]! < 2, `ℓ1 = ${ls[1]} (true 1)`);
    assert.ok(fit.params.noise < 0.01, `noise ${fit.params.noise}`);
    // a fit from a worse start ends at a loss at least as low as the default start's minimum is reached again
    const again = fitKernelParams(x, y, 150, 2, new Uint8Array(2), { deterministic: false, starts: [Float64Array.from([3, 3, 1, -1])] });
    assert.ok(Math.abs(again.loss - fit.loss) < 0.05 * Math.abs(fit.loss), `${again.loss} vs ${fit.loss}`);
  });

  it("finds a large noise variance on pure noise", () => {
    const rng = new Rng(3);
    const n = 60;
    const x = Float64Array.from({ length: n }, () => rng.random());
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const fit = fitKernelParams(x, y, n, 1, new Uint8Array(1), { deterministic: false, starts: [defaultRaw(1, false)] });
    assert.ok(fit.params.noise > 0.3, `noise ${fit.params.noise}`);
  });
});
