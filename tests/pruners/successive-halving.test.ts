import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArgumentError, SuccessiveHalvingPruner } from "../../src/index.js";
import { completedRungKey } from "../../src/pruners/successive-halving.js";
import { addFinished, report, running, studyWith } from "./helpers.js";

/** Rungs of a trial's system attrs, in order. */
function rungs(trial: { systemAttrs: Readonly<Record<string, unknown>> }): unknown[] {
  const out: unknown[] = [];
  for (let r = 0; Object.hasOwn(trial.systemAttrs, completedRungKey(r)); r++) out.push(trial.systemAttrs[completedRungKey(r)]);
  return out;
}

describe("SuccessiveHalvingPruner decisions", () => {
  it("records the latest value at each rung and keeps the top 1/η (minimize)", async () => {
    // η = 2, minResource 1: rungs at steps 1, 2, 4, 8, …
    const study = await studyWith(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }));
    const a = await running(study, [9]);
    assert.equal(a.shouldPrune(), false, "step 0 is before the first rung");
    assert.deepEqual(rungs(a), []);
    report(a, { 1: 5 });
    assert.equal(a.shouldPrune(), false, "alone at rung 0: promoted");
    assert.deepEqual(rungs(a), [5]);

    const b = await running(study, { 0: 0, 1: 6 });
    assert.equal(b.shouldPrune(), true, "[5, 6]: keep index floor(2/2) − 1 = 0 → only 5 survives");
    assert.deepEqual(rungs(b), [6], "the value is recorded even when pruned");

    const c = await running(study, { 1: 4 });
    assert.equal(c.shouldPrune(), false, "[4, 5, 6]: index 0 → 4 survives");
    const d = await running(study, { 1: 4.5 });
    assert.equal(d.shouldPrune(), false, "[4, 4.5, 5, 6]: index 1 → 4.5 survives");
    const e = await running(study, { 1: 5 });
    assert.equal(e.shouldPrune(), true, "[4, 4.5, 5, 5, 6]: index 1 → 5 > 4.5 is pruned");
  });

  it("checks the next rungs in the same call when steps were skipped", async () => {
    const study = await studyWith(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }));
    const a = await running(study, { 1: 5 });
    assert.equal(a.shouldPrune(), false);
    const e = await running(study, { 4: 1 });
    assert.equal(e.shouldPrune(), false);
    assert.deepEqual(rungs(e), [1, 1, 1], "rungs 0 (step 1), 1 (step 2) and 2 (step 4) completed at step 4");
    report(e, { 7: 1 });
    assert.equal(e.shouldPrune(), false);
    assert.deepEqual(rungs(e), [1, 1, 1], "rung 3 is at step 8");
  });

  it("uses the latest value, not the best", async () => {
    const study = await studyWith(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }));
    const a = await running(study, { 1: 5 });
    a.shouldPrune();
    const b = await running(study, { 0: 1, 1: 6 });
    assert.equal(b.shouldPrune(), true);
    assert.deepEqual(rungs(b), [6]);
  });

  it("maximize keeps the largest values", async () => {
    const study = await studyWith(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }), "maximize");
    const a = await running(study, { 1: 5 });
    assert.equal(a.shouldPrune(), false);
    const b = await running(study, { 1: 4 });
    assert.equal(b.shouldPrune(), true);
    const c = await running(study, { 1: 6 });
    assert.equal(c.shouldPrune(), false);
  });

  it("prunes NaN at a rung but not before the first rung", async () => {
    const study = await studyWith(new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2 }));
    const t = await running(study, { 0: Number.NaN, 1: Number.NaN });
    assert.equal(t.shouldPrune(), false);
    report(t, { 2: Number.NaN });
    assert.equal(t.shouldPrune(), true);
    assert.deepEqual(rungs(t), [], "NaN is never recorded");
  });

  it("minEarlyStoppingRate moves the first rung to minResource · η^s", async () => {
    const study = await studyWith(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 1 }));
    const t = await running(study, { 0: 1, 1: 1, 2: 1 });
    assert.equal(t.shouldPrune(), false);
    assert.deepEqual(rungs(t), []);
    report(t, { 3: 1 });
    assert.equal(t.shouldPrune(), false);
    assert.deepEqual(rungs(t), [1]);
  });

  it("bootstrapCount prunes every trial until more than that many reached the rung", async () => {
    const study = await studyWith(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2, bootstrapCount: 2 }));
    const verdicts = [];
    for (const v of [1, 2, 0.5, 0.1]) verdicts.push((await running(study, { 1: v })).shouldPrune());
    assert.deepEqual(verdicts, [true, true, false, false]);
  });

  it('"auto" minResource waits for a COMPLETE trial, then is max(1, floor(last step / 100))', async () => {
    const pruner = new SuccessiveHalvingPruner();
    const study = await studyWith(pruner);
    const t = await running(study, { 0: 1, 5: 1 });
    assert.equal(t.shouldPrune(), false);
    assert.equal(pruner.minResource, undefined);
    await addFinished(study, { 0: 1, 250: 1 });
    const u = await running(study, { 1: 1 });
    assert.equal(u.shouldPrune(), false);
    assert.equal(pruner.minResource, 2, "floor(250 / 100)");
    assert.deepEqual(rungs(u), []);

    const p2 = new SuccessiveHalvingPruner();
    const s2 = await studyWith(p2);
    await addFinished(s2, { 0: 1, 99: 1 });
    assert.equal((await running(s2, { 0: 1 })).shouldPrune(), false);
    assert.equal(p2.minResource, 1, "max(1, floor(99 / 100))");
  });

  it("writes completed_rung_r to storage with the trial", async () => {
    const study = await studyWith(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }));
    const t = await running(study, { 1: 3 });
    t.shouldPrune();
    const told = await study.tell(t, 3);
    assert.equal(told.systemAttrs[completedRungKey(0)], 3);
    const stored = await study.storage.getTrial(t.trialId);
    assert.equal(stored.systemAttrs[completedRungKey(0)], 3);
  });
});

describe("SuccessiveHalvingPruner options", () => {
  it("have Optuna's defaults", () => {
    const p = new SuccessiveHalvingPruner();
    assert.deepEqual([p.minResource, p.reductionFactor, p.minEarlyStoppingRate, p.bootstrapCount], [undefined, 4, 0, 0]);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ["minResource 0", () => new SuccessiveHalvingPruner({ minResource: 0 }), /SuccessiveHalvingPruner: minResource must be an integer >= 1 or "auto", got 0/],
    ["minResource as another string", () => new SuccessiveHalvingPruner({ minResource: "x" as never }), /minResource .* got "x"/],
    ["minResource fractional", () => new SuccessiveHalvingPruner({ minResource: 1.5 }), /minResource .* got 1.5/],
    ["reductionFactor 1", () => new SuccessiveHalvingPruner({ reductionFactor: 1 }), /reductionFactor must be an integer >= 2, got 1/],
    ["minEarlyStoppingRate −1", () => new SuccessiveHalvingPruner({ minEarlyStoppingRate: -1 }), /minEarlyStoppingRate must be an integer >= 0, got -1/],
    ["bootstrapCount −1", () => new SuccessiveHalvingPruner({ minResource: 1, bootstrapCount: -1 }), /bootstrapCount must be an integer >= 0, got -1/],
    ["bootstrapCount with auto", () => new SuccessiveHalvingPruner({ bootstrapCount: 1 }), /bootstrapCount > 0 needs a numeric minResource/],
    ["non-object options", () => new SuccessiveHalvingPruner(3 as never), /takes an options object, got 3/],
  ];
  for (const [name, build, message] of bad) {
    it(`reject ${name} with one message naming the option`, () => {
      assert.throws(build, (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message));
    });
  }
});
