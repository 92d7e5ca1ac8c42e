import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArgumentError, ThresholdPruner } from "../../src/index.js";
import { running, studyWith } from "./helpers.js";

describe("ThresholdPruner decisions", () => {
  const table: [string, ConstructorParameters<typeof ThresholdPruner>[0], number[], boolean][] = [
    ["inside the bounds", { lower: 0, upper: 1 }, [0.5], false],
    ["at the lower bound", { lower: 0, upper: 1 }, [0], false],
    ["at the upper bound", { lower: 0, upper: 1 }, [1], false],
    ["below lower", { lower: 0, upper: 1 }, [-0.01], true],
    ["above upper", { lower: 0, upper: 1 }, [1.01], true],
    ["NaN", { lower: 0, upper: 1 }, [Number.NaN], true],
    ["+Infinity over an upper bound", { upper: 1e300 }, [Number.POSITIVE_INFINITY], true],
    ["only an upper bound: very negative is fine", { upper: 1 }, [-1e300], false],
    ["only a lower bound: very large is fine", { lower: 1 }, [1e300], false],
    ["the latest value decides, not the best", { upper: 1 }, [0, 2], true],
    ["a recovered trial is kept", { upper: 1 }, [2, 0], false],
  ];
  for (const [name, options, values, expected] of table) {
    it(`${name}: [${values.join(", ")}] → ${expected ? "prune" : "keep"}`, async () => {
      const study = await studyWith(new ThresholdPruner(options));
      assert.equal((await running(study, values)).shouldPrune(), expected);
    });
  }

  it("does not prune during the warmup or off the interval", async () => {
    const study = await studyWith(new ThresholdPruner({ upper: 0, nWarmupSteps: 2, intervalSteps: 2 }));
    const trial = await study.ask();
    const verdicts = [1, 1, 1, 1, 1, 1].map((v, step) => {
      trial.report(v, step);
      return trial.shouldPrune();
    });
    assert.deepEqual(verdicts, [false, false, true, false, true, false]);
  });

  it("needs no other trial and works the same when maximizing", async () => {
    const study = await studyWith(new ThresholdPruner({ lower: 0.5 }), "maximize");
    assert.equal((await running(study, [0.4])).shouldPrune(), true);
    assert.equal((await running(study, [0.6])).shouldPrune(), false);
    assert.equal((await running(study, [])).shouldPrune(), false, "no report: no verdict");
  });
});

describe("ThresholdPruner options", () => {
  it("have Optuna's defaults", () => {
    const p = new ThresholdPruner({ upper: 3 });
    assert.deepEqual([p.lower, p.upper, p.nWarmupSteps, p.intervalSteps], [Number.NEGATIVE_INFINITY, 3, 0, 1]);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ["neither bound", () => new ThresholdPruner({}), /ThresholdPruner: give lower, upper or both; neither was given/],
    ["no options", () => new ThresholdPruner(undefined as never), /ThresholdPruner takes an options object/],
    ["lower above upper", () => new ThresholdPruner({ lower: 2, upper: 1 }), /lower must be <= upper, got lower=2, upper=1/],
    ["a string bound", () => new ThresholdPruner({ lower: "0" as never }), /lower must be a number \(not NaN\), got "0"/],
    ["a NaN bound", () => new ThresholdPruner({ upper: Number.NaN }), /upper must be a number \(not NaN\), got NaN/],
    ["nWarmupSteps −1", () => new ThresholdPruner({ upper: 1, nWarmupSteps: -1 }), /nWarmupSteps must be an integer >= 0, got -1/],
    ["intervalSteps 0", () => new ThresholdPruner({ upper: 1, intervalSteps: 0 }), /intervalSteps must be an integer >= 1, got 0/],
  ];
  for (const [name, build, message] of bad) {
    it(`reject ${name} with one message naming the option`, () => {
      assert.throws(build, (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message));
    });
  }
});
