import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  captureWarnings,
  copyStudy,
  createStudy,
  createTrial,
  deleteStudy,
  DuplicatedStudyError,
  FixedTrial,
  FloatDistribution,
  getAllStudySummaries,
  IncompatibleDistributionError,
  InMemoryStorage,
  InvalidArgumentError,
  loadStudy,
  NoCompletedTrialsError,
  NopPruner,
  RandomSampler,
  StudyNotFoundError,
  TrialNotFoundError,
  TrialPruned,
  UpdateFinishedTrialError,
  type Trial,
} from "../../src/index.js";

const quiet = <T>(fn: () => Promise<T>) => captureWarnings(fn).then((r) => r.result);
const newStudy = (seed = 1, extra: Parameters<typeof createStudy>[0] = {}) =>
  createStudy({ sampler: new RandomSampler({ seed }), pruner: new NopPruner(), ...extra });

describe("suggest", () => {
  it("returns the same value for the same name and keeps the first value on a new range", async () => {
    const study = await newStudy();
    const trial = await study.ask();
    const a = trial.suggestFloat("x", 0, 1);
    assert.equal(trial.suggestFloat("x", 0, 1), a);
    const { result, warnings } = await captureWarnings(() => trial.suggestFloat("x", 0, 2));
    assert.equal(result, a);
    assert.equal(warnings.length, 1);
    assert.throws(() => trial.suggestInt("x", 0, 1), IncompatibleDistributionError);
  });

  it("returns the only value of a single-valued distribution", async () => {
    const study = await newStudy();
    const t = await study.ask();
    assert.equal(t.suggestFloat("a", 3, 3), 3);
    assert.equal(t.suggestCategorical("b", ["only"]), "only");
    assert.equal(t.suggestInt("c", 0, 1, { step: 5 }), 0);
  });

  it("suggests values inside the distribution for every kind", async () => {
    const study = await newStudy(3);
    for (let i = 0; i < 50; i++) {
      const t = await study.ask();
      const x = t.suggestFloat("x", -1, 1);
      const l = t.suggestFloat("l", 1e-5, 1e-1, { log: true });
      const s = t.suggestFloat("s", 0, 1, { step: 0.25 });
      const n = t.suggestInt("n", 1, 9, { step: 2 });
      const ln = t.suggestInt("ln", 1, 1000, { log: true });
      const c = t.suggestCategorical("c", ["a", "b", 3]);
      assert.ok(x >= -1 && x < 1 && l >= 1e-5 && l < 1e-1);
      assert.ok([0, 0.25, 0.5, 0.75, 1].includes(s));
      assert.ok([1, 3, 5, 7, 9].includes(n));
      assert.ok(Number.isInteger(ln) && ln >= 1 && ln <= 1000);
      assert.ok(["a", "b", 3].includes(c));
      await study.tell(t, x);
    }
  });

  it("rejects a parameter whose kind changes across trials", async () => {
    const study = await newStudy();
    await study.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 1 });
    const t = await study.ask();
    assert.throws(() => t.suggestCategorical("x", ["a"]), IncompatibleDistributionError);
    // a new range of the same kind is allowed
    assert.ok(t.suggestFloat("x", 5, 6) >= 5);
  });
});

describe("optimize", () => {
  it("marks NaN FAIL, TrialPruned PRUNED with its last intermediate value, and completes the rest", async () => {
    const study = await newStudy();
    await quiet(() =>
      study.optimize(
        (t) => {
          if (t.number === 0) return Number.NaN;
          if (t.number === 1) {
            t.report(0.5, 0);
            t.report(0.25, 3);
            throw new TrialPruned();
          }
          return t.number;
        },
        { nTrials: 4 },
      ),
    );
    assert.deepEqual(study.trials.map((t) => t.state), ["FAIL", "PRUNED", "COMPLETE", "COMPLETE"]);
    assert.equal(study.trials[1]?.value, 0.25);
    assert.deepEqual(study.trials[1]?.intermediateValues, { 0: 0.5, 3: 0.25 });
    assert.equal(study.bestValue, 2);
    assert.equal(study.bestTrial.number, 2);
  });

  it("fails the trial and rethrows an uncaught error; catch keeps going", async () => {
    const study = await newStudy();
    class Boom extends Error {}
    await assert.rejects(
      quiet(() =>
        study.optimize(() => {
          throw new Boom("x");
        }, { nTrials: 5 }),
      ),
      Boom,
    );
    assert.deepEqual(study.trials.map((t) => t.state), ["FAIL"]);
    await quiet(() =>
      study.optimize(
        (t) => {
          if (t.number % 2) throw new Boom("odd");
          return 1;
        },
        { nTrials: 4, catch: [Boom] },
      ),
    );
    assert.deepEqual(study.trials.map((t) => t.state), ["FAIL", "FAIL", "COMPLETE", "FAIL", "COMPLETE"]);
  });

  it("runs exactly nTrials with nJobs > 1, concurrently", async () => {
    const study = await newStudy();
    let inFlight = 0;
    let maxInFlight = 0;
    await study.optimize(
      async (t) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return t.suggestFloat("x", 0, 1);
      },
      { nTrials: 13, nJobs: 4 },
    );
    assert.equal(study.trials.length, 13);
    assert.deepEqual(study.trials.map((t) => t.number), [...Array(13).keys()]);
    assert.ok(study.trials.every((t) => t.state === "COMPLETE"));
    assert.equal(maxInFlight, 4);
  });

  it("stops on timeout, stop() and an aborted signal", async () => {
    const study = await newStudy();
    await study.optimize(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return 0;
    }, { timeout: 0.15 });
    const n = study.trials.length;
    assert.ok(n >= 2 && n <= 10, `ran ${n} trials`);

    const s2 = await newStudy();
    await s2.optimize(() => 1, { callbacks: [(s, t) => (t.number === 2 ? s.stop() : undefined)] });
    assert.equal(s2.trials.length, 3);

    const s3 = await newStudy();
    const ac = new AbortController();
    await s3.optimize((t) => {
      if (t.number === 4) ac.abort();
      return 0;
    }, { signal: ac.signal, nTrials: 100 });
    assert.equal(s3.trials.length, 5);
  });

  it("refuses nested optimize and bad options", async () => {
    const study = await newStudy();
    await assert.rejects(
      quiet(() => study.optimize(async () => {
        await study.optimize(() => 0, { nTrials: 1 });
        return 0;
      }, { nTrials: 1 })),
      /nested/,
    );
    await assert.rejects(study.optimize(() => 0, { nTrials: -1 }), InvalidArgumentError);
    await assert.rejects(study.optimize(() => 0, { nJobs: 0 }), InvalidArgumentError);
  });

  it("gives the same trials for the same seed, bit for bit, and others for another seed", async () => {
    const run = async (seed: number) => {
      const s = await newStudy(seed);
      await s.optimize((t) => t.suggestFloat("x", -5, 5) ** 2 + t.suggestInt("n", 0, 10) + (t.suggestCategorical("c", ["a", "b"]) === "a" ? 1 : 0), { nTrials: 20 });
      return s.trials.map((t) => [t.params, t.value]);
    };
    assert.deepEqual(await run(5), await run(5));
    assert.notDeepEqual(await run(5), await run(6));
  });

  it("runs a module objective", async () => {
    const study = await newStudy();
    await study.optimize(new URL("../fixtures/quadratic-objective.ts", import.meta.url), { nTrials: 5 });
    assert.equal(study.getTrials({ states: ["COMPLETE"] }).length, 5);
    await assert.rejects(study.optimize(new URL("../fixtures/no-default.ts", import.meta.url), { nTrials: 1 }), InvalidArgumentError);
  });
});

describe("ask and tell", () => {
  it("follows Optuna's rules", async () => {
    const study = await newStudy();
    const t = await study.ask({ x: new FloatDistribution(0, 1) });
    assert.ok(typeof t.params.x === "number");
    await assert.rejects(study.tell(t, [1, 2]), InvalidArgumentError);
    await assert.rejects(study.tell(t, Number.NaN, { state: "COMPLETE" }), InvalidArgumentError);
    await assert.rejects(study.tell(t, 1, { state: "PRUNED" }), InvalidArgumentError);
    await assert.rejects(study.tell(t, 1, { state: "RUNNING" }), InvalidArgumentError);
    const done = await study.tell(t, 0.5);
    assert.equal(done.state, "COMPLETE");
    assert.equal(done.value, 0.5);
    await assert.rejects(study.tell(t, 1), UpdateFinishedTrialError);
    assert.equal((await study.tell(t, 1, { skipIfFinished: true })).value, 0.5);
    assert.throws(() => t.suggestFloat("y", 0, 1), UpdateFinishedTrialError);
    await assert.rejects(study.tell(99, 1), TrialNotFoundError);

    const t2 = await study.ask();
    const byNumber = await study.tell(t2.number, undefined, { state: "PRUNED" });
    assert.equal(byNumber.state, "PRUNED");
    const t3 = await study.ask();
    const failed = await quiet(() => study.tell(t3));
    assert.equal(failed.state, "FAIL");
  });

  it("validates report", async () => {
    const study = await newStudy();
    const t = await study.ask();
    assert.throws(() => t.report(1, -1), InvalidArgumentError);
    assert.throws(() => t.report(1, 1.5), InvalidArgumentError);
    t.report(1, 0);
    const { warnings } = await captureWarnings(() => t.report(2, 0));
    assert.equal(warnings.length, 1);
    assert.deepEqual(t.intermediateValues, { 0: 1 });
  });
});

describe("enqueueTrial", () => {
  it("runs enqueued values first, samples what they leave out, and skips duplicates on request", async () => {
    const study = await newStudy();
    await study.enqueueTrial({ x: 0.25, c: "b" }, { userAttrs: { origin: "manual" } });
    await study.enqueueTrial({ x: 0.5 });
    await study.enqueueTrial({ x: 0.25, c: "b" }, { skipIfExists: true });
    assert.equal(study.getTrials({ states: ["WAITING"] }).length, 2);
    await study.optimize((t) => t.suggestFloat("x", 0, 1) + (t.suggestCategorical("c", ["a", "b"]) === "a" ? 0 : 1), { nTrials: 3 });
    const [a, b, c] = study.trials;
    assert.deepEqual(a?.params, { x: 0.25, c: "b" });
    assert.deepEqual(a?.userAttrs, { origin: "manual" });
    assert.equal(b?.params.x, 0.5);
    assert.ok(["a", "b"].includes(b?.params.c as string));
    assert.equal(c?.state, "COMPLETE");
    await study.enqueueTrial({ x: 0.25, c: "b" }, { skipIfExists: true });
    assert.equal(study.trials.length, 3);
  });
});

describe("studies", () => {
  it("create, load, duplicate, delete, copy and summarize", async () => {
    const storage = new InMemoryStorage();
    const s = await createStudy({ storage, studyName: "a", direction: "maximize" });
    await s.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 3 });
    await assert.rejects(createStudy({ storage, studyName: "a" }), DuplicatedStudyError);
    const again = await createStudy({ storage, studyName: "a", loadIfExists: true });
    assert.equal(again.trials.length, 3);
    assert.equal(again.direction, "maximize");
    await assert.rejects(loadStudy({ storage, studyName: "nope" }), (e: Error) => e instanceof StudyNotFoundError && /"a"/.test(e.message));
    const only = await loadStudy({ storage });
    assert.equal(only.studyName, "a");
    const other = new InMemoryStorage();
    await copyStudy({ fromStudyName: "a", fromStorage: storage, toStorage: other, toStudyName: "b" });
    const copied = await loadStudy({ storage: other, studyName: "b" });
    assert.deepEqual(copied.trials.map((t) => t.params), s.trials.map((t) => t.params));
    const summaries = await getAllStudySummaries(storage);
    assert.equal(summaries.length, 1);
    assert.equal(summaries[0]?.nTrials, 3);
    assert.equal(summaries[0]?.bestTrial?.value, s.bestValue);
    await deleteStudy({ studyName: "a", storage });
    assert.deepEqual(await getAllStudySummaries(storage), []);
  });

  it("validates directions and names", async () => {
    await assert.rejects(createStudy({ direction: "up" as never }), InvalidArgumentError);
    await assert.rejects(createStudy({ direction: "minimize", directions: ["minimize"] }), InvalidArgumentError);
    await assert.rejects(createStudy({ directions: [] }), InvalidArgumentError);
    await assert.rejects(createStudy({ studyName: "" }), InvalidArgumentError);
  });

  it("has no best trial before one completes", async () => {
    const study = await newStudy();
    assert.throws(() => study.bestTrial, NoCompletedTrialsError);
  });

  it("keeps the Pareto front of a multi-objective study and refuses report there", async () => {
    const study = await newStudy(1, { directions: ["minimize", "maximize"] });
    const pts = [[1, 1], [2, 3], [0, 0], [2, 2], [3, 3]];
    for (const p of pts) {
      const t = await study.ask();
      assert.throws(() => t.report(1, 0), InvalidArgumentError);
      await study.tell(t, p);
    }
    assert.deepEqual(study.bestTrials.map((t) => t.number), [0, 1, 2]);
    assert.throws(() => study.bestTrial, InvalidArgumentError);
    const df = study.trialsDataframe();
    assert.ok(df.columns.includes("values_0") && df.columns.includes("values_1"));
  });

  it("imports trials with addTrial, validated", async () => {
    const study = await newStudy();
    const x = new FloatDistribution(0, 10);
    await study.addTrial(createTrial({ value: 3, params: { x: 2 }, distributions: { x } }));
    await study.addTrials([createTrial({ state: "FAIL", params: { x: 1 }, distributions: { x } })]);
    assert.deepEqual(study.trials.map((t) => [t.number, t.state, t.value]), [[0, "COMPLETE", 3], [1, "FAIL", undefined]]);
    assert.throws(() => createTrial({ value: 1, params: { x: 20 }, distributions: { x } }), InvalidArgumentError);
    assert.throws(() => createTrial({ state: "FAIL", value: 1 }), InvalidArgumentError);
    assert.throws(() => createTrial({ params: { x: 1 }, distributions: { x } }), InvalidArgumentError);
    await assert.rejects(study.addTrial(createTrial({ values: [1, 2] })), InvalidArgumentError);
  });

  it("builds a dataframe with Optuna's column names", async () => {
    const study = await newStudy();
    await study.optimize((t) => {
      t.setUserAttr("fold", 1);
      return t.suggestFloat("lr", 0.1, 1);
    }, { nTrials: 2 });
    const df = study.trialsDataframe();
    assert.deepEqual(df.columns, ["number", "value", "datetime_start", "datetime_complete", "duration", "params_lr", "user_attrs_fold", "state"]);
    assert.equal(df.rows[1]?.number, 1);
    assert.equal(df.rows[1]?.state, "COMPLETE");
    assert.equal(df.rows[1]?.params_lr, study.trials[1]?.params.lr);
  });
});

describe("FixedTrial", () => {
  it("runs an objective with given values and names what is missing", () => {
    const objective = (t: Trial) => t.suggestFloat("x", 0, 10) * (t.suggestCategorical("op", ["add", "mul"]) === "mul" ? 2 : 1);
    assert.equal(objective(new FixedTrial({ x: 3, op: "mul" })), 6);
    assert.throws(() => objective(new FixedTrial({ x: 3 })), /no value for parameter "op"/);
  });
});
