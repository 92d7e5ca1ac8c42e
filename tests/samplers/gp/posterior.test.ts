import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/random/rng.js";
import { matern52, matern52DerivR2 } from "../../../src/samplers/gp/kernel.js";
import { GpPosterior } from "../../../src/samplers/gp/posterior.js";

const close = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe("GP posterior", () => {
  it("the Matérn-5/2 kernel has its closed form and its r² derivative", () => {
    close(matern52(0), 1, 0, "k(0)");
    const r = 0.7;
    close(matern52(r * r), (1 + Math.sqrt(5) * r + (5 / 3) * r * r) * Math.exp(-Math.sqrt(5) * r), 1e-15, "k(0.49)");
    for (const r2 of [1e-6, 0.3, 2.5]) {
      const h = 1e-7;
      close(matern52DerivR2(r2), (matern52(r2 + h) - matern52(r2 - h)) / (2 * h), 1e-6, `dk/dr² at ${r2}`);
    }
  });

  it("mean and variance equal the 2-point formulas computed by hand", () => {
    // x = 0 and 0.5 (1-D), λ = 4, s = 2, σ² = 0.1; query 0.25
    const p = { invLs2: Float64Array.from([4]), scale: 2, noise: 0.1 };
    const gp = new GpPosterior(Float64Array.from([0, 0.5]), Float64Array.from([1, -0.5]), 2, 1, p, Uint8Array.from([0]));
    const k12 = 2 * matern52(4 * 0.25);
    const kq = 2 * matern52(4 * 0.0625); // both points are 0.25 away
    const a = 2.1;
    const det = a * a - k12 * k12;
    const inv = [a / det, -k12 / det, -k12 / det, a / det];
    const kinvY = [inv[0]! * 1 + inv[1]! * -0.5, inv[2]! * 1 + inv[3]! * -0.5];
    const mean = kq * kinvY[0]! + kq * kinvY[1]!;
    const variance = 2 - kq * kq * (inv[0]! + inv[1]! + inv[2]! + inv[3]!);
    const out = gp.predict(Float64Array.from([0.25]), { mean: 0, variance: 0 });
    close(out.mean, mean, 1e-12, "mean");
    close(out.variance, variance, 1e-12, "variance");
    // far away: the prior (mean 0, variance s)
    const far = gp.predict(Float64Array.from([50]), { mean: 0, variance: 0 });
    close(far.mean, 0, 1e-12, "far mean");
    close(far.variance, 2, 1e-12, "far variance");
  });

  it("a categorical column counts as distance 1 when the choices differ, 0 when equal", () => {
    const p = { invLs2: Float64Array.from([0.5]), scale: 1, noise: 1e-6 };
    const gp = new GpPosterior(Float64Array.from([0, 2]), Float64Array.from([1, 3]), 2, 1, p, Uint8Array.from([1]));
    const k = matern52(0.5);
    const a = 1 + 1e-6;
    const det = a * a - k * k;
    // query choice 1: distance 1 to both
    const m = (k * (a * 1 - k * 3) + k * (-k * 1 + a * 3)) / det;
    close(gp.predict(Float64Array.from([1]), { mean: 0, variance: 0 }).mean, m, 1e-10, "mean at another choice");
    close(gp.predict(Float64Array.from([2]), { mean: 0, variance: 0 }).mean, 3, 1e-5, "mean at an observed choice");
  });

  it("adding a point incrementally gives the posterior of the full data", () => {
    const rng = new Rng(4);
    const d = 3;
    const n = 9;
    const x = Float64Array.from({ length: n * d }, () => rng.random());
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const p = { invLs2: Float64Array.from([3, 1, 0.5]), scale: 1.3, noise: 0.01 };
    const cat = Uint8Array.from([0, 0, 0]);
    const full = new GpPosterior(x, y, n, d, p, cat);
    const part = new GpPosterior(x, y, n - 2, d, p, cat);
    part.add(x.subarray((n - 2) * d, (n - 1) * d), y[n - 2]!);
    part.add(x.subarray((n - 1) * d), y[n - 1]!);
    const q = Float64Array.from([0.3, 0.6, 0.9]);
    const a = full.predict(q, { mean: 0, variance: 0 });
    const b = part.predict(q, { mean: 0, variance: 0 });
    close(a.mean, b.mean, 1e-12, "mean");
    close(a.variance, b.variance, 1e-12, "variance");
    // the batched prediction (blocks of 16) equals the one-point one
    const m = 37;
    const qs = Float64Array.from({ length: m * d }, () => rng.random());
    const means = new Float64Array(m);
    const vars = new Float64Array(m);
    full.predictBatch(qs, m, means, vars);
    for (let i = 0; i < m; i++) {
      const one = full.predict(qs.slice(i * d, (i + 1) * d), { mean: 0, variance: 0 });
      close(means[i]!, one.mean, 1e-12, `batch mean ${i}`);
      close(vars[i]!, one.variance, 1e-12, `batch variance ${i}`);
    }
  });

  it("gradients of mean and variance agree with finite differences (categorical entries 0)", () => {
    const rng = new Rng(9);
    const d = 3;
    const n = 8;
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      x[i * d] = rng.random();
      x[i * d + 1] = rng.int(3);
      x[i * d + 2] = rng.random();
    }
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const gp = new GpPosterior(x, y, n, d, { invLs2: Float64Array.from([6, 1, 2]), scale: 1, noise: 1e-3 }, Uint8Array.from([0, 1, 0]));
    const q = Float64Array.from([0.41, 1, 0.73]);
    const gm = new Float64Array(d);
    const gv = new Float64Array(d);
    gp.predictWithGradient(q, { mean: 0, variance: 0 }, gm, gv);
    assert.equal(gm[1], 0);
    assert.equal(gv[1], 0);
    for (const j of [0, 2]) {
      const h = 1e-6;
      const up = q.slice();
      up[j]! += h;
      const dn = q.slice();
      dn[j]! -= h;
      const pu = gp.predict(up, { mean: 0, variance: 0 });
      const pd = gp.predict(dn, { mean: 0, variance: 0 });
      close(gm[j]!, (pu.mean - pd.mean) / (2 * h), 1e-6, `dmean/dx${j}`);
      close(gv[j]!, (pu.variance - pd.variance) / (2 * h), 1e-6, `dvar/dx${j}`);
    }
  });
});
