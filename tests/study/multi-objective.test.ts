import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createTrial, dominates, type FrozenTrial, paretoFront, type StudyDirection } from "../../src/index.js";
import { Rng } from "../../src/random/rng.js";

function trials(points: number[][]): FrozenTrial[] {
  return points.map((values, number) => ({ ...createTrial({ values }), number, trialId: number }));
}

describe("paretoFront", () => {
  it("matches a brute-force front on seeded random points with ties, in 2 and 3 objectives", () => {
    const rng = new Rng(3);
    for (const directions of [["minimize", "maximize"], ["minimize", "minimize", "maximize"]] as StudyDirection[][]) {
      for (let rep = 0; rep < 20; rep++) {
        const pts = Array.from({ length: 60 }, () => directions.map(() => rng.int(6)));
        const ts = trials(pts);
        const brute = ts.filter((t) => !ts.some((o) => o !== t && dominates(o.values as number[], t.values as number[], directions)));
        assert.deepEqual(paretoFront(ts, directions).map((t) => t.number), brute.map((t) => t.number));
      }
    }
  });

  it("keeps equal points (neither dominates the other) and ignores unfinished trials", () => {
    const ts = trials([[1, 1], [1, 1], [2, 0], [3, 3]]);
    assert.deepEqual(paretoFront(ts, ["minimize", "minimize"]).map((t) => t.number), [0, 1, 2]);
    const running = { ...createTrial({ state: "RUNNING" }), number: 4, trialId: 4 };
    assert.deepEqual(paretoFront([...ts, running], ["minimize", "minimize"]).length, 3);
  });

  it("handles infinite values: [Inf, 1] is dominated by [Inf, 0] whatever their order", () => {
    const inf = Number.POSITIVE_INFINITY;
    for (const pts of [[[inf, 1], [inf, 0], [0, inf]], [[inf, 0], [inf, 1], [0, inf]]]) {
      const ts = trials(pts);
      const brute = ts.filter((t) => !ts.some((o) => o !== t && dominates(o.values as number[], t.values as number[], ["minimize", "minimize"])));
      assert.deepEqual(paretoFront(ts, ["minimize", "minimize"]).map((t) => t.number), brute.map((t) => t.number));
      assert.equal(brute.length, 2);
    }
  });
});
