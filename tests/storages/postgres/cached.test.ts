/**
 * A study on PostgreSQL goes through CachedStorage and reads only what changed: with 20,000
 * trials in the study, each new trial reads a handful of rows, and most refreshes need no round
 * trip at all (the read rides along with tell).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CachedStorage, type TrialsSince } from "../../../src/storages/cached.js";
import { PostgresStorage } from "../../../src/storages/postgres/index.js";
import { RandomSampler } from "../../../src/samplers/random.js";
import { createStudy, loadStudy } from "../../../src/study/create.js";
import { admin, freshDatabase, serverOrSkip } from "./server.js";

const { server, skip } = await serverOrSkip();

describe("PostgreSQL through CachedStorage", { skip }, () => {
  it("a 20,000-trial study is read once, then each trial reads only new and unfinished trials", async () => {
    if (!server) return;
    const { url, name } = await freshDatabase(server);
    const setup = await PostgresStorage.open(url);
    const sid = await setup.createNewStudy(["minimize"], "big");
    await setup.close();
    // 20,000 finished trials written behind parzen's back (as another host would have).
    await admin(
      server,
      `INSERT INTO trials (number, study_id, state, datetime_start, datetime_complete)
         SELECT g, ${sid}, 'COMPLETE', now(), now() FROM generate_series(0, 19999) g;
       INSERT INTO trial_values (trial_id, objective, value, value_type) SELECT trial_id, 0, number, 'FINITE' FROM trials;
       INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json)
         SELECT trial_id, 'x', number / 20000.0, '{"name": "FloatDistribution", "attributes": {"log": false, "step": null, "low": 0.0, "high": 1.0}}' FROM trials`,
      name,
    );
    const reads: { after: number; reload: number; got: number }[] = [];
    let roundTrips = 0;
    const inner = await PostgresStorage.open(url);
    const { default: pg } = await import("pg");
    const query = pg.Client.prototype.query;
    (pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: unknown, ...a: unknown[]) {
      roundTrips++;
      return (query as (...x: unknown[]) => unknown).apply(this, a);
    };
    const since = inner.getTrialsSince.bind(inner);
    inner.getTrialsSince = async (id, after, reload, skipIds): Promise<TrialsSince> => {
      const r = await since(id, after, reload, skipIds);
      reads.push({ after, reload: reload.length, got: r.trials.length });
      return r;
    };
    try {
      const study = await loadStudy({ storage: inner, studyName: "big", sampler: new RandomSampler({ seed: 1 }) });
      assert.ok(study.storage instanceof CachedStorage, "studies read through CachedStorage");
      assert.equal(study.trials.length, 20000);
      assert.equal(reads[0]?.got, 20000, "the first refresh reads the study once");
      const before = roundTrips;
      await study.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 50 });
      const later = reads.slice(1);
      assert.ok(later.length >= 50);
      assert.ok(later.every((r) => r.got <= 3 && r.reload <= 2), JSON.stringify(later.filter((r) => r.got > 3)));
      assert.deepEqual(study.trials.slice(-50).map((t) => [t.number, t.state]), Array.from({ length: 50 }, (_, i) => [20000 + i, "COMPLETE"]));
      // Per trial: create + tell, and a refresh read now and then (the rest ride along with tell).
      const perTrial = (roundTrips - before) / 50;
      assert.ok(perTrial < 3, `${perTrial} round trips per trial`);
      console.log(`# ${later.length} incremental reads for 50 trials, ${perTrial.toFixed(2)} round trips per trial`);
      const again = await loadStudy({ storage: url, studyName: "big" });
      assert.equal(again.trials.length, 20050);
    } finally {
      pg.Client.prototype.query = query;
      await inner.close();
    }
  });
});
