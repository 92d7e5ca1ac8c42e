import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createTrial } from "../../src/index.js";
import { isCheckStep, nanBest, nanPercentile } from "../../src/pruners/shared.js";

function withSteps(steps: number[]) {
  return createTrial({ state: "RUNNING", intermediateValues: Object.fromEntries(steps.map((s) => [s, 0])) });
}

describe("the warmup / interval rule", () => {
  // nWarmupSteps 2, intervalSteps 3: check steps are the first reports at or after 2, 5, 8, …
  const table: [number[], boolean][] = [
    [[], false],
    [[0], false],
    [[0, 1], false],
    [[0, 1, 2], true], // first step at the warmup boundary
    [[0, 1, 2, 3], false],
    [[0, 1, 2, 3, 4], false],
    [[0, 1, 2, 3, 4, 5], true], // next boundary
    [[0, 4], true], // skipped the boundary at 2: the first report after it counts
    [[0, 4, 6], true], // first report after boundary 5
    [[0, 4, 5, 7], false],
    [[7, 0, 4, 5], false], // report order does not matter, the largest step is "the" step
    [[3], true],
  ];
  for (const [steps, expected] of table) {
    it(`steps [${steps.join(", ")}] → ${expected ? "check" : "skip"}`, () => {
      assert.equal(isCheckStep(withSteps(steps), 2, 3), expected);
    });
  }

  it("checks every step after the warmup when the interval is 1", () => {
    assert.equal(isCheckStep(withSteps([0, 1, 2, 3]), 0, 1), true);
    assert.equal(isCheckStep(withSteps([0]), 0, 1), true);
    assert.equal(isCheckStep(withSteps([0, 1]), 2, 1), false);
  });
});

describe("nanPercentile", () => {
  it("matches NumPy's nanpercentile (linear) bit for bit", () => {
    // Values printed by numpy 2.4.6: np.nanpercentile(np.array(a, dtype=float), q)
    assert.equal(nanPercentile([1, 2, 3, 4], 33.3), 1.9989999999999999);
    assert.equal(nanPercentile([0.1, 0.7, 0.2], 70), 0.3999999999999999);
    assert.equal(nanPercentile([1, 2, 3, 4, 5], 50), 3);
    assert.equal(nanPercentile([1, 2, 3, 4], 50), 2.5);
    assert.equal(nanPercentile([1, 2, 3, 4, 5], 25), 2);
    assert.equal(nanPercentile([1, 2, 3, 4, 5], 75), 4);
    assert.equal(nanPercentile([5, Number.NaN, 1], 0), 1);
    assert.equal(nanPercentile([5, Number.NaN, 1], 100), 5);
  });

  it("is NaN when no value is a number, and with infinite ends as in NumPy", () => {
    assert.ok(Number.isNaN(nanPercentile([], 50)));
    assert.ok(Number.isNaN(nanPercentile([Number.NaN], 50)));
    assert.ok(Number.isNaN(nanPercentile([1, Number.POSITIVE_INFINITY], 0)));
    assert.ok(Number.isNaN(nanPercentile([1, Number.POSITIVE_INFINITY], 100)));
  });
});

describe("nanBest", () => {
  it("ignores NaN and is NaN only when every value is", () => {
    assert.equal(nanBest([3, Number.NaN, 1], false), 1);
    assert.equal(nanBest([3, Number.NaN, 1], true), 3);
    assert.ok(Number.isNaN(nanBest([Number.NaN, Number.NaN], false)));
    assert.ok(Number.isNaN(nanBest([], true)));
  });
});
