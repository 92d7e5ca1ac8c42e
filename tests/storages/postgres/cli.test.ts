/**
 * The CLI on PostgreSQL URLs as a user runs it: copy-study --from sqlite:… --to postgresql:… and
 * back (identical trials), studies / trials / best-trial, a plot PNG, the web dashboard's JSON.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runCli } from "../../../src/cli/main.js";
import { startWebDashboard } from "../../../src/cli/dashboard/web.js";
import { RandomSampler } from "../../../src/samplers/random.js";
import { createStudy, loadStudy } from "../../../src/study/create.js";
import type { FrozenTrial } from "../../../src/trial/frozen.js";
import { freshDatabase, serverOrSkip } from "./server.js";

const { server, skip } = await serverOrSkip();

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const strip = (ts: readonly FrozenTrial[]): unknown[] =>
  ts.map((t) => ({ n: t.number, s: t.state, v: t.values, p: t.params, d: t.distributions, i: t.intermediateValues, u: t.userAttrs, y: t.systemAttrs, ds: t.datetimeStart?.getTime(), dc: t.datetimeComplete?.getTime() }));

describe("parzen CLI on PostgreSQL", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "parzen-pg-cli-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("copy-study moves a laptop study to PostgreSQL and back with identical trials; studies, trials, plot and the web dashboard read it", async () => {
    if (!server) return;
    const pg = (await freshDatabase(server)).url;
    const laptop = `sqlite:///${join(dir, "laptop.db")}`;
    const study = await createStudy({ storage: laptop, studyName: "s", sampler: new RandomSampler({ seed: 3 }) });
    await study.setUserAttr("owner", "me");
    await study.optimize(
      (t) => {
        const x = t.suggestFloat("x", -3, 3);
        t.report(x, 0);
        t.setUserAttr("u", [x, "a"]);
        return x * x + t.suggestInt("k", 1, 4);
      },
      { nTrials: 12 },
    );
    const original = strip(study.trials);

    const there = await cli(["copy-study", "--from", laptop, "--study-name", "s", "--to", pg]);
    assert.equal(there.code, 0, there.err);
    const onPg = await loadStudy({ storage: pg, studyName: "s" });
    assert.deepEqual(strip(onPg.trials), original);
    assert.deepEqual(onPg.userAttrs, { owner: "me" });

    const back = `sqlite:///${join(dir, "back.db")}`;
    const home = await cli(["copy-study", "--storage", pg.replace(/^postgresql:/, "postgresql+psycopg2:"), "--study-name", "s", "--to-storage", back]);
    assert.equal(home.code, 0, home.err);
    assert.deepEqual(strip((await loadStudy({ storage: back, studyName: "s" })).trials), original);

    const studies = await cli(["studies", "--storage", pg, "-f", "json"]);
    assert.equal(studies.code, 0, studies.err);
    const rows = JSON.parse(studies.out) as { name: string; n_trials: number; best_value: number }[];
    assert.deepEqual(rows.map((r) => [r.name, r.n_trials]), [["s", 12]]);
    assert.equal(rows[0]?.best_value, study.bestValue);
    const best = await cli(["best-trial", "--storage", pg, "-f", "json"]);
    assert.equal((JSON.parse(best.out) as { number: number }[])[0]?.number, study.bestTrial.number);

    const png = join(dir, "history.png");
    const plot = await cli(["plot", "history", "--storage", pg, "--study-name", "s", "--out", png]);
    assert.equal(plot.code, 0, plot.err);
    const bytes = readFileSync(png);
    assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG");
    assert.ok(bytes.length > 10000, `a drawn chart, ${bytes.length} bytes`);

    const web = await startWebDashboard({ storage: pg, host: "127.0.0.1", port: 0 });
    try {
      const list = (await (await fetch(`${web.url}api/studies`)).json()) as { name: string; nTrials: number }[];
      assert.deepEqual(list.map((s) => [s.name, s.nTrials]), [["s", 12]]);
      const trials = (await (await fetch(`${web.url}api/studies/s/trials`)).json()) as { trials: unknown[] };
      assert.equal(trials.trials.length, 12);
    } finally {
      await web.close();
    }
  });
});
