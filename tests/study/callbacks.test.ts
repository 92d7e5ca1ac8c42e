/** MaxTrialsCallback: stop when the study, across every process, holds N trials in given states. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  createStudy,
  createTrial,
  FloatDistribution,
  InvalidArgumentError,
  loadStudy,
  MaxTrialsCallback,
  RandomSampler,
  TrialPruned,
  UnknownOptionError,
} from "../../src/index.js";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

describe("MaxTrialsCallback", () => {
  it("counts the study's COMPLETE trials, earlier ones included, and stops optimize", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    for (const v of [3, 2, 1]) {
      await study.addTrial(createTrial({ value: v, params: { x: 0.5 }, distributions: { x: new FloatDistribution(0, 1) } }));
    }
    await study.optimize((t) => t.suggestFloat("x", 0, 1), { callbacks: [new MaxTrialsCallback(8)] });
    assert.equal(study.getTrials({ states: ["COMPLETE"] }).length, 8);
    assert.equal(study.trials.length, 8);
    // already at the limit: the next call runs one trial (as Optuna's), then stops
    await study.optimize((t) => t.suggestFloat("x", 0, 1), { callbacks: [new MaxTrialsCallback(8)] });
    assert.equal(study.trials.length, 9);
  });

  it("counts only the given states, or every state with null", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    const objective = (t: { number: number; suggestFloat: (n: string, a: number, b: number) => number }) => {
      const x = t.suggestFloat("x", 0, 1);
      if (t.number % 3 === 1) throw new TrialPruned();
      if (t.number % 3 === 2) throw new RangeError("fails");
      return x;
    };
    await study.optimize(objective, { catch: [RangeError], callbacks: [new MaxTrialsCallback(3, { states: ["PRUNED"] })] });
    assert.equal(study.getTrials({ states: ["PRUNED"] }).length, 3);
    assert.equal(study.trials.length, 8, "trials 0..7: pruned are 1, 4, 7");
    const all = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    await all.optimize(objective, { catch: [RangeError], callbacks: [new MaxTrialsCallback(5, { states: null })] });
    assert.equal(all.trials.length, 5);
    assert.deepEqual(all.trials.map((t) => t.state), ["COMPLETE", "PRUNED", "FAIL", "COMPLETE", "PRUNED"]);
  });

  it("counts the trials of other processes on one SQLite file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parzen-maxtrials-"));
    try {
      const path = join(dir, "shared.db");
      const run = (max: number, label: string) =>
        exec(process.execPath, ["--import", "tsx", join(root, "tests/fixtures/max-trials-study.ts"), path, String(max), label], { cwd: root });
      // one process first: 6 trials; a second then stops at 9 in all, having run 3
      assert.match((await run(6, "a")).stdout, /^a ran 6$/m);
      assert.match((await run(9, "b")).stdout, /^b ran 3$/m);
      // two at once up to 16: each stops once the shared count reaches 16; a trial the other had
      // running when the count was reached may finish after it, so 16 or 17 in all
      const [c, d] = await Promise.all([run(16, "c"), run(16, "d")]);
      const ran = [c, d].map((r) => Number(/ran (\d+)/.exec(r.stdout)?.[1]));
      const study = await loadStudy({ storage: `sqlite:///${path}`, studyName: "shared" });
      const complete = study.getTrials({ states: ["COMPLETE"] }).length;
      assert.ok(complete === 16 || complete === 17, `COMPLETE ${complete}`);
      assert.equal((ran[0] as number) + (ran[1] as number), complete - 9);
      assert.ok(ran.every((n) => n >= 1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a bad count, an unknown state or option", () => {
    assert.throws(() => new MaxTrialsCallback(-1), InvalidArgumentError);
    assert.throws(() => new MaxTrialsCallback(2.5), /non-negative integer/);
    assert.throws(() => new MaxTrialsCallback(3, { states: ["DONE" as never] }), /unknown state "DONE"/);
    assert.throws(() => new MaxTrialsCallback(3, { state: ["COMPLETE"] } as never), UnknownOptionError);
  });
});
