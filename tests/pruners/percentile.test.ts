import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArgumentError, MedianPruner, PercentilePruner } from "../../src/index.js";
import { addFinished, running, studyWith } from "./helpers.js";

const NaN_ = Number.NaN;

describe("MedianPruner decisions", () => {
  // Two COMPLETE trials: medians are 2 at step 0, 3 at step 1.
  const table: [string, readonly number[], boolean][] = [
    ["worse than the median at step 0", [2.5], true],
    ["equal to the median is kept", [2], false],
    ["better than the median", [1.5], false],
    ["a good best-so-far keeps a trial that got worse", [1.5, 3.5], false],
    ["worse at every step", [3.5, 3.5], true],
    ["best so far 2.5 beats the step-1 median 3", [2.5, 3.5], false],
    ["an all-NaN trial is pruned", [NaN_], true],
    ["NaN then a good value: nanmin ignores the NaN", [NaN_, 1], false],
  ];
  for (const [name, values, expected] of table) {
    it(`${name}: [${values.join(", ")}] → ${expected ? "prune" : "keep"}`, async () => {
      const study = await studyWith(new MedianPruner({ nStartupTrials: 2 }));
      await addFinished(study, [1, 2]);
      await addFinished(study, [3, 4]);
      const trial = await running(study, values);
      assert.equal(trial.shouldPrune(), expected);
    });
  }

  it("does not prune before nStartupTrials trials are COMPLETE (PRUNED and FAIL do not count)", async () => {
    const study = await studyWith(new MedianPruner({ nStartupTrials: 3 }));
    await addFinished(study, [1]);
    await addFinished(study, [2]);
    await addFinished(study, [0], "PRUNED");
    await addFinished(study, [0], "FAIL");
    const trial = await running(study, [100]);
    assert.equal(trial.shouldPrune(), false);
    await addFinished(study, [3]);
    assert.equal(trial.shouldPrune(), true);
  });

  it("never prunes without a COMPLETE trial, even with nStartupTrials 0", async () => {
    const study = await studyWith(new MedianPruner({ nStartupTrials: 0 }));
    const trial = await running(study, [NaN_]);
    assert.equal(trial.shouldPrune(), false);
  });

  it("does not prune a trial with no report", async () => {
    const study = await studyWith(new MedianPruner({ nStartupTrials: 1 }));
    await addFinished(study, [1]);
    const trial = await running(study);
    assert.equal(trial.shouldPrune(), false);
  });

  it("does not prune during the warmup, and prunes from the first step after it", async () => {
    const study = await studyWith(new MedianPruner({ nStartupTrials: 1, nWarmupSteps: 2 }));
    await addFinished(study, [0, 0, 0, 0]);
    const trial = await running(study);
    const verdicts = [1, 1, 1, 1].map((v, step) => {
      trial.report(v, step);
      return trial.shouldPrune();
    });
    assert.deepEqual(verdicts, [false, false, true, true]);
  });

  it("checks only at the first report of each interval after the warmup", async () => {
    const study = await studyWith(new MedianPruner({ nStartupTrials: 1, nWarmupSteps: 1, intervalSteps: 2 }));
    await addFinished(study, [0, 0, 0, 0, 0, 0]);
    const trial = await running(study);
    const verdicts = [1, 1, 1, 1, 1, 1].map((v, step) => {
      trial.report(v, step);
      return trial.shouldPrune();
    });
    // boundaries at steps 1, 3, 5
    assert.deepEqual(verdicts, [false, true, false, true, false, true]);
  });

  it("needs nMinTrials COMPLETE values at exactly this step", async () => {
    const study = await studyWith(new MedianPruner({ nStartupTrials: 1, nMinTrials: 2 }));
    await addFinished(study, [1, 1]);
    await addFinished(study, [1]);
    const trial = await running(study, [5]);
    assert.equal(trial.shouldPrune(), true, "two trials reported step 0");
    trial.report(5, 1);
    assert.equal(trial.shouldPrune(), false, "only one trial reported step 1");
    trial.report(5, 7);
    assert.equal(trial.shouldPrune(), false, "nobody reported step 7");
  });

  it("ignores NaN values of other trials in the percentile but counts them for nMinTrials", async () => {
    const study = await studyWith(new MedianPruner({ nStartupTrials: 1, nMinTrials: 2 }));
    await addFinished(study, { 0: NaN_ });
    await addFinished(study, { 0: 1 });
    const trial = await running(study, [1.5]);
    assert.equal(trial.shouldPrune(), true);
    const study2 = await studyWith(new MedianPruner({ nStartupTrials: 1 }));
    await addFinished(study2, { 0: NaN_ });
    const t2 = await running(study2, [1e9]);
    assert.equal(t2.shouldPrune(), false, "the percentile of no number is NaN: no prune");
  });

  it("uses the best value so far and the other side of the median when maximizing", async () => {
    const study = await studyWith(new MedianPruner({ nStartupTrials: 2 }), "maximize");
    await addFinished(study, [1, 2]);
    await addFinished(study, [3, 4]);
    assert.equal((await running(study, [1.9])).shouldPrune(), true);
    assert.equal((await running(study, [2])).shouldPrune(), false);
    assert.equal((await running(study, [2.5, 0])).shouldPrune(), true, "max so far 2.5 is below the step-1 median 3");
    assert.equal((await running(study, [3.5, 0])).shouldPrune(), false, "max so far 3.5 is above it");
  });
});

describe("PercentilePruner decisions", () => {
  async function fiveTrials(direction: "minimize" | "maximize", percentile: number) {
    const study = await studyWith(new PercentilePruner({ percentile, nStartupTrials: 5 }), direction);
    for (const v of [1, 2, 3, 4, 5]) await addFinished(study, [v]);
    return study;
  }

  it("minimize: prunes above the 25th percentile of the COMPLETE values", async () => {
    const study = await fiveTrials("minimize", 25);
    assert.equal((await running(study, [2.01])).shouldPrune(), true);
    assert.equal((await running(study, [2])).shouldPrune(), false);
  });

  it("maximize: prunes below the (100 − 25)th percentile", async () => {
    const study = await fiveTrials("maximize", 25);
    assert.equal((await running(study, [3.99])).shouldPrune(), true);
    assert.equal((await running(study, [4])).shouldPrune(), false);
  });

  it("percentile 0 and 100 are the extremes", async () => {
    const lo = await fiveTrials("minimize", 0);
    assert.equal((await running(lo, [1.5])).shouldPrune(), true);
    const hi = await fiveTrials("minimize", 100);
    assert.equal((await running(hi, [5])).shouldPrune(), false);
    assert.equal((await running(hi, [5.5])).shouldPrune(), true);
  });
});

describe("PercentilePruner / MedianPruner options", () => {
  it("have Optuna's defaults", () => {
    const m = new MedianPruner();
    assert.deepEqual(
      [m.percentile, m.nStartupTrials, m.nWarmupSteps, m.intervalSteps, m.nMinTrials],
      [50, 5, 0, 1, 1],
    );
  });

  const bad: [string, () => unknown, RegExp][] = [
    ["percentile above 100", () => new PercentilePruner({ percentile: 101 }), /PercentilePruner: percentile must be a number in \[0, 100\], got 101/],
    ["percentile below 0", () => new PercentilePruner({ percentile: -1 }), /percentile .* got -1/],
    ["percentile NaN", () => new PercentilePruner({ percentile: Number.NaN }), /percentile .* got NaN/],
    ["percentile missing", () => new PercentilePruner({} as never), /percentile .* got undefined/],
    ["no options", () => new PercentilePruner(undefined as never), /PercentilePruner takes an options object/],
    ["MedianPruner with a number", () => new MedianPruner(5 as never), /MedianPruner takes an options object, got 5/],
    ["nStartupTrials negative", () => new MedianPruner({ nStartupTrials: -1 }), /MedianPruner: nStartupTrials must be an integer >= 0, got -1/],
    ["nStartupTrials fractional", () => new MedianPruner({ nStartupTrials: 1.5 }), /nStartupTrials must be an integer >= 0, got 1.5/],
    ["nWarmupSteps negative", () => new MedianPruner({ nWarmupSteps: -1 }), /nWarmupSteps must be an integer >= 0, got -1/],
    ["intervalSteps 0", () => new MedianPruner({ intervalSteps: 0 }), /intervalSteps must be an integer >= 1, got 0/],
    ["nMinTrials 0", () => new PercentilePruner({ percentile: 10, nMinTrials: 0 }), /PercentilePruner: nMinTrials must be an integer >= 1, got 0/],
    ["a string", () => new MedianPruner({ nWarmupSteps: "3" as never }), /nWarmupSteps must be an integer >= 0, got "3"/],
  ];
  for (const [name, build, message] of bad) {
    it(`reject ${name} with one message naming the option`, () => {
      assert.throws(build, (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message));
    });
  }
});
