// Items 8 and 9 of issue 16: strings with lone surrogates and attribute values that are not JSON
// are refused at the call with a typed error, before anything is written.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CategoricalDistribution,
  createStudy,
  createTrial,
  FloatDistribution,
  getAllStudySummaries,
  InvalidArgumentError,
  InvalidDistributionError,
  loadStudy,
  RandomSampler,
} from "../../src/index.js";
import Database from "better-sqlite3";
import { tempDb } from "../storages/sqlite/helpers.js";

const LONE = "lone \ud800 surrogate";

describe("lone UTF-16 surrogates are refused before writing (item 8)", () => {
  it("in a study name: nothing is created, the storage still lists and loads", async () => {
    const { url } = tempDb();
    await assert.rejects(createStudy({ storage: url, studyName: LONE }), (e: Error) => {
      assert.ok(e instanceof InvalidArgumentError);
      assert.match(e.message, /studyName "lone \\ud800 surrogate" holds a lone UTF-16 surrogate \(\\uD800 at index 5\)/);
      return true;
    });
    assert.deepEqual(await getAllStudySummaries(url), []);
    const ok = await createStudy({ storage: url, studyName: "pair \ud83d\ude00 ok" });
    assert.equal((await loadStudy({ storage: url, studyName: "pair \ud83d\ude00 ok" })).studyName, ok.studyName);
  });

  it("in parameter names, attribute keys and values, categorical choices and enqueued params", async () => {
    const { url } = tempDb();
    const study = await createStudy({ storage: url, studyName: "s", sampler: new RandomSampler({ seed: 1 }) });
    const t = await study.ask();
    assert.throws(() => t.suggestFloat(LONE, 0, 1), InvalidArgumentError);
    assert.throws(() => t.suggestCategorical("c", ["a", LONE]), InvalidDistributionError);
    assert.throws(() => t.setUserAttr(LONE, 1), /setUserAttr: the key "lone \\ud800 surrogate" holds a lone UTF-16 surrogate/);
    assert.throws(() => t.setUserAttr("note", { deep: [LONE] }), /setUserAttr\("note"\): the string at \.deep\[0\]/);
    assert.throws(() => t.setUserAttr("k", { [LONE]: 1 }), /the key "lone/);
    await assert.rejects(study.setUserAttr(LONE, 1), InvalidArgumentError);
    await assert.rejects(study.enqueueTrial({ [LONE]: 1 }), InvalidArgumentError);
    await assert.rejects(study.enqueueTrial({ c: LONE }), InvalidArgumentError);
    assert.throws(
      () => createTrial({ value: 1, params: { x: 0.5 }, distributions: { x: new FloatDistribution(0, 1) }, userAttrs: { [LONE]: 1 } }),
      InvalidArgumentError,
    );
    t.setUserAttr("fine", "\ud83d\ude00");
    await study.tell(t, 1);
    const back = await loadStudy({ storage: url, studyName: "s" });
    assert.equal(back.trials.length, 1);
    assert.deepEqual(back.trials[0]?.userAttrs, { fine: "\ud83d\ude00" });
    assert.deepEqual(back.trials[0]?.params, {});
    assert.deepEqual(back.userAttrs, {});
  });
});

describe("attribute values must be JSON, checked at the call (item 9)", () => {
  class Point {
    x = 1;
  }
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  const bad: [string, unknown, RegExp][] = [
    ["NaN", Number.NaN, /setUserAttr\("v"\): the value is NaN, which JSON cannot hold/],
    ["Infinity", Number.POSITIVE_INFINITY, /the value is Infinity/],
    ["undefined", undefined, /the value is undefined/],
    ["a function", () => 1, /the value is a function/],
    ["a Map", new Map([["a", 1]]), /the value is a Map instance/],
    ["a Date", new Date(0), /the value is a Date instance/],
    ["a class instance", new Point(), /the value is a Point instance/],
    ["a BigInt", 10n, /the value is the BigInt 10n/],
    ["a circular object", circular, /the value at \.self is a circular reference/],
    ["a nested NaN", { metrics: [1, Number.NaN] }, /the value at \.metrics\[1\] is NaN/],
    ["a sparse array", [1, , 3], /the value is a sparse array \(index 1 is a hole\)/],
    ["a nested undefined", { a: undefined }, /the value at \.a is undefined/],
  ];
  for (const [label, value, pattern] of bad) {
    it(`refuses ${label} for trial and study attributes, and the trial can still be told`, async () => {
      const { url } = tempDb();
      const study = await createStudy({ storage: url, studyName: "s", sampler: new RandomSampler({ seed: 1 }) });
      const t = await study.ask();
      assert.throws(
        () => t.setUserAttr("v", value as never),
        (e: Error) => e instanceof InvalidArgumentError && pattern.test(e.message) && /allowed|must be JSON/.test(e.message),
      );
      await assert.rejects(study.setUserAttr("v", value as never), InvalidArgumentError);
      await assert.rejects(study.enqueueTrial({ x: 0.5 }, { userAttrs: { v: value as never } }), InvalidArgumentError);
      t.setUserAttr("ok", { a: [1, "b", null, true] });
      const done = await study.tell(t, 2);
      assert.equal(done.state, "COMPLETE");
      const back = await loadStudy({ storage: url, studyName: "s" });
      assert.deepEqual(back.trials.map((x) => [x.state, x.userAttrs]), [["COMPLETE", { ok: { a: [1, "b", null, true] } }]]);
      assert.deepEqual(back.userAttrs, {});
    });
  }

  it("in optimize, a bad value fails that trial with the typed error (the error names the key)", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await assert.rejects(
      study.optimize((t) => {
        t.setUserAttr("loss_curve", [0.5, Number.NaN] as never);
        return 1;
      }, { nTrials: 3 }),
      (e: Error) => e instanceof InvalidArgumentError && /setUserAttr\("loss_curve"\): the value at \[1\] is NaN/.test(e.message),
    );
    assert.deepEqual(study.trials.map((t) => t.state), ["FAIL"]);
  });

  it("refuses non-finite categorical choices instead of returning null", () => {
    assert.throws(() => new CategoricalDistribution([Number.NaN, 1]), /choice NaN cannot be stored/);
  });

  it("system attributes that samplers and pruners write may hold NaN and ±Infinity: stored as Optuna writes them", async () => {
    const { path, url } = tempDb();
    const study = await createStudy({ storage: url, studyName: "s", sampler: new RandomSampler({ seed: 1 }) });
    const t = await study.ask();
    study.setTrialSystemAttr(t.trialId, "completed_rung_0", Number.POSITIVE_INFINITY);
    study.setTrialSystemAttr(t.trialId, "mixed", [Number.NaN, Number.NEGATIVE_INFINITY, 1]);
    await study.tell(t, 1);
    const back = (await loadStudy({ storage: url, studyName: "s" })).trials[0];
    assert.equal(back?.systemAttrs.completed_rung_0, Number.POSITIVE_INFINITY);
    assert.deepEqual(back?.systemAttrs.mixed, [Number.NaN, Number.NEGATIVE_INFINITY, 1]);
    const db = new Database(path, { readonly: true });
    const rows = db.prepare("SELECT value_json FROM trial_system_attributes ORDER BY \"key\"").pluck().all();
    db.close();
    assert.deepEqual(rows, ["Infinity", "[NaN,-Infinity,1]"]);
  });
});
