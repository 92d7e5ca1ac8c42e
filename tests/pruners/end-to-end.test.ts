import assert from "node:assert/strict";
import * as messages from "../../src/messages.js";
import { describe, it } from "node:test";
import {
  captureWarnings,
  createStudy,
  InvalidArgumentError,
  MedianPruner,
  NopPruner,
  RandomSampler,
  SuccessiveHalvingPruner,
  ThresholdPruner,
  TrialPruned,
  UpdateFinishedTrialError,
} from "../../src/index.js";
import { running, studyWith } from "./helpers.js";

describe("report", () => {
  it("rejects a negative, fractional or non-numeric step, and a non-number value", async () => {
    const study = await studyWith(new NopPruner());
    const trial = await study.ask();
    for (const step of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, "1" as never]) {
      assert.throws(
        () => trial.report(1, step),
        (e: unknown) => e instanceof InvalidArgumentError && /step must be a non-negative integer/.test(e.message),
        `step ${String(step)}`,
      );
    }
    assert.throws(() => trial.report("1" as never, 0), (e: unknown) => e instanceof InvalidArgumentError && /value must be a number/.test(e.message));
    assert.deepEqual(trial.intermediateValues, {});
  });

  it("ignores a second report at the same step with a warning", async () => {
    const study = await studyWith(new NopPruner());
    const trial = await study.ask();
    const { warnings } = await captureWarnings(() => {
      trial.report(1, 0);
      trial.report(2, 0);
    });
    assert.deepEqual(warnings, [messages.duplicateReport(trial.number, 0)]);
    assert.deepEqual(trial.intermediateValues, { 0: 1 });
    const told = await study.tell(trial, 1);
    assert.deepEqual(told.intermediateValues, { 0: 1 });
  });

  it("accepts NaN and infinite values, and is refused after tell", async () => {
    const study = await studyWith(new NopPruner());
    const trial = await running(study, [Number.NaN, Number.POSITIVE_INFINITY]);
    const told = await study.tell(trial, 0);
    assert.ok(Number.isNaN(told.intermediateValues[0] as number));
    assert.equal(told.intermediateValues[1], Number.POSITIVE_INFINITY);
    assert.throws(() => trial.report(1, 5), UpdateFinishedTrialError);
  });

  it("is refused in multi-objective studies, as is shouldPrune", async () => {
    const study = await createStudy({ directions: ["minimize", "maximize"] });
    const trial = await study.ask();
    assert.throws(() => trial.report(1, 0), (e: unknown) => e instanceof InvalidArgumentError && /multi-objective/.test(e.message));
    assert.throws(() => trial.shouldPrune(), (e: unknown) => e instanceof InvalidArgumentError && /multi-objective/.test(e.message));
  });
});

describe("pruning through optimize", () => {
  it("a TrialPruned throw ends the trial PRUNED with its last intermediate value as value", async () => {
    const study = await createStudy({ pruner: new ThresholdPruner({ upper: 5 }), sampler: new RandomSampler({ seed: 0 }) });
    await study.optimize(
      (trial) => {
        const slope = trial.number % 2 === 0 ? 1 : 3; // odd trials exceed 5 at step 2
        for (let step = 0; step < 4; step++) {
          trial.report(slope * step, step);
          if (trial.shouldPrune()) throw new TrialPruned();
        }
        return slope * 3;
      },
      { nTrials: 4 },
    );
    assert.deepEqual(study.trials.map((t) => t.state), ["COMPLETE", "PRUNED", "COMPLETE", "PRUNED"]);
    const pruned = study.trials[1];
    assert.equal(pruned?.value, 6);
    assert.deepEqual(pruned?.intermediateValues, { 0: 0, 1: 3, 2: 6 });
    const stored = await study.storage.getAllTrials(study.studyId);
    assert.deepEqual(stored[1]?.intermediateValues, { 0: 0, 1: 3, 2: 6 }, "intermediate values are in the storage");
    assert.equal(stored[1]?.value, 6);
    assert.equal(study.bestValue, 3);
  });

  it("a pruned trial whose last value is NaN has no value", async () => {
    const study = await createStudy({ pruner: new ThresholdPruner({ upper: 5 }) });
    await study.optimize(
      (trial) => {
        trial.report(Number.NaN, 0);
        if (trial.shouldPrune()) throw new TrialPruned();
        return 0;
      },
      { nTrials: 1 },
    );
    assert.equal(study.trials[0]?.state, "PRUNED");
    assert.equal(study.trials[0]?.value, undefined);
  });

  it("MedianPruner (the default) prunes the bad trials of a deterministic run", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 0 }) });
    // trials 0–4 complete; later trials with a worse curve are pruned at step 0
    await study.optimize(
      (trial) => {
        const offset = trial.number < 5 ? trial.number : trial.number % 2 === 0 ? 100 : -1;
        for (let step = 0; step < 3; step++) {
          trial.report(offset + 1 / (step + 1), step);
          if (trial.shouldPrune()) throw new TrialPruned();
        }
        return offset;
      },
      { nTrials: 9 },
    );
    assert.ok(study.pruner instanceof MedianPruner);
    assert.deepEqual(
      study.trials.map((t) => t.state),
      ["COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE", "PRUNED", "COMPLETE", "PRUNED"],
    );
    assert.equal(study.trials[6]?.value, 101, "pruned at step 0 with value 100 + 1/1");
  });
});

describe("pruning through ask and tell", () => {
  it("tell with state PRUNED keeps the last intermediate value, and SHA's rung attrs are stored", async () => {
    const study = await studyWith(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }));
    const a = await study.ask();
    a.report(1, 0);
    a.report(2, 1);
    assert.equal(a.shouldPrune(), false);
    await study.tell(a, 2);
    const b = await study.ask();
    b.report(5, 0);
    b.report(7, 1);
    assert.equal(b.shouldPrune(), true);
    const told = await study.tell(b, undefined, { state: "PRUNED" });
    assert.equal(told.state, "PRUNED");
    assert.equal(told.value, 7);
    assert.equal(told.systemAttrs.completed_rung_0, 7);
    const byNumber = await study.ask();
    byNumber.report(4, 3);
    const told2 = await study.tell(byNumber.number, undefined, { state: "PRUNED" });
    assert.equal(told2.value, 4);
  });
});
