import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultGamma, defaultWeights, hyperoptDefaultGamma, parzenDefaultGamma } from "../../../src/index.js";

describe("gamma and weights (reference §1.2)", () => {
  it("defaultGamma is min(ceil(0.1 n), 25)", () => {
    const table: [number, number][] = [[1, 1], [5, 1], [10, 1], [11, 2], [100, 10], [240, 24], [241, 25], [1000, 25]];
    for (const [n, want] of table) assert.equal(defaultGamma(n), want, `n=${n}`);
  });

  it("hyperoptDefaultGamma is min(ceil(0.25 sqrt n), 25)", () => {
    const table: [number, number][] = [[1, 1], [16, 1], [17, 2], [100, 3], [10000, 25], [100000, 25]];
    for (const [n, want] of table) assert.equal(hyperoptDefaultGamma(n), want, `n=${n}`);
  });

  it("parzenDefaultGamma is min(ceil(0.15 n), 25)", () => {
    const table: [number, number][] = [[1, 1], [6, 1], [7, 2], [10, 2], [100, 15], [160, 24], [161, 25], [1000, 25]];
    for (const [n, want] of table) assert.equal(parzenDefaultGamma(n), want, `n=${n}`);
  });

  it("defaultWeights: empty for 0, all ones below 25", () => {
    assert.deepEqual(Array.from(defaultWeights(0)), []);
    assert.deepEqual(Array.from(defaultWeights(3)), [1, 1, 1]);
    assert.deepEqual(Array.from(defaultWeights(24)), new Array(24).fill(1));
    assert.deepEqual(Array.from(defaultWeights(25)), new Array(25).fill(1));
  });

  it("defaultWeights(30) ramps 1/30 → 1 over 5 values, then 25 ones", () => {
    const w = Array.from(defaultWeights(30));
    const ramp = [0.0333333, 0.275, 0.5166667, 0.7583333, 1.0];
    assert.equal(w.length, 30);
    ramp.forEach((r, i) => assert.ok(Math.abs((w[i] as number) - r) < 1e-6, `w[${i}] = ${w[i]}, want ${r}`));
    assert.deepEqual(w.slice(5), new Array(25).fill(1));
  });

  it("defaultWeights(26) is [1/26, then 25 ones]", () => {
    const w = Array.from(defaultWeights(26));
    assert.ok(Math.abs((w[0] as number) - 1 / 26) < 1e-15);
    assert.deepEqual(w.slice(1), new Array(25).fill(1));
  });
});
