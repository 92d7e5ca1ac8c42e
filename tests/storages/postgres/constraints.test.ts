/**
 * Constraints on PostgreSQL: `constraints:<name>` system attributes (infinite values included,
 * written as Python's json.dumps writes them) round-trip through a second storage handle, and
 * bestTrial skips the infeasible trials.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createStudy, loadStudy, RandomSampler } from "../../../src/index.js";
import { PostgresStorage } from "../../../src/storages/postgres/index.js";
import { freshDatabase, serverOrSkip } from "./server.js";

const { server, skip } = await serverOrSkip();

describe("constraints on PostgreSQL", { skip }, () => {
  it("stores constraints:<name> (±Infinity too) and a second handle reads them and the feasible best", async () => {
    if (!server) return;
    const { url } = await freshDatabase(server);
    const a = await PostgresStorage.open(url);
    const study = await createStudy({ storage: a, studyName: "c", sampler: new RandomSampler({ seed: 5 }) });
    await study.optimize((trial) => {
      const x = trial.suggestFloat("x", 0, 1);
      trial.setConstraint("lim", x - 0.5);
      trial.setConstraint("inf", x > 0.8 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
      return x;
    }, { nTrials: 12 });
    const ours = study.trials.map((t) => t.constraints);
    assert.ok(ours.some((c) => c.inf === Number.POSITIVE_INFINITY) && ours.some((c) => c.inf === Number.NEGATIVE_INFINITY));
    const b = await PostgresStorage.open(url);
    const again = await loadStudy({ storage: b, studyName: "c" });
    assert.deepEqual(again.trials.map((t) => t.constraints), ours);
    assert.equal(again.bestTrial.number, study.bestTrial.number);
    assert.ok((again.bestTrial.params.x as number) <= 0.5);
    await a.close();
    await b.close();
  });
});
