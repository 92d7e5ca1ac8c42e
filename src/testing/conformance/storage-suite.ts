/**
 * The storage conformance suite: every Storage primitive and the contract of `storages/base.ts`,
 * run against any backend. A backend's test file is a few lines:
 *
 *   runStorageSuite({ name: "InMemoryStorage", create: async () => new InMemoryStorage() });
 *
 * A backend that cannot pass a test lists it in `skip` with a reason (no if-branches per backend).
 * @module
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { CategoricalDistribution, FloatDistribution, IntDistribution, type ParamValue } from "../../distributions/types.js";
import {
  DuplicatedStudyError,
  IncompatibleDistributionError,
  StudyNotFoundError,
  TrialNotFoundError,
  UpdateFinishedTrialError,
} from "../../errors.js";
import type { Storage } from "../../storages/base.js";
import { createTrial, type FrozenTrial } from "../../trial/frozen.js";
import type { JsonValue, TrialState } from "../../trial/state.js";

/** Options of {@link runStorageSuite}. */
export interface StorageSuiteOptions {
  /** Shown in the test names. */
  name: string;
  /** A new, empty storage (called once per test). */
  create: () => Promise<Storage>;
  /** Tests this backend skips, each with the reason. */
  skip?: ReadonlyArray<{ test: string; reason: string }>;
}

const F = new FloatDistribution(-10, 10);
const FL = new FloatDistribution(1e-5, 1, { log: true });
const I = new IntDistribution(0, 10);
const C = new CategoricalDistribution(["a", 1, null, true]);

/** Names that are also members of Object.prototype: a storage must keep them as plain keys. */
const BUILTIN = ["__proto__", "constructor", "hasOwnProperty", "toString"] as const;

/** A record with these own keys (also `__proto__`), as JSON.parse would build it. */
function named<V>(entries: ReadonlyArray<readonly [string, V]>): Record<string, V> {
  return Object.fromEntries(entries) as Record<string, V>;
}

/** Asserts `got` has exactly the own keys and values of `want`, its prototype untouched. */
function assertOwn(got: Readonly<Record<string, unknown>>, want: Readonly<Record<string, unknown>>, what: string): void {
  assert.equal(Object.getPrototypeOf(got), Object.prototype, `${what}: the prototype changed`);
  assert.deepEqual(Object.getOwnPropertyNames(got).sort(), Object.getOwnPropertyNames(want).sort(), `${what}: own keys`);
  for (const k of Object.getOwnPropertyNames(want)) {
    assert.deepEqual(Object.getOwnPropertyDescriptor(got, k)?.value, Object.getOwnPropertyDescriptor(want, k)?.value, `${what}.${k}`);
  }
}

/** Registers the suite with node:test. */
export function runStorageSuite(options: StorageSuiteOptions): void {
  const opened: Storage[] = [];
  const make = async (): Promise<Storage> => {
    const s = await options.create();
    opened.push(s);
    return s;
  };
  const test = (name: string, fn: (s: Storage) => Promise<void>): void => {
    const skip = options.skip?.find((x) => x.test === name);
    it(name, skip ? { skip: skip.reason } : {}, async () => fn(await make()));
  };

  describe(`storage conformance: ${options.name}`, () => {
    after(async () => {
      for (const s of opened) await s.close?.();
    });

    test("creates studies with their directions and finds them by name and id", async (s) => {
      const a = await s.createNewStudy(["minimize"], "a");
      const b = await s.createNewStudy(["maximize", "minimize"], "b");
      assert.notEqual(a, b);
      assert.equal(await s.getStudyIdFromName("b"), b);
      const rb = await s.getStudy(b);
      assert.equal(rb.studyName, "b");
      assert.deepEqual([...rb.directions], ["maximize", "minimize"]);
      assert.deepEqual(
        (await s.getAllStudies()).map((r) => r.studyName),
        ["a", "b"],
      );
    });

    test("a taken study name is a DuplicatedStudyError", async (s) => {
      await s.createNewStudy(["minimize"], "dup");
      await assert.rejects(s.createNewStudy(["minimize"], "dup"), DuplicatedStudyError);
      assert.equal((await s.getAllStudies()).length, 1);
    });

    test("a missing study is a StudyNotFoundError naming the studies that exist", async (s) => {
      await s.createNewStudy(["minimize"], "exists-1");
      await s.createNewStudy(["minimize"], "exists-2");
      const e = await s.getStudyIdFromName("nope").then(
        () => assert.fail("expected StudyNotFoundError"),
        (err: unknown) => err,
      );
      assert.ok(e instanceof StudyNotFoundError);
      assert.deepEqual([...e.existing], ["exists-1", "exists-2"]);
      assert.match(e.message, /exists-1/);
      await assert.rejects(s.getStudy(987654), StudyNotFoundError);
      await assert.rejects(s.getAllTrials(987654), StudyNotFoundError);
      await assert.rejects(s.createNewTrial(987654), StudyNotFoundError);
    });

    test("study user and system attributes round-trip JSON values", async (s) => {
      const id = await s.createNewStudy(["minimize"], "attrs");
      await s.setStudyUserAttr(id, "k", { a: [1, 2.5, "x", null, true] });
      await s.setStudyUserAttr(id, "k2", "v");
      await s.setStudyUserAttr(id, "k2", "v2");
      await s.setStudySystemAttr(id, "sys", [1, { b: false }]);
      const r = await s.getStudy(id);
      assert.deepEqual(r.userAttrs, { k: { a: [1, 2.5, "x", null, true] }, k2: "v2" });
      assert.deepEqual(r.systemAttrs, { sys: [1, { b: false }] });
    });

    test("deleting a study removes it and its trials, and leaves the others", async (s) => {
      const a = await s.createNewStudy(["minimize"], "a");
      const b = await s.createNewStudy(["minimize"], "b");
      const ta = await s.createNewTrial(a);
      await s.setTrialParam(ta.trialId, "x", 1, F);
      await s.setTrialUserAttr(ta.trialId, "u", 1);
      await s.setTrialIntermediateValue(ta.trialId, 0, 1);
      await s.setTrialStateValues(ta.trialId, "COMPLETE", [1]);
      const tb = await s.createNewTrial(b);
      await s.setTrialParam(tb.trialId, "x", 2, F);
      await s.deleteStudy(a);
      await assert.rejects(s.getStudyIdFromName("a"), StudyNotFoundError);
      await assert.rejects(s.getAllTrials(a), StudyNotFoundError);
      await assert.rejects(s.getTrial(ta.trialId), TrialNotFoundError);
      await assert.rejects(s.deleteStudy(a), StudyNotFoundError);
      assert.deepEqual(
        (await s.getAllStudies()).map((r) => r.studyName),
        ["b"],
      );
      assert.equal((await s.getTrial(tb.trialId)).params.x, 2);
      const a2 = await s.createNewStudy(["minimize"], "a");
      assert.deepEqual(await s.getAllTrials(a2), []);
      assert.equal((await s.createNewTrial(a2)).number, 0);
    });

    test("trial numbers count 0, 1, 2 … within each study", async (s) => {
      const a = await s.createNewStudy(["minimize"], "a");
      const b = await s.createNewStudy(["minimize"], "b");
      const nums: number[] = [];
      for (let i = 0; i < 3; i++) nums.push((await s.createNewTrial(a)).number);
      nums.push((await s.createNewTrial(b)).number);
      nums.push((await s.createNewTrial(a)).number);
      assert.deepEqual(nums, [0, 1, 2, 0, 3]);
      assert.deepEqual(
        (await s.getAllTrials(a)).map((t) => t.number),
        [0, 1, 2, 3],
      );
    });

    test("concurrent trial creation never duplicates a number", async (s) => {
      const id = await s.createNewStudy(["minimize"], "c");
      const ts = await Promise.all(Array.from({ length: 30 }, () => s.createNewTrial(id)));
      assert.deepEqual(
        ts.map((t) => t.number).sort((x, y) => x - y),
        Array.from({ length: 30 }, (_, i) => i),
      );
      assert.equal(new Set(ts.map((t) => t.trialId)).size, 30);
    });

    test("a new trial is RUNNING, started now, and empty", async (s) => {
      const id = await s.createNewStudy(["minimize"], "n");
      const before = Date.now();
      const t = await s.createNewTrial(id);
      assert.equal(t.state, "RUNNING");
      assert.ok(t.datetimeStart instanceof Date);
      assert.ok(Math.abs((t.datetimeStart as Date).getTime() - before) < 5000);
      assert.equal(t.datetimeComplete, undefined);
      assert.deepEqual(t.params, {});
      assert.equal(t.values, undefined);
      const again = await s.getTrial(t.trialId);
      assert.equal(again.number, t.number);
      assert.equal(again.state, "RUNNING");
    });

    test("params are written as internal values and read back as external ones", async (s) => {
      const id = await s.createNewStudy(["minimize"], "p");
      const t = await s.createNewTrial(id);
      await s.setTrialParam(t.trialId, "f", 0.1234567890123, F);
      await s.setTrialParam(t.trialId, "lr", 3.3e-4, FL);
      await s.setTrialParam(t.trialId, "i", 7, I);
      await s.setTrialParam(t.trialId, "c0", 0, C);
      await s.setTrialParam(t.trialId, "c1", 1, new CategoricalDistribution(["a", 1, null, true]));
      await s.setTrialParam(t.trialId, "c2", 2, C);
      await s.setTrialParam(t.trialId, "c3", 3, C);
      const r = await s.getTrial(t.trialId);
      assert.deepEqual({ ...r.params }, { f: 0.1234567890123, lr: 3.3e-4, i: 7, c0: "a", c1: 1, c2: null, c3: true });
      assert.deepEqual({ ...r.distributions }, { f: F, lr: FL, i: I, c0: C, c1: C, c2: C, c3: C });
      assert.equal(typeof r.params.i, "number");
    });

    test("a name used with an incompatible distribution is an IncompatibleDistributionError", async (s) => {
      const id = await s.createNewStudy(["minimize"], "inc");
      const t0 = await s.createNewTrial(id);
      await s.setTrialParam(t0.trialId, "x", 1, F);
      await s.setTrialParam(t0.trialId, "c", 0, C);
      const t1 = await s.createNewTrial(id);
      await assert.rejects(s.setTrialParam(t1.trialId, "x", 1, I), IncompatibleDistributionError);
      await assert.rejects(s.setTrialParam(t1.trialId, "x", 1, new FloatDistribution(0.1, 10, { log: true })), IncompatibleDistributionError);
      await assert.rejects(s.setTrialParam(t1.trialId, "c", 0, new CategoricalDistribution(["a", "b"])), IncompatibleDistributionError);
      await s.setTrialParam(t1.trialId, "x", 50, new FloatDistribution(0, 100));
      assert.equal((await s.getTrial(t1.trialId)).params.x, 50);
      const other = await s.createNewStudy(["minimize"], "other");
      const t2 = await s.createNewTrial(other);
      await s.setTrialParam(t2.trialId, "x", 1, I);
    });

    test("finishing a trial sets its values and datetimeComplete", async (s) => {
      const id = await s.createNewStudy(["minimize"], "f");
      const t = await s.createNewTrial(id);
      assert.equal(await s.setTrialStateValues(t.trialId, "COMPLETE", [1.5]), true);
      const r = await s.getTrial(t.trialId);
      assert.equal(r.state, "COMPLETE");
      assert.deepEqual(r.values, [1.5]);
      assert.equal(r.value, 1.5);
      assert.ok(r.datetimeComplete instanceof Date);
      assert.ok((r.duration as number) >= 0);
      const p = await s.createNewTrial(id);
      await s.setTrialStateValues(p.trialId, "PRUNED", [3]);
      assert.deepEqual((await s.getTrial(p.trialId)).values, [3]);
      const f = await s.createNewTrial(id);
      await s.setTrialStateValues(f.trialId, "FAIL");
      const rf = await s.getTrial(f.trialId);
      assert.equal(rf.state, "FAIL");
      assert.equal(rf.values, undefined);
    });

    test("a finished trial cannot change: UpdateFinishedTrialError", async (s) => {
      const id = await s.createNewStudy(["minimize"], "u");
      for (const state of ["COMPLETE", "PRUNED", "FAIL"] as const) {
        const t = await s.createNewTrial(id);
        await s.setTrialParam(t.trialId, "x", 1, F);
        await s.setTrialStateValues(t.trialId, state, state === "COMPLETE" ? [1] : undefined);
        const frozen = await s.getTrial(t.trialId);
        await assert.rejects(s.setTrialParam(t.trialId, "y", 1, F), UpdateFinishedTrialError);
        await assert.rejects(s.setTrialStateValues(t.trialId, "COMPLETE", [2]), UpdateFinishedTrialError);
        await assert.rejects(s.setTrialStateValues(t.trialId, "RUNNING"), UpdateFinishedTrialError);
        await assert.rejects(s.setTrialIntermediateValue(t.trialId, 1, 1), UpdateFinishedTrialError);
        await assert.rejects(s.setTrialUserAttr(t.trialId, "k", 1), UpdateFinishedTrialError);
        await assert.rejects(s.setTrialSystemAttr(t.trialId, "k", 1), UpdateFinishedTrialError);
        assert.deepEqual(await s.getTrial(t.trialId), frozen);
      }
    });

    test("a WAITING trial is claimed exactly once", async (s) => {
      const id = await s.createNewStudy(["minimize"], "w");
      const tpl = createTrial({ state: "WAITING", systemAttrs: { fixed_params: { x: 1 } } });
      const w = await s.createNewTrial(id, tpl);
      assert.equal(w.state, "WAITING");
      assert.equal(w.datetimeStart, undefined);
      assert.equal(await s.setTrialStateValues(w.trialId, "RUNNING"), true);
      assert.equal(await s.setTrialStateValues(w.trialId, "RUNNING"), false);
      const r = await s.getTrial(w.trialId);
      assert.equal(r.state, "RUNNING");
      assert.ok(r.datetimeStart instanceof Date);
      const w2 = await s.createNewTrial(id, tpl);
      const claims = await Promise.all(Array.from({ length: 8 }, () => s.setTrialStateValues(w2.trialId, "RUNNING")));
      assert.equal(claims.filter(Boolean).length, 1);
    });

    test("±inf values and NaN / ±inf intermediate values round-trip", async (s) => {
      const id = await s.createNewStudy(["minimize", "maximize"], "inf");
      const t = await s.createNewTrial(id);
      await s.setTrialIntermediateValue(t.trialId, 0, Number.NaN);
      await s.setTrialIntermediateValue(t.trialId, 1, Number.POSITIVE_INFINITY);
      await s.setTrialIntermediateValue(t.trialId, 2, Number.NEGATIVE_INFINITY);
      await s.setTrialIntermediateValue(t.trialId, 3, -0.5);
      await s.setTrialIntermediateValue(t.trialId, 3, 0.25);
      await s.setTrialStateValues(t.trialId, "COMPLETE", [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
      const r = await s.getTrial(t.trialId);
      assert.deepEqual(r.values, [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
      assert.ok(Number.isNaN(r.intermediateValues[0]));
      assert.equal(r.intermediateValues[1], Number.POSITIVE_INFINITY);
      assert.equal(r.intermediateValues[2], Number.NEGATIVE_INFINITY);
      assert.equal(r.intermediateValues[3], 0.25);
      const all = await s.getAllTrials(id);
      assert.deepEqual(all[0]?.values, [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    });

    test("trial user and system attributes round-trip JSON values", async (s) => {
      const id = await s.createNewStudy(["minimize"], "ta");
      const t = await s.createNewTrial(id);
      await s.setTrialUserAttr(t.trialId, "u", { nested: [1, "two", { three: null }] });
      await s.setTrialUserAttr(t.trialId, "n", 1);
      await s.setTrialUserAttr(t.trialId, "n", 2);
      await s.setTrialSystemAttr(t.trialId, "s", ["x"]);
      const r = await s.getTrial(t.trialId);
      assert.deepEqual(r.userAttrs, { u: { nested: [1, "two", { three: null }] }, n: 2 });
      assert.deepEqual(r.systemAttrs, { s: ["x"] });
    });

    test("params and attributes named __proto__, constructor, toString, hasOwnProperty round-trip", async (s) => {
      const dists = [F, I, C, FL];
      const ext: ParamValue[] = [1.5, 4, null, 0.01];
      const internal = [1.5, 4, 2, 0.01];
      const params = named(BUILTIN.map((n, i) => [n, ext[i]!] as const));
      const distributions = named(BUILTIN.map((n, i) => [n, dists[i]!] as const));
      const user = named<JsonValue>(BUILTIN.map((n, i) => [n, { i, n }]));
      const system = named<JsonValue>(BUILTIN.map((n, i) => [n, [n, i]]));
      const id = await s.createNewStudy(["minimize"], "builtin");
      for (const n of BUILTIN) {
        await s.setStudyUserAttr(id, n, user[n]!);
        await s.setStudySystemAttr(id, n, system[n]!);
      }
      const study = await s.getStudy(id);
      assertOwn(study.userAttrs, user, "study userAttrs");
      assertOwn(study.systemAttrs, system, "study systemAttrs");
      const t = await s.createNewTrial(id);
      for (const [i, n] of BUILTIN.entries()) {
        await s.setTrialParam(t.trialId, n, internal[i]!, dists[i]!);
        await s.setTrialUserAttr(t.trialId, n, user[n]!);
        await s.setTrialSystemAttr(t.trialId, n, system[n]!);
      }
      await s.setTrialStateValues(t.trialId, "COMPLETE", [1]);
      const tpl = createTrial({ state: "COMPLETE", value: 2, params, distributions, userAttrs: user, systemAttrs: system });
      const copy = await s.createNewTrial(id, tpl);
      for (const r of [await s.getTrial(t.trialId), await s.getTrial(copy.trialId), ...(await s.getAllTrials(id))]) {
        const what = `trial ${r.number}`;
        assert.equal(r.state, "COMPLETE", what);
        assertOwn(r.params, params, `${what} params`);
        assertOwn(r.distributions, distributions, `${what} distributions`);
        assertOwn(r.userAttrs, user, `${what} userAttrs`);
        assertOwn(r.systemAttrs, system, `${what} systemAttrs`);
      }
    });

    test("template trials keep their state and data in any state, with a new number", async (s) => {
      const id = await s.createNewStudy(["minimize"], "tpl");
      await s.createNewTrial(id);
      const states: TrialState[] = ["COMPLETE", "PRUNED", "FAIL", "WAITING", "RUNNING"];
      for (const [k, state] of states.entries()) {
        const tpl = createTrial({
          state,
          ...(state === "COMPLETE" || state === "PRUNED" ? { value: k + 0.5 } : {}),
          params: { x: 2.5, i: 3, c: null },
          distributions: { x: F, i: I, c: C },
          intermediateValues: { 0: 1, 5: Number.NaN },
          userAttrs: { u: k },
          systemAttrs: { s: "sys" },
        });
        const t = await s.createNewTrial(id, { ...tpl, number: 99, trialId: 99 } as FrozenTrial);
        assert.equal(t.number, k + 1);
        const r = await s.getTrial(t.trialId);
        assert.equal(r.state, state);
        assert.deepEqual({ ...r.params }, { x: 2.5, i: 3, c: null });
        assert.deepEqual(r.values, tpl.values);
        assert.equal(r.intermediateValues[0], 1);
        assert.ok(Number.isNaN(r.intermediateValues[5]));
        assert.deepEqual(r.userAttrs, { u: k });
        assert.deepEqual(r.systemAttrs, { s: "sys" });
        assert.equal(r.datetimeStart?.getTime(), tpl.datetimeStart?.getTime());
        assert.equal(r.datetimeComplete?.getTime(), tpl.datetimeComplete?.getTime());
      }
    });

    test("getAllTrials orders by number and filters by state", async (s) => {
      const id = await s.createNewStudy(["minimize"], "all");
      const a = await s.createNewTrial(id);
      const b = await s.createNewTrial(id);
      const c = await s.createNewTrial(id);
      await s.setTrialStateValues(b.trialId, "COMPLETE", [1]);
      await s.setTrialStateValues(c.trialId, "FAIL");
      assert.deepEqual(
        (await s.getAllTrials(id)).map((t) => [t.number, t.state]),
        [
          [0, "RUNNING"],
          [1, "COMPLETE"],
          [2, "FAIL"],
        ],
      );
      assert.deepEqual(
        (await s.getAllTrials(id, { states: ["COMPLETE", "RUNNING"] })).map((t) => t.trialId),
        [a.trialId, b.trialId],
      );
      assert.deepEqual(await s.getAllTrials(id, { states: ["WAITING"] }), []);
    });

    test("returned trials are frozen and never change after they are returned", async (s) => {
      const id = await s.createNewStudy(["minimize"], "imm");
      const t = await s.createNewTrial(id);
      await s.setTrialParam(t.trialId, "x", 1, F);
      const before = await s.getTrial(t.trialId);
      const listBefore = await s.getAllTrials(id);
      const snapshot = JSON.stringify(before);
      assert.ok(Object.isFrozen(before));
      assert.ok(Object.isFrozen(before.params));
      await s.setTrialParam(t.trialId, "y", 2, F);
      await s.setTrialUserAttr(t.trialId, "u", 1);
      await s.setTrialStateValues(t.trialId, "COMPLETE", [3]);
      assert.equal(JSON.stringify(before), snapshot);
      assert.equal(listBefore[0]?.state, "RUNNING");
      listBefore.pop();
      assert.equal((await s.getAllTrials(id)).length, 1);
      const after1 = await s.getTrial(t.trialId);
      assert.equal(after1.state, "COMPLETE");
      assert.deepEqual({ ...after1.params }, { x: 1, y: 2 });
    });

    test("importStudy, when the backend has it, writes a study with its trials all or nothing", async (s) => {
      if (!s.importStudy) return;
      const ok = (v: number): FrozenTrial => createTrial({ value: v, params: { x: 1 }, distributions: { x: F } });
      const bad = createTrial({ value: 3, params: { x: 1 }, distributions: { x: I } });
      const record = { studyName: "imp", directions: ["maximize"] as const, userAttrs: { a: 1 }, systemAttrs: { b: [2] } };
      await assert.rejects(s.importStudy(record, [ok(1), ok(2), bad]), IncompatibleDistributionError);
      assert.deepEqual(await s.getAllStudies(), [], "a failed import leaves no study");
      const id = await s.importStudy(record, [ok(1), ok(2)]);
      const rec = await s.getStudy(id);
      assert.deepEqual([rec.studyName, [...rec.directions], rec.userAttrs, rec.systemAttrs], ["imp", ["maximize"], { a: 1 }, { b: [2] }]);
      assert.deepEqual((await s.getAllTrials(id)).map((t) => [t.number, t.value]), [[0, 1], [1, 2]]);
      await assert.rejects(s.importStudy(record, []), DuplicatedStudyError);
    });

    test("an unknown trial id is a TrialNotFoundError", async (s) => {
      await s.createNewStudy(["minimize"], "x");
      await assert.rejects(s.getTrial(123456), TrialNotFoundError);
      await assert.rejects(s.setTrialParam(123456, "x", 1, F), TrialNotFoundError);
      await assert.rejects(s.setTrialStateValues(123456, "COMPLETE", [1]), TrialNotFoundError);
    });

    test("getAllTrials sees every write made through the storage", async (s) => {
      const id = await s.createNewStudy(["minimize"], "see");
      const t = await s.createNewTrial(id);
      assert.equal((await s.getAllTrials(id)).length, 1);
      await s.setTrialParam(t.trialId, "x", 1.5, F);
      await s.setTrialIntermediateValue(t.trialId, 2, 0.5);
      let all = await s.getAllTrials(id);
      assert.equal(all[0]?.params.x, 1.5);
      assert.equal(all[0]?.intermediateValues[2], 0.5);
      await s.setTrialStateValues(t.trialId, "COMPLETE", [9]);
      all = await s.getAllTrials(id);
      assert.equal(all[0]?.state, "COMPLETE");
      assert.deepEqual(all[0]?.values, [9]);
      await s.createNewTrial(id, createTrial({ state: "WAITING" }));
      all = await s.getAllTrials(id);
      assert.deepEqual(
        all.map((x) => x.state),
        ["COMPLETE", "WAITING"],
      );
    });
  });
}
