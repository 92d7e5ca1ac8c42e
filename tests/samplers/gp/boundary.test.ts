import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/random/rng.js";
import { BoundaryPosterior, BoundarySites, type DerivativeSite, probitSite } from "../../../src/samplers/gp/boundary.js";
import { matern52, squaredDistance } from "../../../src/samplers/gp/kernel.js";
import { GpPosterior } from "../../../src/samplers/gp/posterior.js";

const d = 3;
const cat = Uint8Array.from([0, 0, 1]);
const params = { invLs2: Float64Array.from([4, 1.5, 0.8]), scale: 1.3, noise: 0.05 };
const k = (a: Float64Array, b: Float64Array): number => params.scale * matern52(squaredDistance(a, 0, b, 0, params.invLs2, cat, d));
const H = 1e-4;
const shifted = (x: Float64Array, j: number, h: number): Float64Array => {
  const y = x.slice();
  y[j] = (y[j] as number) + h;
  return y;
};
/** cov(f(a), ∂f(b)/∂b_j) and cov(∂f(a)/∂a_i, ∂f(b)/∂b_j) by central differences of the kernel. */
const kfg = (a: Float64Array, b: Float64Array, j: number): number => (k(a, shifted(b, j, H)) - k(a, shifted(b, j, -H))) / (2 * H);
const kgg = (a: Float64Array, i: number, b: Float64Array, j: number): number => (kfg(shifted(a, i, H), b, j) - kfg(shifted(a, i, -H), b, j)) / (2 * H);

/** Solves A z = r (dense, partial pivoting). */
function solve(a: number[][], r: number[]): number[] {
  const n = r.length;
  const m = a.map((row, i) => [...row, r[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(m[i]![c]!) > Math.abs(m[p]![c]!)) p = i;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let i = c + 1; i < n; i++) {
      const f = m[i]![c]! / m[c]![c]!;
      for (let j = c; j <= n; j++) m[i]![j]! -= f * m[c]![j]!;
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = m[i]![n]!;
    for (let j = i + 1; j < n; j++) s -= m[i]![j]! * z[j]!;
    z[i] = s / m[i]![i]!;
  }
  return z;
}

function setup(seed: number) {
  const rng = new Rng(seed);
  const n = 12;
  const x = Float64Array.from({ length: n * d }, () => rng.random());
  for (let i = 0; i < n; i++) x[i * d + 2] = rng.int(3);
  const y = Float64Array.from({ length: n }, () => rng.normal());
  const gp = new GpPosterior(x, y, n, d, params, cat);
  const row = (i: number) => x.slice(i * d, (i + 1) * d);
  const sites: DerivativeSite[] = [
    { x: Float64Array.from([1, 0.3, 1]), dim: 0, value: -0.7, noise: 0.02 },
    { x: Float64Array.from([0.4, 0, 2]), dim: 1, value: 0.5, noise: 0.1 },
    { x: Float64Array.from([1, 0.35, 1]), dim: 1, value: 0.1, noise: 0.05 },
  ];
  return { rng, n, x, y, gp, row, sites };
}

describe("GP boundary sites (virtual derivative observations)", () => {
  it("predicts as the dense joint GP over trials and derivative observations", () => {
    const { rng, n, y, gp, row, sites } = setup(3);
    const q = sites.length;
    // joint prior covariance, cross terms by finite differences of the kernel
    const cov: number[][] = [];
    for (let a = 0; a < n + q; a++) {
      cov.push([]);
      for (let b = 0; b < n + q; b++) {
        let v: number;
        if (a < n && b < n) v = k(row(a), row(b)) + (a === b ? params.noise : 0);
        else if (a < n) v = kfg(row(a), sites[b - n]!.x, sites[b - n]!.dim);
        else if (b < n) v = kfg(row(b), sites[a - n]!.x, sites[a - n]!.dim);
        else v = kgg(sites[a - n]!.x, sites[a - n]!.dim, sites[b - n]!.x, sites[b - n]!.dim) + (a === b ? sites[a - n]!.noise : 0);
        cov[a]!.push(v);
      }
    }
    const obs = [...y, ...sites.map((s) => s.value)];
    const alpha = solve(cov, obs);
    const post = new BoundaryPosterior(gp, sites);
    const out = { mean: 0, variance: 0 };
    for (let t = 0; t < 20; t++) {
      const p = Float64Array.from([rng.random(), rng.random(), rng.int(3)]);
      const kx = [...Array.from({ length: n }, (_, i) => k(p, row(i))), ...sites.map((s) => kfg(p, s.x, s.dim))];
      const mean = kx.reduce((acc, v, i) => acc + v * alpha[i]!, 0);
      const w = solve(cov, kx);
      const variance = params.scale - kx.reduce((acc, v, i) => acc + v * w[i]!, 0);
      post.predict(p, out);
      assert.ok(Math.abs(out.mean - mean) < 1e-6, `mean ${out.mean} vs ${mean}`);
      assert.ok(Math.abs(out.variance - variance) < 1e-6, `variance ${out.variance} vs ${variance}`);
    }
    // correcting a base prediction (a candidate pool's) gives the same numbers
    for (const p of [Float64Array.from([0.3, 0.7, 2]), Float64Array.from([1, 0.31, 1])]) {
      const direct = post.predict(p, { mean: 0, variance: 0 });
      const adjusted = post.adjust(p, gp.predict(p, { mean: 0, variance: 0 }));
      assert.ok(Math.abs(direct.mean - adjusted.mean) < 1e-12 && Math.abs(direct.variance - adjusted.variance) < 1e-12);
    }
    // the batch path gives the same numbers
    const pts = Float64Array.from([0.2, 0.9, 0, 0.99, 0.5, 2]);
    const means = new Float64Array(2);
    const vars = new Float64Array(2);
    post.predictBatch(pts, 2, means, vars);
    for (let i = 0; i < 2; i++) {
      post.predict(pts.subarray(i * d, (i + 1) * d), out);
      assert.equal(means[i], out.mean);
      assert.equal(vars[i], out.variance);
    }
  });

  it("has gradients that match finite differences", () => {
    const { rng, gp, sites } = setup(5);
    const post = new BoundaryPosterior(gp, sites);
    const out = { mean: 0, variance: 0 };
    const gm = new Float64Array(d);
    const gv = new Float64Array(d);
    for (let t = 0; t < 10; t++) {
      const p = Float64Array.from([0.05 + 0.9 * rng.random(), 0.05 + 0.9 * rng.random(), rng.int(3)]);
      post.predictWithGradient(p, out, gm, gv);
      const m0 = out.mean;
      const v0 = out.variance;
      post.predict(p, out);
      assert.ok(Math.abs(out.mean - m0) < 1e-12 && Math.abs(out.variance - v0) < 1e-12);
      for (let j = 0; j < 2; j++) {
        const hi = post.predict(shifted(p, j, 1e-6), { mean: 0, variance: 0 });
        const lo = post.predict(shifted(p, j, -1e-6), { mean: 0, variance: 0 });
        const fm = (hi.mean - lo.mean) / 2e-6;
        const fv = (hi.variance - lo.variance) / 2e-6;
        assert.ok(Math.abs(gm[j]! - fm) < 1e-5 * Math.max(1, Math.abs(fm)), `d mean/dx${j}: ${gm[j]} vs ${fm}`);
        assert.ok(Math.abs(gv[j]! - fv) < 1e-5 * Math.max(1, Math.abs(fv)), `d var/dx${j}: ${gv[j]} vs ${fv}`);
      }
      assert.equal(gm[2], 0);
      assert.equal(gv[2], 0);
    }
  });

  it("gives the derivative's posterior: without sites, the slope of the posterior mean", () => {
    const { gp } = setup(7);
    const post = new BoundaryPosterior(gp, []);
    const p = Float64Array.from([0.63, 0.21, 1]);
    for (const j of [0, 1]) {
      const g = post.derivative(p, j);
      const hi = gp.predict(shifted(p, j, 1e-6), { mean: 0, variance: 0 }).mean;
      const lo = gp.predict(shifted(p, j, -1e-6), { mean: 0, variance: 0 }).mean;
      assert.ok(Math.abs(g.mean - (hi - lo) / 2e-6) < 1e-5, `slope ${g.mean} vs ${(hi - lo) / 2e-6}`);
      assert.ok(g.variance > 0 && g.variance < (5 / 3) * params.scale * params.invLs2[j]!);
    }
  });

  it("turns a sign observation into the Gaussian site with the truncated normal's moments", () => {
    for (const [mean, variance, sign] of [
      [0.8, 0.5, -1],
      [-0.3, 2, 1],
      [2.5, 0.3, -1],
    ] as const) {
      const site = probitSite(mean, variance, sign, 0);
      assert.ok(site !== undefined);
      // moments of N(mean, variance) restricted to sign·g ≥ 0, by quadrature
      let z0 = 0;
      let z1 = 0;
      let z2 = 0;
      const sd = Math.sqrt(variance);
      for (let i = -40000; i <= 40000; i++) {
        const g = mean + (i / 4000) * sd;
        if (sign * g < 0) continue;
        const w = Math.exp(-0.5 * (i / 4000) ** 2);
        z0 += w;
        z1 += w * g;
        z2 += w * g * g;
      }
      const tm = z1 / z0;
      const tv = z2 / z0 - tm * tm;
      // prior × site = N(tm, tv)
      const pv = 1 / (1 / variance + 1 / site.noise);
      const pm = pv * (mean / variance + site.value / site.noise);
      assert.ok(Math.abs(pm - tm) < 1e-3, `mean ${pm} vs ${tm}`);
      assert.ok(Math.abs(pv - tv) < 1e-3, `variance ${pv} vs ${tv}`);
    }
    // a prior far inside the allowed side: nothing to learn
    assert.equal(probitSite(-40, 1, -1, 0), undefined);
  });

  it("pulls the posterior maximum inside when the data rise towards a bound", () => {
    // 1-D: noisy data increasing up to x = 1
    const rng = new Rng(2);
    const n = 30;
    const x = Float64Array.from({ length: n }, () => 0.5 + 0.5 * rng.random());
    const y = Float64Array.from(x, (v) => 2 * v + 0.3 * rng.normal());
    const p1 = { invLs2: Float64Array.from([2]), scale: 1, noise: 0.1 };
    const gp = new GpPosterior(x, y, n, 1, p1, Uint8Array.from([0]));
    const argmax = (post: { predict: GpPosterior["predict"] }): number => {
      let best = 0;
      let bv = Number.NEGATIVE_INFINITY;
      for (let i = 0; i <= 1000; i++) {
        const m = post.predict(Float64Array.of(i / 1000), { mean: 0, variance: 0 }).mean;
        if (m > bv) {
          bv = m;
          best = i / 1000;
        }
      }
      return best;
    };
    assert.equal(argmax(gp), 1);
    const set = new BoundarySites(gp, 0);
    assert.equal(set.add(Float64Array.of(1), [0]), 1);
    const sites = set.sites;
    assert.equal(sites[0]!.dim, 0);
    // the site pulls the slope at the bound below what the data alone say
    const slope = new BoundaryPosterior(gp, []).derivative(Float64Array.of(1), 0).mean;
    assert.ok(slope > 0 && set.posterior()!.derivative(Float64Array.of(1), 0).mean < slope);
    const inside = argmax(set.posterior()!);
    assert.ok(inside < 1 && inside > 0.8, `argmax with the site: ${inside}`);
    // the same point again adds nothing; an interior point has no bound to observe
    assert.equal(set.add(Float64Array.of(1), [0]), 0);
    assert.equal(set.add(Float64Array.of(0.5), [0]), 0);
    set.truncate(0);
    assert.equal(set.sites.length, 0);
    assert.equal(set.posterior()!.sites.length, 0);
  });

  it("builds the posterior of sites added one at a time as it would all at once", () => {
    const { gp, sites } = setup(9);
    const set = new BoundarySites(gp, 1);
    set.add(sites[0]!.x, [0, 1]); // on x0's upper bound
    set.add(sites[1]!.x, [0, 1]); // on x1's lower bound
    set.add(sites[2]!.x, [0, 1]); // on x0's upper bound again, another x1
    assert.equal(set.sites.length, 3);
    const incremental = set.posterior()!;
    const fresh = new BoundaryPosterior(gp, set.sites.slice());
    for (const p of [Float64Array.from([0.2, 0.5, 1]), Float64Array.from([0.97, 0.05, 2])]) {
      const a = incremental.predict(p, { mean: 0, variance: 0 });
      const b = fresh.predict(p, { mean: 0, variance: 0 });
      assert.ok(Math.abs(a.mean - b.mean) < 1e-12 && Math.abs(a.variance - b.variance) < 1e-12);
    }
  });
});
