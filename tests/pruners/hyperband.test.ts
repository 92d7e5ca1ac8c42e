import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createStudy,
  type Distribution,
  HyperbandPruner,
  InvalidArgumentError,
  MedianPruner,
  type ParamValue,
  PatientPruner,
  RandomSampler,
  type Sampler,
  type StudyView,
  TrialPruned,
  type FrozenTrial,
} from "../../src/index.js";
import { completedRungKey } from "../../src/pruners/successive-halving.js";
import { addFinished, report, running, studyWith } from "./helpers.js";

// Oracle computed with Python: binascii.crc32(f"{name}_{n}".encode()) % 143 walked through the
// budgets [81, 34, 15, 8, 5] (maxResource 100, minResource 1, η 3), as Optuna does.
const HB_TEST = [0, 2, 1, 0, 0, 1, 1, 1, 0, 4, 0, 4, 0, 1, 0, 2, 1, 2, 0, 0, 0, 3, 2, 0, 3, 1, 0, 0, 0, 0];
const OTHER_NAME = [2, 1, 0, 0, 1, 0, 1, 0, 3, 2, 0, 1, 0, 0, 0, 1, 0, 0, 2, 0, 3, 0, 2, 4, 1, 1, 1, 0, 1, 0];

describe("HyperbandPruner brackets", () => {
  it("has floor(log_η(max/min)) + 1 brackets with Optuna's budgets", async () => {
    const cases: [number, number, number, number[]][] = [
      [100, 1, 3, [81, 34, 15, 8, 5]],
      [27, 1, 3, [27, 12, 6, 4]],
      [1000, 1, 4, [256, 80, 27, 10, 5]],
      [10, 1, 2, [8, 6, 4, 4]],
      [5, 5, 3, [1]],
    ];
    for (const [maxResource, minResource, reductionFactor, budgets] of cases) {
      const p = new HyperbandPruner({ maxResource, minResource, reductionFactor });
      const study = await studyWith(p);
      (await running(study, [1])).shouldPrune();
      assert.deepEqual(p.budgets, budgets, `max ${maxResource}, min ${minResource}, η ${reductionFactor}`);
      assert.equal(p.nBrackets, budgets.length);
    }
  });

  it("counts brackets exactly at powers of η (243 = 3^5 → 6 brackets)", async () => {
    const p = new HyperbandPruner({ maxResource: 243 });
    (await running(await studyWith(p), [1])).shouldPrune();
    assert.equal(p.nBrackets, 6);
  });

  it("assigns brackets by crc32 of the study name and trial number, as Optuna does", async () => {
    const p = new HyperbandPruner({ maxResource: 100 });
    const study = await studyWith(p, "minimize", "hb-test");
    (await running(study, [1])).shouldPrune();
    assert.deepEqual(
      HB_TEST.map((_, n) => p.bracketOf("hb-test", n)),
      HB_TEST,
    );
    assert.deepEqual(
      OTHER_NAME.map((_, n) => p.bracketOf("other-name", n)),
      OTHER_NAME,
    );
  });

  it("gives the same brackets to a new pruner for the same study name", async () => {
    const a = new HyperbandPruner({ maxResource: 100 });
    const b = new HyperbandPruner({ maxResource: 100 });
    (await running(await studyWith(a, "minimize", "s1"), [1])).shouldPrune();
    (await running(await studyWith(b, "minimize", "s2"), [1])).shouldPrune();
    const n = Array.from({ length: 50 }, (_, i) => i);
    assert.deepEqual(n.map((i) => a.bracketOf("stable", i)), n.map((i) => b.bracketOf("stable", i)));
  });

  it('"auto" maxResource waits for a COMPLETE trial, then is its last step + 1', async () => {
    const p = new HyperbandPruner();
    const study = await studyWith(p);
    const t = await running(study, { 0: 100, 1: 100, 2: 100 });
    assert.equal(t.shouldPrune(), false);
    assert.equal(p.nBrackets, undefined);
    assert.equal(p.bracketOf("x", 3), 0, "every trial is in bracket 0 before initialization");
    await addFinished(study, { 0: 1, 26: 1 });
    (await running(study, [1])).shouldPrune();
    assert.equal(p.maxResource, 27);
    assert.deepEqual(p.budgets, [27, 12, 6, 4]);
  });
});

describe("HyperbandPruner decisions", () => {
  it("runs each bracket's successive halving with minEarlyStoppingRate = bracket", async () => {
    const p = new HyperbandPruner({ maxResource: 100 });
    const study = await studyWith(p, "minimize", "hb-test");
    // trial 0 is in bracket 0 (first rung at step 1), trial 1 in bracket 2 (first rung at 9)
    const t0 = await running(study, { 0: 1, 1: 1 });
    assert.equal(t0.shouldPrune(), false);
    assert.equal(t0.systemAttrs[completedRungKey(0)], 1);
    const t1 = await running(study, { 0: 1, 1: 1, 8: 1 });
    assert.equal(t1.shouldPrune(), false);
    assert.equal(t1.systemAttrs[completedRungKey(0)], undefined);
    report(t1, { 9: 1 });
    t1.shouldPrune();
    assert.equal(t1.systemAttrs[completedRungKey(0)], 1);
  });

  it("compares a trial only with the trials of its bracket", async () => {
    const p = new HyperbandPruner({ maxResource: 100 });
    const study = await studyWith(p, "minimize", "hb-test");
    // trials 0 and 3 are in bracket 0; trial 2 in bracket 1
    const t0 = await running(study, { 1: 1 });
    assert.equal(t0.shouldPrune(), false);
    const t1 = await running(study, { 1: 1 }); // bracket 2: no rung yet
    assert.equal(t1.shouldPrune(), false);
    const t2 = await running(study, { 3: 10 }); // bracket 1: first rung at 3, alone there
    assert.equal(t2.shouldPrune(), false, "trial 0's value 1 is in another bracket");
    const t3 = await running(study, { 1: 10 }); // bracket 0 with trial 0
    assert.equal(t3.shouldPrune(), true);
  });
});

/** A sampler that records which trial numbers it saw for each trial it sampled. */
class RecordingSampler implements Sampler {
  readonly seen = new Map<number, number[]>();
  private readonly inner = new RandomSampler({ seed: 3 });
  inferRelativeSearchSpace() {
    return {};
  }
  sampleRelative() {
    return {};
  }
  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, d: Distribution): ParamValue {
    this.seen.set(trial.number, study.getTrials().map((t) => t.number));
    return this.inner.sampleIndependent(study, trial, name, d);
  }
}

describe("HyperbandPruner and the sampler", () => {
  it("shows the sampler only the trials of the current trial's bracket", async () => {
    const pruner = new HyperbandPruner({ maxResource: 100 });
    const sampler = new RecordingSampler();
    const study = await createStudy({ studyName: "hb-test", sampler, pruner });
    await study.optimize(
      (trial) => {
        const x = trial.suggestFloat("x", 0, 1);
        for (let step = 0; step < 3; step++) {
          trial.report(x + step, step);
          if (trial.shouldPrune()) throw new TrialPruned();
        }
        return x;
      },
      { nTrials: 30 },
    );
    assert.equal(study.trials.length, 30);
    for (const [n, seen] of sampler.seen) {
      assert.ok(seen.includes(n), `trial ${n} sees itself`);
      for (const m of seen) assert.equal(HB_TEST[m], HB_TEST[n], `trial ${n} (bracket ${HB_TEST[n]}) saw trial ${m}`);
      assert.deepEqual(seen, HB_TEST.slice(0, n + 1).flatMap((b, m) => (b === HB_TEST[n] ? [m] : [])));
    }
  });

  it("a PatientPruner wrapping Hyperband passes the bracket view through; over Median the sampler sees everything", async () => {
    const hb = new HyperbandPruner({ maxResource: 100 });
    const patient = new PatientPruner({ wrappedPruner: hb, patience: 1 });
    const study = await studyWith(patient, "minimize", "hb-test");
    for (let i = 0; i < 3; i++) await study.tell(await running(study, [1]), 1);
    const t3 = await study.ask();
    const view = patient.studyForSampler?.(study, t3.frozen);
    assert.deepEqual(view?.getTrials().map((t) => t.number), [0, 3]);
    assert.equal(new PatientPruner({ wrappedPruner: new MedianPruner(), patience: 1 }).studyForSampler, undefined);
  });
});

describe("HyperbandPruner options", () => {
  it("have Optuna's defaults", () => {
    const p = new HyperbandPruner();
    assert.deepEqual([p.minResource, p.maxResource, p.reductionFactor, p.bootstrapCount], [1, undefined, 3, 0]);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ["minResource 0", () => new HyperbandPruner({ minResource: 0 }), /HyperbandPruner: minResource must be an integer >= 1, got 0/],
    ["maxResource below minResource", () => new HyperbandPruner({ minResource: 5, maxResource: 4 }), /maxResource must be an integer >= minResource \(5\) or "auto", got 4/],
    ["maxResource as another string", () => new HyperbandPruner({ maxResource: "max" as never }), /maxResource .* got "max"/],
    ["reductionFactor 1", () => new HyperbandPruner({ reductionFactor: 1 }), /reductionFactor must be an integer >= 2, got 1/],
    ["bootstrapCount −1", () => new HyperbandPruner({ maxResource: 9, bootstrapCount: -1 }), /bootstrapCount must be an integer >= 0, got -1/],
    ["bootstrapCount with auto", () => new HyperbandPruner({ bootstrapCount: 2 }), /bootstrapCount > 0 needs a numeric maxResource/],
  ];
  for (const [name, build, message] of bad) {
    it(`reject ${name} with one message naming the option`, () => {
      assert.throws(build, (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message));
    });
  }
});
