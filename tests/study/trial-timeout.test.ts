// Item 16 of issue 16: optimize({ trialTimeout }) FAILs a trial at the limit and goes on.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  captureWarnings,
  createStudy,
  InvalidArgumentError,
  RandomSampler,
  TrialTimeoutError,
  WARNING_CODES,
  type Trial,
} from "../../src/index.js";

const newStudy = () => createStudy({ sampler: new RandomSampler({ seed: 1 }) });

describe("trialTimeout (item 16)", () => {
  it("a never-resolving async objective is FAIL at the limit, trial.signal aborts, and optimize({ timeout }) returns", async () => {
    const study = await newStudy();
    const seen: Trial[] = [];
    const { warnings } = await captureWarnings(() =>
      study.optimize(
        (t) => {
          seen.push(t);
          const x = t.suggestFloat("x", 0, 1);
          return t.number === 1 ? new Promise<number>(() => undefined) : x;
        },
        { nTrials: 3, timeout: 60, trialTimeout: 0.3 },
      ),
    );
    assert.deepEqual(study.trials.map((t) => t.state), ["COMPLETE", "FAIL", "COMPLETE"]);
    assert.equal(seen[1]?.signal.aborted, true);
    assert.ok(seen[1]?.signal.reason instanceof TrialTimeoutError);
    assert.equal(seen[0]?.signal.aborted, false);
    assert.deepEqual(
      warnings.filter((w) => w.code === WARNING_CODES.trialTimedOut).map((w) => w.message),
      ["Trial #1 ran longer than trialTimeout (0.3 s): it is FAIL and its trial.signal was aborted; optimize goes on without it."],
    );
  });

  it("an objective that listens to trial.signal stops its own work at the limit", async () => {
    const study = await newStudy();
    let stoppedWith: unknown;
    await captureWarnings(() =>
      study.optimize(
        (t) =>
          new Promise<number>((resolve, reject) => {
            const work = setTimeout(() => resolve(1), 60_000);
            t.signal.addEventListener("abort", () => {
              clearTimeout(work);
              stoppedWith = t.signal.reason;
              reject(t.signal.reason);
            });
          }),
        { nTrials: 2, nJobs: 2, trialTimeout: 0.2 },
      ),
    );
    assert.deepEqual(study.trials.map((t) => t.state), ["FAIL", "FAIL"]);
    assert.ok(stoppedWith instanceof TrialTimeoutError);
  });

  it("a module objective stuck in a busy loop: its worker is terminated and replaced, the next trials run", async () => {
    const study = await newStudy();
    const { warnings } = await captureWarnings(() =>
      study.optimize(new URL("../fixtures/hang-objective.js", import.meta.url), { nTrials: 3, trialTimeout: 3 }),
    );
    assert.deepEqual(study.trials.map((t) => t.state), ["FAIL", "COMPLETE", "COMPLETE"]);
    assert.equal(study.trials[1]?.value, study.trials[1]?.params.x);
    assert.match(
      warnings.find((w) => w.code === WARNING_CODES.trialTimedOut)?.message ?? "",
      /^Trial #0 ran longer than trialTimeout \(3 s\): it is FAIL; its worker thread was terminated and replaced\.$/,
    );
  });

  it("a synchronous objective on the main thread cannot be interrupted: it finishes and keeps its result (documented)", async () => {
    const study = await newStudy();
    const { warnings } = await captureWarnings(() =>
      study.optimize(
        (t) => {
          const until = Date.now() + 500;
          while (Date.now() < until);
          return t.suggestFloat("x", 0, 1);
        },
        { nTrials: 1, trialTimeout: 0.1 },
      ),
    );
    assert.deepEqual(study.trials.map((t) => t.state), ["COMPLETE"]);
    assert.deepEqual(warnings.filter((w) => w.code === WARNING_CODES.trialTimedOut), []);
  });

  it("refuses a trialTimeout that is not a positive number of seconds", async () => {
    const study = await newStudy();
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "5"]) {
      await assert.rejects(study.optimize(() => 1, { trialTimeout: bad as number }), InvalidArgumentError);
    }
    assert.equal(study.trials.length, 0);
  });
});
