// Item 7 of issue 16: every map keyed by a user's name is safe for any string, also the names
// of Object.prototype's members.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  captureWarnings,
  createStudy,
  getParamImportances,
  loadStudy,
  NopPruner,
  RandomSampler,
  TPESampler,
  type Storage,
} from "../../src/index.js";
import { getSliceInfo } from "../../src/visualization/index.js";
import { tempDb } from "../storages/sqlite/helpers.js";
import objective, { NAMES } from "../fixtures/builtin-names-objective.js";

const quiet = <T>(fn: () => Promise<T>) => captureWarnings(fn).then((r) => r.result);

function checkTrial(t: { params: object; userAttrs: object; state: string }): void {
  assert.equal(t.state, "COMPLETE");
  for (const [i, name] of NAMES.entries()) {
    assert.ok(Object.hasOwn(t.params, name), `param ${name} is an own key`);
    const v = (t.params as Record<string, unknown>)[name];
    assert.equal(typeof v, "number");
    assert.ok((v as number) >= 0 && (v as number) <= 1, `${name} = ${String(v)}`);
    assert.ok(Object.hasOwn(t.userAttrs, name), `user attr ${name} is an own key`);
    assert.equal((t.userAttrs as Record<string, unknown>)[name], i);
  }
  assert.equal(Object.getPrototypeOf(t.params), Object.prototype, "params keep the ordinary prototype");
}

for (const backend of ["memory", "sqlite"] as const) {
  describe(`names that are Object.prototype members (${backend})`, () => {
    const storageOf = (): string | undefined => (backend === "sqlite" ? tempDb().url : undefined);

    it("work as parameter and user attribute names with TPE, and read back from storage", async () => {
      const storage = storageOf();
      const study = await createStudy({
        ...(storage ? { storage } : {}),
        studyName: "names",
        sampler: new TPESampler({ seed: 7, nStartupTrials: 4, multivariate: true }),
        pruner: new NopPruner(),
      });
      await study.optimize(objective, { nTrials: 12 });
      assert.equal(study.trials.length, 12);
      for (const t of study.trials) checkTrial(t);
      if (storage) {
        const again = await loadStudy({ storage, studyName: "names" });
        for (const t of again.trials) checkTrial(t);
      }
      const importances = getParamImportances(study);
      assert.deepEqual(Object.keys(importances).sort(), [...NAMES].sort());
      const slice = getSliceInfo(study);
      assert.deepEqual(slice.panels.map((p) => p.axis.name).sort(), [...NAMES].sort());
      for (const p of slice.panels) assert.equal(p.points.length, 12, p.axis.name);
      const df = study.trialsDataframe();
      for (const name of NAMES) assert.ok(df.columns.includes(`params_${name.replace(/^_+/, "")}`), name);
    });

    it("a parameter the trial has not suggested is not found on the prototype", async () => {
      const storage = storageOf();
      const study = await createStudy({ ...(storage ? { storage } : {}), sampler: new RandomSampler({ seed: 2 }) });
      await study.enqueueTrial({ other: 0.5 });
      const t = await study.ask();
      const v = t.suggestFloat("constructor", 0, 1);
      assert.equal(typeof v, "number");
      assert.equal(t.suggestFloat("other", 0, 1), 0.5);
      assert.equal(typeof t.suggestFloat("toString", 0, 1), "number");
      await study.tell(t, 1);
      await study.enqueueTrial({ constructor: 0.75, ["__proto__"]: 0.25 });
      const e = await study.ask();
      assert.equal(e.suggestFloat("constructor", 0, 1), 0.75);
      assert.equal(e.suggestFloat("__proto__", 0, 1), 0.25);
      await study.tell(e, 2);
    });

    it("work as study user and system attribute names", async () => {
      const storage = storageOf();
      const study = await createStudy({ ...(storage ? { storage } : {}), studyName: "attrs" });
      for (const [i, name] of NAMES.entries()) await study.setUserAttr(name, { n: i });
      const check = (attrs: object): void => {
        for (const [i, name] of NAMES.entries()) {
          assert.ok(Object.hasOwn(attrs, name), name);
          assert.deepEqual((attrs as Record<string, unknown>)[name], { n: i });
        }
      };
      check(study.userAttrs);
      const s = study.storage as Storage;
      await s.setStudySystemAttr(study.studyId, "__proto__", [1, 2]);
      assert.deepEqual((await s.getStudy(study.studyId)).systemAttrs, { ["__proto__"]: [1, 2] });
      if (storage) check((await loadStudy({ storage, studyName: "attrs" })).userAttrs);
    });
  });
}

describe("names that are Object.prototype members on worker threads", () => {
  it("reach the study from a module objective", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 4 }), pruner: new NopPruner() });
    await quiet(() => study.optimize(new URL("../fixtures/builtin-names-objective.ts", import.meta.url), { nTrials: 4, nJobs: 2 }));
    assert.equal(study.trials.length, 4);
    for (const t of study.trials) checkTrial(t);
  });
});
