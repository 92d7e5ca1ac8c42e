// Item 10 of issue 16: each of these messages used to mislead; each now says what was wrong.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../../src/cli/main.js";
import {
  captureWarnings,
  createStudy,
  InvalidArgumentError,
  InvalidDistributionError,
  loadStudy,
  RandomSampler,
} from "../../src/index.js";
import { tempDb } from "../storages/sqlite/helpers.js";

const newStudy = () => createStudy({ sampler: new RandomSampler({ seed: 1 }) });

describe("messages that used to mislead (item 10)", () => {
  it("a string bound says it is a string", async () => {
    const t = await (await newStudy()).ask();
    assert.throws(
      () => t.suggestFloat("x", "0" as never, "1" as never),
      (e: Error) => e instanceof InvalidDistributionError && e.message === 'FloatDistribution: `low` must be a finite number, but got the string "0".',
    );
    assert.throws(() => t.suggestInt("n", 0, "3" as never), /`high` must be an integer, but got the string "3"/);
  });

  it("an integer bound beyond 2**53 says it is beyond the safe integer range", async () => {
    const t = await (await newStudy()).ask();
    assert.throws(() => t.suggestInt("n", 0, 2 ** 60), (e: Error) => {
      assert.ok(e instanceof InvalidDistributionError);
      assert.match(e.message, /`high` = 1152921504606847000 is beyond the safe integer range \(±9007199254740991\)/);
      assert.doesNotMatch(e.message, /must be an integer/);
      return true;
    });
  });

  it("throw null and throw undefined are named as such", async () => {
    for (const thrown of [null, undefined]) {
      const study = await newStudy();
      const seen: unknown[] = [];
      await captureWarnings(() =>
        study.optimize(() => {
          throw thrown;
        }, { nTrials: 1, catch: (e) => (seen.push(e), true) }),
      );
      assert.equal(seen.length, 1);
      assert.equal((seen[0] as Error).message, `The objective threw ${String(thrown)} instead of an Error: throw new Error("why") to say what failed.`);
      assert.equal(study.trials[0]?.state, "FAIL");
    }
  });

  it("ask() with something that is not a distribution says so, before creating a trial", async () => {
    const study = await newStudy();
    await assert.rejects(study.ask({ q: { low: 0 } } as never), (e: Error) => {
      assert.ok(e instanceof InvalidArgumentError);
      assert.match(e.message, /^ask\(\): "q" must be a distribution, e\.g\. new FloatDistribution\(0, 1\).*got \{"low":0\}\.$/);
      return true;
    });
    assert.equal(study.trials.length, 0);
  });

  it("an enqueued NaN is refused at enqueueTrial, not 'used anyway'", async () => {
    const study = await newStudy();
    await assert.rejects(study.enqueueTrial({ x: Number.NaN }), /enqueueTrial: the value of "x" is NaN; a parameter value must be a finite number/);
    assert.equal(study.trials.length, 0);
  });

  it("an enqueued NaN already in a storage fails its trial with a typed error, not 'used anyway'", async () => {
    const study = await newStudy();
    await study.storage.createNewTrial(study.studyId, Object.freeze({
      number: -1, trialId: -1, state: "WAITING", params: {}, distributions: {}, intermediateValues: {}, userAttrs: {}, constraints: {},
      systemAttrs: { fixed_params: { x: "NaN" } },
    }));
    await study.refresh();
    const t = await study.ask();
    const { warnings } = await captureWarnings(() => {
      assert.throws(() => t.suggestFloat("x", 0, 1), /Enqueued value the string "NaN" of "x" \(trial #0\) is not a finite number/);
    });
    assert.deepEqual(warnings, []);
  });

  it("an enqueued 2.5 for an int names the value that is used", async () => {
    const study = await newStudy();
    await study.enqueueTrial({ n: 2.5, m: 20, s: 0.25 });
    const t = await study.ask();
    const { result, warnings } = await captureWarnings(() => [t.suggestInt("n", 0, 10), t.suggestInt("m", 0, 10), t.suggestFloat("s", 0, 1, { step: 0.1 })]);
    assert.deepEqual(result, [3, 20, 0.25]);
    assert.deepEqual(warnings.map((w) => w.message), [
      'Enqueued value 2.5 of "n" (trial #0) is not an integer (rounded to 3); 3 is used.',
      'Enqueued value 20 of "m" (trial #0) is outside int[0, 10]; 20 is used.',
      'Enqueued value 0.25 of "s" (trial #0) is not on the step grid of float[0, 1] step=0.1; 0.25 is used.',
    ]);
  });

  it("a missing module objective is a typed error before any trial is created", async () => {
    const { url } = tempDb();
    const study = await createStudy({ storage: url, studyName: "m" });
    await assert.rejects(study.optimize("tests/fixtures/no-such-objective.ts", { nTrials: 2 }), (e: Error) => {
      assert.ok(e instanceof InvalidArgumentError);
      assert.match(e.message, /the objective module .*tests\/fixtures\/no-such-objective\.ts does not exist/);
      return true;
    });
    assert.equal((await loadStudy({ storage: url, studyName: "m" })).trials.length, 0);
  });

  it("`trials --state DONE` is a usage error (exit 2) naming the states", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parzen-msg-"));
    try {
      const storage = `sqlite:///${join(dir, "s.db")}`;
      const study = await createStudy({ storage, studyName: "s" });
      const t = await study.ask();
      await study.tell(t, 1);
      const err: string[] = [];
      const out: string[] = [];
      const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
      assert.equal(await runCli(["trials", "--storage", storage, "--state", "DONE"], io, {}), 2);
      assert.match(err.join("\n"), /unknown state "DONE": use RUNNING, COMPLETE, PRUNED, FAIL, WAITING/);
      assert.deepEqual(out, []);
      assert.equal(await runCli(["trials", "--storage", storage, "--state", "complete", "fail", "-f", "json"], io, {}), 0);
      assert.deepEqual((JSON.parse(out.join("")) as { state: string }[]).map((r) => r.state), ["COMPLETE"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
