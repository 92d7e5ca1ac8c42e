import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {  } from "../../../src/index.js";
import { Rng } from "../../../src/random/rng.js";
import { frontsInOrder, splitTrials } from "../../../src/samplers/tpe/split.js";
import { type FrozenTrial, freezeTrial } from "../../../src/trial/frozen.js";
import type { TrialState } from "../../../src/trial/state.js";

let nextNumber = 0;
function trial(state: TrialState, value?: number, intermediate: Record<number, number> = {}): FrozenTrial {
  const n = nextNumber++;
  return freezeTrial({
    number: n,
    trialId: n,
    state,
    values: value === undefined ? undefined : [value],
    params: {},
    distributions: {},
    intermediateValues: intermediate,
    userAttrs: {},
    systemAttrs: {},
  });
}
const numbers = (ts: readonly FrozenTrial[]): number[] => ts.map((t) => t.number);

describe("the below/above split (reference §1.5)", () => {
  it("takes the best COMPLETE trials; ties keep trial-number order; both groups sorted by number", () => {
    nextNumber = 0;
    const ts = [trial("COMPLETE", 3), trial("COMPLETE", 1), trial("COMPLETE", 2), trial("COMPLETE", 1), trial("COMPLETE", 1)];
    // values by number: 0→3, 1→1, 2→2, 3→1, 4→1; the three 1s tie: 1 and 3 win over 4
    const s = splitTrials(ts, ["minimize"], 2);
    assert.deepEqual(numbers(s.below), [1, 3]);
    assert.deepEqual(numbers(s.above), [0, 2, 4]);
    // the order of the input does not matter
    const r = splitTrials([...ts].reverse(), ["minimize"], 2);
    assert.deepEqual(numbers(r.below), [1, 3]);
    assert.deepEqual(numbers(r.above), [0, 2, 4]);
  });

  it("ranks by descending value when maximizing", () => {
    nextNumber = 0;
    const ts = [trial("COMPLETE", 3), trial("COMPLETE", 1), trial("COMPLETE", 5)];
    assert.deepEqual(numbers(splitTrials(ts, ["maximize"], 2).below), [0, 2]);
  });

  it("ranks PRUNED trials after COMPLETE ones: further first, then better last value; none reported last", () => {
    nextNumber = 0;
    const ts = [
      trial("PRUNED", undefined, { 0: 5, 1: 4 }), // 0: step 1, value 4
      trial("PRUNED", undefined, {}), //             1: nothing reported
      trial("PRUNED", undefined, { 0: 1, 3: 9 }), // 2: step 3, value 9
      trial("COMPLETE", 100), //                     3
      trial("PRUNED", undefined, { 1: 2 }), //       4: step 1, value 2
      trial("PRUNED", undefined, { 3: Number.NaN }), // 5: step 3, NaN → worst at step 3
    ];
    const order = [3, 2, 5, 4, 0, 1];
    for (let k = 1; k <= order.length; k++) {
      const s = splitTrials(ts, ["minimize"], k);
      assert.deepEqual(numbers(s.below), order.slice(0, k).sort((a, b) => a - b), `nBelow=${k}`);
    }
  });

  it("always puts RUNNING trials above, and ignores FAIL and WAITING trials", () => {
    nextNumber = 0;
    const ts = [trial("RUNNING"), trial("COMPLETE", 2), trial("FAIL"), trial("COMPLETE", 1), trial("WAITING"), trial("RUNNING")];
    const s = splitTrials(ts, ["minimize"], 10);
    assert.deepEqual(numbers(s.below), [1, 3]);
    assert.deepEqual(numbers(s.above), [0, 5]);
  });

  it("splits several objectives by non-domination rank", () => {
    nextNumber = 0;
    const mk = (a: number, b: number): FrozenTrial => {
      const n = nextNumber++;
      return freezeTrial({ number: n, trialId: n, state: "COMPLETE", values: [a, b], params: {}, distributions: {}, intermediateValues: {}, userAttrs: {}, systemAttrs: {} });
    };
    const ts = [mk(3, 3), mk(1, 4), mk(4, 1), mk(2, 2), mk(5, 5)];
    // front 0: #1 (1,4), #2 (4,1), #3 (2,2); front 1: #0 (3,3); front 2: #4
    assert.deepEqual(numbers(splitTrials(ts, ["minimize", "minimize"], 3).below), [1, 2, 3]);
    assert.deepEqual(numbers(splitTrials(ts, ["minimize", "minimize"], 4).below), [0, 1, 2, 3]);
  });

  it("lists whole non-domination fronts in order, as a brute-force ranking does", () => {
    const rng = new Rng(8);
    for (const m of [2, 3]) {
      const pts = Array.from({ length: 120 }, () => Array.from({ length: m }, () => rng.int(12)));
      // brute force: rank r = the points not dominated by any point of rank >= r
      const rank = new Array<number>(pts.length).fill(-1);
      const dom = (a: number[], b: number[]) => a.every((v, i) => v <= (b[i] as number)) && a.some((v, i) => v < (b[i] as number));
      for (let r = 0; rank.includes(-1); r++) {
        const left = pts.map((_, i) => i).filter((i) => rank[i] === -1);
        for (const i of left) if (!left.some((j) => dom(pts[j]!, pts[i]!))) rank[i] = r;
      }
      const expected = pts.map((_, i) => i).sort((a, b) => rank[a]! - rank[b]! || a - b);
      const got = frontsInOrder(pts, pts.length);
      assert.deepEqual(got, expected, `${m} objectives`);
      // stops after the front that reaches `needed`
      const some = frontsInOrder(pts, 10);
      const lastRank = rank[some.at(-1)!]!;
      assert.ok(some.length >= 10 && some.every((i) => rank[i]! <= lastRank));
      assert.equal(some.length, expected.filter((i) => rank[i]! <= lastRank).length);
    }
  });
});
