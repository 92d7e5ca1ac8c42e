// Item 5 of issue 16: another process deletes a study and creates a new one with the same name
// (SQLite reuses study_id and trial_id): a long-lived process that has the study open must see
// the new study's trials only, not the deleted study's next to them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSqliteStorage, createStudy, createTrial, FloatDistribution, getAllStudySummaries, loadStudy, RandomSampler } from "../../../src/index.js";
import { SqliteStorage } from "../../../src/storages/sqlite/index.js";
import { tempDb } from "./helpers.js";

const X = new FloatDistribution(0, 1);
const trial = (v: number) => createTrial({ value: v, params: { x: v / 100 }, distributions: { x: X } });

describe("a study deleted and recreated under the same name by another process", () => {
  for (const [label, oldCount, newCount] of [["fewer", 5, 3], ["more", 3, 6], ["as many", 4, 4], ["no", 3, 0]] as const) {
    it(`is reloaded by a process that has it open (the new study has ${label} trials)`, async () => {
      const { url } = tempDb();
      const mine = await createSqliteStorage(url, { heartbeatInterval: null });
      const study = await createStudy({ storage: mine, studyName: "s", sampler: new RandomSampler({ seed: 1 }) });
      await study.addTrials(Array.from({ length: oldCount }, (_, i) => trial(i)));
      assert.equal(study.trials.length, oldCount);

      const other = new SqliteStorage(url, { heartbeatInterval: null }); // another process
      await other.deleteStudy(await other.getStudyIdFromName("s"));
      await new Promise((r) => setTimeout(r, 5)); // the new study's trials start at other milliseconds
      const replaced = await createStudy({ storage: other, studyName: "s", direction: "maximize" });
      assert.equal(replaced.studyId, study.studyId, "SQLite reuses the study id");
      await replaced.addTrials(Array.from({ length: newCount }, (_, i) => trial(50 + i)));
      await replaced.setUserAttr("generation", 2);

      await study.refresh();
      assert.deepEqual(study.trials.map((t) => t.value), Array.from({ length: newCount }, (_, i) => 50 + i));
      assert.equal(study.direction, "maximize");
      assert.deepEqual(study.userAttrs, { generation: 2 });
      const [summary] = await getAllStudySummaries(mine);
      assert.equal(summary?.nTrials, newCount);
      const t = await study.ask();
      assert.equal(t.number, newCount, "new trials are numbered after the new study's");
      await study.tell(t, 99);
      const fresh = await loadStudy({ storage: url, studyName: "s" });
      assert.deepEqual(fresh.trials.map((x) => x.value), [...Array.from({ length: newCount }, (_, i) => 50 + i), 99]);
      await other.close();
      await mine.close();
    });
  }

  it("a parameter the new study uses with another kind is not checked against the deleted study's", async () => {
    const { url } = tempDb();
    const mine = await createSqliteStorage(url, { heartbeatInterval: null });
    const study = await createStudy({ storage: mine, studyName: "s", sampler: new RandomSampler({ seed: 1 }) });
    await study.addTrials([trial(1), trial(2)]);
    const other = new SqliteStorage(url, { heartbeatInterval: null });
    await other.deleteStudy(await other.getStudyIdFromName("s"));
    const replaced = await createStudy({ storage: other, studyName: "s" });
    const r = await replaced.ask();
    r.suggestCategorical("x", ["a", "b"]);
    await replaced.tell(r, 1);
    await study.refresh();
    const t = await study.ask();
    assert.ok(["a", "b"].includes(t.suggestCategorical("x", ["a", "b"])));
    await study.tell(t, 2);
    assert.deepEqual(study.trials.map((x) => x.distributions.x?.type), ["categorical", "categorical"]);
    await other.close();
    await mine.close();
  });
});
