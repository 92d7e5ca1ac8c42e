import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArgumentError, NopPruner, PatientPruner, type Pruner } from "../../src/index.js";
import { running, studyWith } from "./helpers.js";

const NaN_ = Number.NaN;

describe("PatientPruner decisions (no wrapped pruner)", () => {
  // patience 2: the last 3 reports are "recent", the rest "before".
  const table: [string, number[], number, "minimize" | "maximize", boolean][] = [
    ["too few reports (patience + 1)", [1, 2, 3], 0, "minimize", false],
    ["recent best 3 improves on 4", [5, 4, 3, 3.5, 4], 0, "minimize", false],
    ["no improvement after 3", [3, 4, 5, 6], 0, "minimize", true],
    ["equal is not worse", [3, 4, 3, 6], 0, "minimize", false],
    ["minDelta: 3 + 1.5 < 4 is false", [3, 4, 5, 6], 1.5, "minimize", false],
    ["minDelta: 3 + 0.5 < 4", [3, 4, 5, 6], 0.5, "minimize", true],
    ["maximize: no improvement after 6", [6, 5, 4, 3], 0, "maximize", true],
    ["maximize: recent best 7 improves", [6, 5, 4, 7], 0, "maximize", false],
    ["NaN before: nanmin of nothing is NaN → no prune", [NaN_, 4, 5, 6], 0, "minimize", false],
    ["NaN among recent values is ignored", [3, 4, NaN_, 6], 0, "minimize", true],
    ["all recent NaN → no prune", [3, NaN_, NaN_, NaN_], 0, "minimize", false],
  ];
  for (const [name, values, minDelta, direction, expected] of table) {
    it(`${name}: [${values.join(", ")}] → ${expected ? "prune" : "keep"}`, async () => {
      const study = await studyWith(new PatientPruner({ patience: 2, minDelta }), direction);
      assert.equal((await running(study, values)).shouldPrune(), expected);
    });
  }

  it("orders reports by step, not by report order", async () => {
    const study = await studyWith(new PatientPruner({ patience: 0 }));
    // by step: 1 (step 0), 2 (step 1) → stalled
    assert.equal((await running(study, { 1: 2, 0: 1 })).shouldPrune(), true);
    assert.equal((await running(study, { 1: 1, 0: 2 })).shouldPrune(), false);
  });
});

describe("PatientPruner with a wrapped pruner", () => {
  function spy(answer: boolean): Pruner & { calls: number } {
    return {
      calls: 0,
      prune() {
        this.calls++;
        return answer;
      },
    };
  }

  it("asks the wrapped pruner only when the trial stalled, and returns its verdict", async () => {
    const yes = spy(true);
    const study = await studyWith(new PatientPruner({ wrappedPruner: yes, patience: 1 }));
    assert.equal((await running(study, [3, 2, 1])).shouldPrune(), false);
    assert.equal(yes.calls, 0);
    assert.equal((await running(study, [1, 2, 3])).shouldPrune(), true);
    assert.equal(yes.calls, 1);
    const no = new PatientPruner({ wrappedPruner: new NopPruner(), patience: 1 });
    const s2 = await studyWith(no);
    assert.equal((await running(s2, [1, 2, 3])).shouldPrune(), false);
  });
});

describe("PatientPruner options", () => {
  it("have Optuna's defaults", () => {
    const p = new PatientPruner({ patience: 3 });
    assert.deepEqual([p.wrappedPruner, p.patience, p.minDelta], [undefined, 3, 0]);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ["patience missing", () => new PatientPruner({} as never), /PatientPruner: patience must be an integer >= 0, got undefined/],
    ["patience −1", () => new PatientPruner({ patience: -1 }), /patience must be an integer >= 0, got -1/],
    ["patience fractional", () => new PatientPruner({ patience: 0.5 }), /patience must be an integer >= 0, got 0.5/],
    ["minDelta −0.1", () => new PatientPruner({ patience: 1, minDelta: -0.1 }), /minDelta must be a finite number >= 0, got -0.1/],
    ["minDelta NaN", () => new PatientPruner({ patience: 1, minDelta: Number.NaN }), /minDelta must be a finite number >= 0, got NaN/],
    ["wrappedPruner not a pruner", () => new PatientPruner({ patience: 1, wrappedPruner: {} as never }), /wrappedPruner must be a Pruner/],
    ["no options", () => new PatientPruner(undefined as never), /PatientPruner takes an options object/],
  ];
  for (const [name, build, message] of bad) {
    it(`reject ${name} with one message naming the option`, () => {
      assert.throws(build, (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message));
    });
  }
});
