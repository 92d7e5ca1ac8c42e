import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/random/rng.js";
import { CandidatePool } from "../../../src/samplers/gp/pool.js";
import { GpPosterior } from "../../../src/samplers/gp/posterior.js";

describe("GP candidate pool", () => {
  it("scores its points as the posterior does, through extensions and believed rows", () => {
    const rng = new Rng(11);
    const d = 3;
    const total = 150; // past the pool's first capacity of 64 rows
    const x = Float64Array.from({ length: total * d }, () => rng.random());
    const y = Float64Array.from({ length: total }, () => rng.normal());
    const cat = Uint8Array.from([0, 0, 1]);
    for (let i = 0; i < total; i++) x[i * d + 2] = rng.int(3); // a categorical column
    const params = { invLs2: Float64Array.from([3, 0.5, 1.2]), scale: 1.7, noise: 1e-3 };
    const m = 40;
    const pts = Float64Array.from({ length: m * d }, () => rng.random());
    for (let q = 0; q < m; q++) pts[q * d + 2] = rng.int(3);
    const pool = new CandidatePool(pts, m, d);
    const means = new Float64Array(m);
    const vars = new Float64Array(m);
    const out = { mean: 0, variance: 0 };

    let gp = new GpPosterior(x, y, 20, d, params, cat);
    const check = (what: string): void => {
      pool.predict(gp, means, vars);
      for (let q = 0; q < m; q++) {
        gp.predict(pts.subarray(q * d, (q + 1) * d), out);
        assert.ok(Math.abs(means[q]! - out.mean) < 1e-9, `${what}: mean ${q} ${means[q]} vs ${out.mean}`);
        assert.ok(Math.abs(vars[q]! - out.variance) < 1e-9, `${what}: variance ${q} ${vars[q]} vs ${out.variance}`);
      }
    };
    pool.extend(gp, 20);
    assert.equal(pool.rows, 20);
    check("fresh");
    // trials added one at a time, the factor extended: the pool grows by rows (and capacity)
    for (const n of [21, 40, 100, 130]) {
      for (let i = gp.n; i < n; i++) gp.add(x.subarray(i * d, (i + 1) * d), y[i]!);
      pool.extend(gp, n);
      check(`extended to ${n}`);
    }
    // two running trials at believed values: solved per call, not kept
    const base = gp.n;
    gp.add(Float64Array.from([0.31, 0.72, 1]), 0.4);
    gp.add(Float64Array.from([0.9, 0.1, 2]), -0.2);
    check("with believed rows");
    assert.equal(pool.rows, base);
  });

  it("changes nothing when asked for rows it already has", () => {
    const x = Float64Array.from([0.1, 0.5, 0.9]);
    const gp = new GpPosterior(x, Float64Array.from([1, 0, -1]), 3, 1, { invLs2: Float64Array.from([2]), scale: 1, noise: 1e-4 }, Uint8Array.from([0]));
    const pool = new CandidatePool(Float64Array.from([0.3, 0.7]), 2, 1);
    pool.extend(gp, 3);
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    const va = new Float64Array(2);
    const vb = new Float64Array(2);
    pool.predict(gp, a, va);
    pool.extend(gp, 2);
    pool.extend(gp, 3);
    pool.predict(gp, b, vb);
    assert.deepEqual(Array.from(a), Array.from(b));
    assert.deepEqual(Array.from(va), Array.from(vb));
  });
});
