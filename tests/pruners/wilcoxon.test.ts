import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { captureWarnings, InvalidArgumentError, WilcoxonPruner, WARNING_CODES } from "../../src/index.js";
import { averageRanks, erfc, normalSf, signedRankPValue } from "../../src/pruners/signed-rank.js";
import { addFinished, running, studyWith } from "./helpers.js";

describe("signedRankPValue matches scipy.stats.wilcoxon(d, alternative, zero_method='zsplit')", () => {
  // p-values printed by SciPy 1.17.1
  const sin60 = Array.from({ length: 60 }, (_, i) => Math.sin(i) * 3 + 0.4);
  const table: [string, number[], "greater" | "less", number][] = [
    ["exact, n = 4", [1, 2, 3, 4], "greater", 0.0625],
    ["exact, the other side", [1, 2, 3, 4], "less", 1],
    ["exact, a negative value", [0.5, -0.2, 1.3, 2.0, 0.7], "greater", 0.0625],
    ["all zeros (zsplit)", [0, 0, 0], "greater", 1],
    ["a zero: sign-flip permutation", [0, 1, 2], "greater", 0.25],
    ["ties: sign-flip permutation", [1, 1, 2, -1], "greater", 0.25],
    ["ties and a zero", [0, 1, -1, 2, 2, 3], "less", 0.96875],
    ["two zeros and ties", [0, 0, 1, 1, 1, 1], "greater", 0.0625],
    ["exact, n = 20", Array.from({ length: 20 }, (_, i) => i * 0.37 - 2), "greater", 0.004154205322265625],
    ["ties with n = 20: normal approximation", Array.from({ length: 20 }, (_, i) => (i % 5) - 1), "greater", 0.006408848742322799],
    ["n = 14 all tied: normal approximation", Array(14).fill(1), "greater", 9.14053164909174e-5],
    ["n = 60: normal approximation", sin60, "greater", 0.028282627424434204],
    ["n = 60, less", sin60, "less", 0.9717173725755658],
    ["one positive value", [1.5], "greater", 0.5],
    ["one negative value", [-1.5], "greater", 1],
  ];
  for (const [name, d, alternative, expected] of table) {
    it(name, () => {
      const p = signedRankPValue(d, alternative);
      assert.ok(Math.abs(p - expected) <= 1e-12 * expected, `got ${p}, SciPy ${expected}`);
    });
  }

  it("is NaN for no data", () => {
    assert.ok(Number.isNaN(signedRankPValue([], "greater")));
  });

  it("ranks ties by their average, as scipy.stats.rankdata", () => {
    assert.deepEqual(averageRanks([3, 1, 3, 2]), { ranks: [3.5, 1, 3.5, 2], tieSizes: [1, 1, 2] });
  });

  it("normalSf and erfc match SciPy to 1e-13", () => {
    const table: [number, number][] = [
      [-3, 0.9986501019683699],
      [0, 0.5],
      [1, 0.15865525393145707],
      [1.7, 0.04456546275854304],
      [3.5, 0.00023262907903552502],
      [8, 6.22096057427174e-16],
    ];
    for (const [z, p] of table) assert.ok(Math.abs(normalSf(z) - p) <= 1e-13 * p, `z ${z}: ${normalSf(z)} vs ${p}`);
    assert.equal(erfc(0), 1);
    assert.ok(Number.isNaN(erfc(Number.NaN)));
  });
});

describe("WilcoxonPruner decisions", () => {
  async function withBest(best: number[], direction: "minimize" | "maximize" = "minimize", options = {}) {
    const study = await studyWith(new WilcoxonPruner(options), direction);
    await addFinished(study, best);
    return study;
  }

  it("prunes once the test is significant: 4 worse instances give p = 1/16 < 0.1, 3 give 1/8", async () => {
    const study = await withBest([1, 1, 1, 1, 1]);
    assert.equal((await running(study, [2, 2, 2])).shouldPrune(), false);
    assert.equal((await running(study, [2, 2, 2, 2])).shouldPrune(), true);
  });

  it("does not prune a better trial", async () => {
    const study = await withBest([1, 1, 1, 1, 1]);
    assert.equal((await running(study, [0, 0, 0, 0, 0])).shouldPrune(), false);
  });

  it("tests the other side when maximizing", async () => {
    const study = await withBest([1, 1, 1, 1, 1], "maximize");
    assert.equal((await running(study, [0, 0, 0, 0])).shouldPrune(), true);
    assert.equal((await running(study, [2, 2, 2, 2])).shouldPrune(), false);
  });

  it("never prunes a trial whose mean is as good as the best trial's", async () => {
    const study = await withBest([0, 0, 0, 0, 10]);
    // worse on each of the 4 shared instances (p = 0.0625), but mean 1 < best mean 2
    assert.equal((await running(study, [1, 1, 1, 1])).shouldPrune(), false);
  });

  it("needs max(2, nStartupSteps) paired steps", async () => {
    const strict = await withBest([1, 1, 1, 1, 1, 1], "minimize", { nStartupSteps: 5, pThreshold: 0.1 });
    assert.equal((await running(strict, [2, 2, 2, 2])).shouldPrune(), false);
    assert.equal((await running(strict, [2, 2, 2, 2, 2])).shouldPrune(), true);
    const lax = await withBest([1, 1], "minimize", { nStartupSteps: 0, pThreshold: 1 });
    assert.equal((await running(lax, [2])).shouldPrune(), false, "one pair is never enough");
    assert.equal((await running(lax, [2, 2])).shouldPrune(), true, "p = 0.25 < 1");
  });

  it("does not prune without a COMPLETE trial", async () => {
    const study = await studyWith(new WilcoxonPruner({ pThreshold: 1 }));
    assert.equal((await running(study, [5, 5, 5])).shouldPrune(), false);
  });

  it("warns and never prunes with NaN or infinite values", async () => {
    const study = await withBest([1, 1, 1, 1, 1]);
    const trial = await running(study, [2, 2, Number.NaN, 2, 2]);
    const { result, warnings } = await captureWarnings(() => trial.shouldPrune());
    assert.equal(result, false);
    assert.deepEqual(warnings.map((w) => w.code), [WARNING_CODES.wilcoxonNonFinite]);

    const bad = await withBest([1, Number.POSITIVE_INFINITY, 1, 1, 1]);
    const t2 = await running(bad, [2, 2, 2, 2]);
    const r2 = await captureWarnings(() => t2.shouldPrune());
    assert.equal(r2.result, false);
    assert.deepEqual(r2.warnings.map((w) => w.code), [WARNING_CODES.wilcoxonNonFinite]);
  });

  it("warns when the best trial has no intermediate values", async () => {
    const study = await withBest([]);
    const trial = await running(study, [2, 2, 2, 2]);
    const { result, warnings } = await captureWarnings(() => trial.shouldPrune());
    assert.equal(result, false);
    assert.deepEqual(warnings.map((w) => w.code), [WARNING_CODES.wilcoxonBestHasNoValues]);
  });

  it("ignores, with a warning, steps the best trial did not report", async () => {
    const study = await withBest([1, 1, 1, 1]);
    const trial = await running(study, { 0: 2, 1: 2, 2: 2, 3: 2, 9: 2 });
    const { result, warnings } = await captureWarnings(() => trial.shouldPrune());
    assert.equal(result, true);
    assert.deepEqual(warnings.map((w) => w.code), [WARNING_CODES.wilcoxonUnpairedSteps]);
  });
});

describe("WilcoxonPruner options", () => {
  it("have the reference's defaults", () => {
    const p = new WilcoxonPruner();
    assert.deepEqual([p.pThreshold, p.nStartupSteps], [0.1, 2]);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ["pThreshold above 1", () => new WilcoxonPruner({ pThreshold: 1.5 }), /WilcoxonPruner: pThreshold must be a number in \[0, 1\], got 1.5/],
    ["pThreshold NaN", () => new WilcoxonPruner({ pThreshold: Number.NaN }), /pThreshold .* got NaN/],
    ["pThreshold negative", () => new WilcoxonPruner({ pThreshold: -0.1 }), /pThreshold .* got -0.1/],
    ["nStartupSteps −1", () => new WilcoxonPruner({ nStartupSteps: -1 }), /nStartupSteps must be an integer >= 0, got -1/],
    ["nStartupSteps fractional", () => new WilcoxonPruner({ nStartupSteps: 1.5 }), /nStartupSteps must be an integer >= 0, got 1.5/],
    ["non-object options", () => new WilcoxonPruner("x" as never), /WilcoxonPruner takes an options object, got "x"/],
  ];
  for (const [name, build, message] of bad) {
    it(`reject ${name} with one message naming the option`, () => {
      assert.throws(build, (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message));
    });
  }
});
