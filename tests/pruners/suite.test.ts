/**
 * The conformance suite every pruner passes (STYLE §17): one list of pruners, the same checks,
 * and declared skips with a reason instead of class-specific branches.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createStudy,
  HyperbandPruner,
  InvalidArgumentError,
  MedianPruner,
  NopPruner,
  PatientPruner,
  PercentilePruner,
  type Pruner,
  RandomSampler,
  SuccessiveHalvingPruner,
  ThresholdPruner,
  TrialPruned,
  WilcoxonPruner,
} from "../../src/index.js";
import { running, studyWith } from "./helpers.js";

interface Entry {
  name: string;
  create: () => Pruner;
  /** Builds it with a bad (non-object) options argument. */
  createWithBadOptions?: () => Pruner;
  skip?: { test: string; reason: string }[];
}

const PRUNERS: Entry[] = [
  { name: "NopPruner", create: () => new NopPruner(), skip: [{ test: "options", reason: "NopPruner takes no options" }] },
  { name: "MedianPruner", create: () => new MedianPruner({ nStartupTrials: 1 }), createWithBadOptions: () => new MedianPruner(5 as never) },
  { name: "PercentilePruner", create: () => new PercentilePruner({ percentile: 25, nStartupTrials: 1 }), createWithBadOptions: () => new PercentilePruner(7 as never) },
  { name: "SuccessiveHalvingPruner", create: () => new SuccessiveHalvingPruner({ minResource: 1 }), createWithBadOptions: () => new SuccessiveHalvingPruner(null as never) },
  { name: "HyperbandPruner", create: () => new HyperbandPruner({ maxResource: 10 }), createWithBadOptions: () => new HyperbandPruner(null as never) },
  { name: "ThresholdPruner", create: () => new ThresholdPruner({ upper: 1.5 }), createWithBadOptions: () => new ThresholdPruner(null as never) },
  { name: "PatientPruner", create: () => new PatientPruner({ patience: 1 }), createWithBadOptions: () => new PatientPruner(null as never) },
  { name: "WilcoxonPruner", create: () => new WilcoxonPruner(), createWithBadOptions: () => new WilcoxonPruner(null as never) },
];

function skipped(e: Entry, test: string): string | undefined {
  return e.skip?.find((s) => s.test === test)?.reason;
}

for (const entry of PRUNERS) {
  describe(`${entry.name} conformance`, () => {
    it("does not prune a trial that reported nothing", async () => {
      const study = await studyWith(entry.create());
      await study.tell(await running(study, [1, 2, 3]), 3);
      assert.equal((await running(study)).shouldPrune(), false);
    });

    it("returns a boolean for ordinary, NaN and infinite values", async () => {
      for (const v of [0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const study = await studyWith(entry.create());
        await study.tell(await running(study, [1, 1, 1]), 1);
        assert.equal(typeof (await running(study, [v, v, v])).shouldPrune(), "boolean");
      }
    });

    it("rejects a non-object options argument with InvalidArgumentError", { skip: skipped(entry, "options") }, () => {
      assert.throws(() => entry.createWithBadOptions?.(), InvalidArgumentError);
    });

    for (const direction of ["minimize", "maximize"] as const) {
      it(`runs through optimize (${direction}): each trial COMPLETE or PRUNED with its last value`, async () => {
        const study = await createStudy({ direction, pruner: entry.create(), sampler: new RandomSampler({ seed: 7 }), studyName: "suite" });
        await study.optimize(
          (trial) => {
            const x = trial.suggestFloat("x", 0, 2);
            const score = (s: number) => (direction === "minimize" ? x + 1 / (s + 1) : -x - 1 / (s + 1));
            for (let s = 0; s < 8; s++) {
              trial.report(score(s), s);
              if (trial.shouldPrune()) throw new TrialPruned();
            }
            return score(7);
          },
          { nTrials: 12 },
        );
        assert.equal(study.trials.length, 12);
        for (const t of study.trials) {
          assert.ok(t.state === "COMPLETE" || t.state === "PRUNED", `trial ${t.number} is ${t.state}`);
          const steps = Object.keys(t.intermediateValues).map(Number);
          assert.equal(t.value, t.intermediateValues[Math.max(...steps)]);
        }
      });
    }
  });
}
