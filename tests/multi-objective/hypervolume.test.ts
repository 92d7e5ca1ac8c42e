import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArgumentError } from "../../src/index.js";
import { Rng } from "../../src/random/rng.js";
import { greedyHssp } from "../../src/multi-objective/hssp.js";
import { hypervolume, hypervolumeContributions, nonDominatedSet } from "../../src/multi-objective/hypervolume.js";
import { constrainedRanks, crowdingDistance, dominatesMin, nonDominatedRanks } from "../../src/multi-objective/sorting.js";

/** Exact volume of integer points by counting the unit cells of [0, r) they dominate. */
function bruteForce(points: number[][], r: number[]): number {
  const m = r.length;
  let count = 0;
  const cell = new Array<number>(m).fill(0);
  const visit = (d: number): void => {
    if (d === m) {
      if (points.some((p) => p.every((v, i) => v <= (cell[i] as number)))) count++;
      return;
    }
    for (let c = 0; c < (r[d] as number); c++) {
      cell[d] = c;
      visit(d + 1);
    }
  };
  visit(0);
  return count;
}

function randomInts(rng: Rng, n: number, m: number, hi: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: m }, () => rng.int(hi)));
}

describe("hypervolume", () => {
  it("2-D: hand-made front (staircase) and a single point", () => {
    // boxes: (4-1)(4-3) + (4-2)(3-2) + (4-3)(2-1) = 3 + 2 + 1
    assert.equal(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4]), 6);
    assert.equal(hypervolume([[0.5, 0.25]], [1, 1]), 0.375);
    assert.equal(hypervolume([], [1, 1]), 0);
  });

  it("3-D: hand-made fronts", () => {
    assert.equal(hypervolume([[0, 0, 0]], [2, 3, 4]), 24);
    // two boxes 2x2x1 and 1x1x2 overlapping? (0,0,1) box = 2*2*1 = 4; (1,1,0) box = 1*1*2 = 2; overlap (1,1,1) = 1
    assert.equal(hypervolume([[0, 0, 1], [1, 1, 0]], [2, 2, 2]), 5);
    // the unit corners of a 2-cube: three boxes of volume 2*1*1... computed by inclusion–exclusion
    // A=(0,1,1) 2x1x1=2, B=(1,0,1)=2, C=(1,1,0)=2, pairwise overlaps (1,1,1)=1 each, triple 1 → 6 − 3 + 1 = 4
    assert.equal(hypervolume([[0, 1, 1], [1, 0, 1], [1, 1, 0]], [2, 2, 2]), 4);
  });

  it("degenerate: duplicates, dominated points, points on or outside the reference", () => {
    assert.equal(hypervolume([[1, 3], [1, 3], [2, 2], [2, 2], [3, 3], [3, 1]], [4, 4]), 6);
    assert.equal(hypervolume([[1, 3], [2, 2], [3, 1], [5, 0], [0, 4], [4, 4]], [4, 4]), 6);
    assert.equal(hypervolume([[5, 5]], [4, 4]), 0);
    assert.equal(hypervolume([[0, 0, 0], [0, 0, 0]], [1, 1, 1]), 1);
    assert.equal(hypervolume([[0, 0, 5], [0, 0, 0]], [1, 1, 1]), 1);
  });

  it("matches brute-force cell counting in 2 to 5 objectives (exact) on random integer fronts", () => {
    const rng = new Rng(11);
    for (const m of [2, 3, 4, 5]) {
      const hi = m <= 3 ? 8 : 5;
      for (let rep = 0; rep < 12; rep++) {
        const pts = randomInts(rng, 3 + rng.int(m <= 3 ? 25 : 10), m, hi + 1);
        const r = new Array<number>(m).fill(hi);
        assert.equal(hypervolume(pts, r), bruteForce(pts, r), `m=${m} rep=${rep}`);
      }
    }
  });

  it("6 objectives: the Monte Carlo estimate is within 2% of the exact WFG value; exactUpTo switches", () => {
    const rng = new Rng(5);
    const pts = Array.from({ length: 12 }, () => Array.from({ length: 6 }, () => rng.random()));
    const exact = hypervolume(pts, new Array(6).fill(1.2), { exactUpTo: 6 });
    const mc = hypervolume(pts, new Array(6).fill(1.2), { samples: 200_000, seed: 1 });
    assert.ok(exact > 0);
    assert.ok(Math.abs(mc - exact) / exact < 0.02, `mc ${mc} vs exact ${exact}`);
    assert.notEqual(mc, exact);
  });

  it("typed errors on NaN and on mismatched lengths", () => {
    assert.throws(() => hypervolume([[Number.NaN, 1]], [2, 2]), InvalidArgumentError);
    assert.throws(() => hypervolume([[1, 1, 1]], [2, 2]), /3 values but the reference point has 2/);
    assert.throws(() => hypervolume([[1, 1]], [Number.NaN, 2]), InvalidArgumentError);
  });

  it("contributions equal HV(all) − HV(all but one); duplicates contribute 0", () => {
    const rng = new Rng(2);
    for (const m of [2, 3, 4]) {
      const pts = Array.from({ length: 15 }, () => Array.from({ length: m }, () => rng.random()));
      pts.push([...(pts[0] as number[])]);
      const r = new Array<number>(m).fill(1.1);
      const c = hypervolumeContributions(pts, r);
      const all = hypervolume(pts, r);
      for (let i = 0; i < pts.length; i++) {
        const without = hypervolume(pts.filter((_, j) => j !== i), r);
        assert.ok(Math.abs((c[i] as number) - (all - without)) < 1e-12, `m=${m} i=${i}`);
      }
      assert.equal(c[0], 0);
      assert.equal(c[pts.length - 1], 0);
    }
  });
});

describe("non-dominated sorting and crowding", () => {
  it("ranks match brute-force peeling of fronts, with ties and duplicates", () => {
    const rng = new Rng(7);
    for (const m of [2, 3]) {
      for (let rep = 0; rep < 10; rep++) {
        const pts = randomInts(rng, 40, m, 6);
        const ranks = nonDominatedRanks(pts);
        const brute = new Array<number>(pts.length).fill(-1);
        let left = pts.map((_, i) => i);
        for (let r = 0; left.length > 0; r++) {
          const front = left.filter((i) => !left.some((j) => dominatesMin(pts[j] as number[], pts[i] as number[])));
          for (const i of front) brute[i] = r;
          left = left.filter((i) => !front.includes(i));
        }
        assert.deepEqual([...ranks], brute);
      }
    }
  });

  it("nonDominatedSet keeps one copy of each non-dominated point", () => {
    assert.deepEqual(nonDominatedSet([[2, 2], [1, 3], [2, 2], [3, 3], [3, 1]]), [[1, 3], [2, 2], [3, 1]]);
  });

  it("constrained ranks: feasible by fronts, then infeasible by violation", () => {
    const pts = [[1, 1], [0, 0], [2, 0], [0, 2], [5, 5], [3, 3]];
    const viol = [0, 1, 0.5, 0, 0.5, 0];
    // feasible: [1,1] r0, [0,2] r0, [3,3] r1; infeasible: 0.5 → r2 (two of them), 1 → r3
    assert.deepEqual([...constrainedRanks(pts, viol)], [0, 3, 2, 0, 2, 1]);
  });

  it("crowding distance: extremes infinite, interior (next − prev)/width summed over objectives", () => {
    const d = crowdingDistance([[0, 4], [1, 2], [2, 1], [4, 0]]);
    assert.equal(d[0], Number.POSITIVE_INFINITY);
    assert.equal(d[3], Number.POSITIVE_INFINITY);
    assert.equal(d[1], (2 - 0) / 4 + (4 - 1) / 4);
    assert.equal(d[2], (4 - 1) / 4 + (2 - 0) / 4);
    // all equal in an objective: that objective is skipped
    const e = crowdingDistance([[1, 0], [1, 1], [1, 2]]);
    assert.deepEqual([...e], [Number.POSITIVE_INFINITY, 1, Number.POSITIVE_INFINITY]);
  });
});

describe("greedy HSSP", () => {
  it("takes, step by step, the point with the largest contribution to the chosen set (brute-force greedy)", () => {
    const rng = new Rng(9);
    for (const m of [2, 3]) {
      for (let rep = 0; rep < 6; rep++) {
        // a front: points on a sphere-like surface
        const pts = Array.from({ length: 14 }, () => {
          const x = Array.from({ length: m }, () => rng.random() + 0.01);
          const s = Math.hypot(...x);
          return x.map((v) => v / s);
        });
        const r = new Array<number>(m).fill(1.1);
        const k = 5;
        const chosen: number[] = [];
        while (chosen.length < k) {
          let best = -1;
          let bestGain = -1;
          const base = hypervolume(chosen.map((i) => pts[i] as number[]), r);
          for (let i = 0; i < pts.length; i++) {
            if (chosen.includes(i)) continue;
            const g = hypervolume([...chosen, i].map((j) => pts[j] as number[]), r) - base;
            if (g > bestGain + 1e-15) {
              bestGain = g;
              best = i;
            }
          }
          chosen.push(best);
        }
        assert.deepEqual(greedyHssp(pts, k, r), chosen);
      }
    }
  });
});

describe("getHypervolumeHistory / plotHypervolumeHistory", () => {
  it("equals the hypervolume of the feasible front of each prefix (a maximized objective, infeasible trials, points beyond the reference)", async () => {
    const { createStudy, createTrial, getHypervolumeHistory, isFeasible } = await import("../../src/index.js");
    const { plotHypervolumeHistory } = await import("../../src/visualization/index.js");
    const study = await createStudy({ directions: ["minimize", "maximize"] });
    const rng = new Rng(4);
    for (let i = 0; i < 60; i++) {
      const values = [rng.uniform(0, 1.2), rng.uniform(-0.2, 1)];
      await study.addTrial(createTrial({ values, systemAttrs: { "constraints:c": rng.random() < 0.2 ? 1 : -1 } }));
    }
    const ref = [1, 0]; // maximize the second objective: values below 0 add nothing
    const hist = getHypervolumeHistory(study, ref);
    assert.equal(hist.length, 60);
    for (let k = 0; k < 60; k++) {
      const prefix = study.trials.slice(0, k + 1).filter(isFeasible);
      const brute = hypervolume(prefix.map((t) => [(t.values as number[])[0] as number, -((t.values as number[])[1] as number)]), [1, 0]);
      assert.ok(Math.abs((hist[k]?.hypervolume as number) - brute) < 1e-12, `k=${k}`);
    }
    assert.ok((hist[59]?.hypervolume as number) > 0);
    const spec = plotHypervolumeHistory(study, ref) as { data: { values: unknown[] }; encoding: { y: { title: string } } };
    assert.equal(spec.data.values.length, 60);
    assert.equal(spec.encoding.y.title, "Hypervolume");
    assert.throws(() => getHypervolumeHistory(study, [1]), /2 numbers/);
    const single = await createStudy();
    assert.throws(() => getHypervolumeHistory(single, [1]), InvalidArgumentError);
  });
});
