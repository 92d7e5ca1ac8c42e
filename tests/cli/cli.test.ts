import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { runCli } from "../../src/cli/main.js";
import type { IO } from "../../src/cli/output.js";
import { loadStudy } from "../../src/index.js";

function capture(): IO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await runCli(args, io, env);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

describe("parzen CLI", () => {
  let dir: string;
  let storage: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "parzen-cli-"));
    storage = `sqlite:///${join(dir, "cli.db")}`;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("creates a study, lists it, and refuses a duplicate with a one-line error", async () => {
    const created = await cli(["create-study", "--storage", storage, "--study-name", "s1", "--direction", "maximize"]);
    assert.equal(created.code, 0);
    assert.equal(created.out, "s1");
    const dup = await cli(["create-study", "--storage", storage, "--study-name", "s1"]);
    assert.equal(dup.code, 1);
    assert.match(dup.err, /^error: A study named "s1" already exists/);
    assert.equal(dup.err.split("\n").length, 1);
    const skip = await cli(["create-study", "--storage", storage, "--study-name", "s1", "--skip-if-exists"]);
    assert.equal(skip.code, 0);
    const list = await cli(["studies", "-f", "json"], { PARZEN_STORAGE: storage });
    const rows = JSON.parse(list.out) as { name: string; direction: string; n_trials: number }[];
    assert.deepEqual(rows.map((r) => [r.name, r.direction, r.n_trials]), [["s1", "maximize", 0]]);
  });

  it("runs an ask/tell round trip", async () => {
    const space = JSON.stringify({ x: { type: "float", low: -1, high: 1 }, n: { name: "IntDistribution", attributes: { low: 1, high: 4, step: 1, log: false } } });
    const asked = await cli(["ask", "--storage", storage, "--study-name", "s1", "--search-space", space, "--sampler", "random", "--seed", "3"]);
    assert.equal(asked.code, 0, asked.err);
    const { number, params } = JSON.parse(asked.out) as { number: number; params: { x: number; n: number } };
    assert.equal(number, 0);
    assert.ok(params.x >= -1 && params.x < 1 && [1, 2, 3, 4].includes(params.n));
    const told = await cli(["tell", "--storage", storage, "--study-name", "s1", "--trial-number", "0", "--values", "0.75"]);
    assert.equal(told.code, 0, told.err);
    assert.match(told.err, /trial 0 COMPLETE/);
    const again = await cli(["tell", "--storage", storage, "--study-name", "s1", "--trial-number", "0", "--values", "1"]);
    assert.equal(again.code, 1);
    assert.match(again.err, /already COMPLETE/);
    const study = await loadStudy({ storage, studyName: "s1" });
    assert.equal(study.trials[0]?.value, 0.75);
    assert.deepEqual(study.trials[0]?.params, params);

    const bad = await cli(["ask", "--storage", storage, "--study-name", "s1", "--search-space", "{nope"]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /--search-space is not valid JSON/);
    const pruned = await cli(["ask", "--storage", storage, "--study-name", "s1"]);
    const n = (JSON.parse(pruned.out) as { number: number }).number;
    assert.equal((await cli(["tell", "--storage", storage, "--study-name", "s1", "--trial-number", String(n), "--state", "pruned"])).code, 0);
  });

  it("prints trials, the best trial and exports CSV and JSON", async () => {
    const trials = await cli(["trials", "--storage", storage, "--study-name", "s1"]);
    assert.equal(trials.code, 0);
    assert.match(trials.out, /^\+-/);
    assert.match(trials.out, /\| number \| value/);
    assert.match(trials.out, /COMPLETE/);
    assert.match(trials.out, /PRUNED/);
    const best = await cli(["best-trial", "--storage", storage, "--study-name", "s1", "-f", "json"]);
    assert.equal((JSON.parse(best.out) as { value: number }[])[0]?.value, 0.75);
    const file = join(dir, "trials.csv");
    const exported = await cli(["export", "--storage", storage, "--study-name", "s1", "-f", "csv", "--out", file]);
    assert.equal(exported.code, 0);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    assert.equal(lines[0], "number,value,datetime_start,datetime_complete,duration,params_n,params_x,state");
    assert.equal(lines.length, 3);
    const json = await cli(["export", "--storage", storage, "--study-name", "s1", "-f", "json"]);
    assert.equal((JSON.parse(json.out) as unknown[]).length, 2);
  });

  it("shows constraints: columns in trials, feasible best trials, the hypervolume history plot", async () => {
    const { createStudy, createTrial } = await import("../../src/index.js");
    const mo = await createStudy({ storage, studyName: "cons", directions: ["minimize", "minimize"] });
    await mo.addTrial(createTrial({ values: [0, 0], systemAttrs: { "constraints:mem": 2 } }));
    await mo.addTrial(createTrial({ values: [1, 2], systemAttrs: { "constraints:mem": -1 } }));
    await mo.addTrial(createTrial({ values: [2, 1], systemAttrs: { "constraints:mem": 0 } }));
    const trials = await cli(["trials", "--storage", storage, "--study-name", "cons", "-f", "json"]);
    assert.deepEqual((JSON.parse(trials.out) as { constraints_mem: number }[]).map((r) => r.constraints_mem), [2, -1, 0]);
    const front = await cli(["best-trials", "--storage", storage, "--study-name", "cons", "-f", "json"]);
    assert.deepEqual((JSON.parse(front.out) as { number: number }[]).map((r) => r.number), [1, 2]);
    const svg = join(dir, "hv.svg");
    const plot = await cli(["plot", "hypervolume-history", "--storage", storage, "--study-name", "cons", "--reference-point", "3", "3", "--out", svg]);
    assert.equal(plot.code, 0, plot.err);
    assert.match(readFileSync(svg, "utf8"), /Hypervolume History Plot/);
    const noRef = await cli(["plot", "hypervolume-history", "--storage", storage, "--study-name", "cons", "--out", svg]);
    assert.equal(noRef.code, 1);
    assert.match(noRef.err, /needs --reference-point with 2 numbers/);
    const single = await createStudy({ storage, studyName: "cons1" });
    await single.addTrial(createTrial({ value: 1, systemAttrs: { "constraints:mem": 1 } }));
    const best = await cli(["best-trial", "--storage", storage, "--study-name", "cons1"]);
    assert.equal(best.code, 1);
    assert.match(best.err, /None of the 1 complete trials is feasible/);
  });

  it("copies and deletes studies, asking for --yes before losing finished trials", async () => {
    const target = `sqlite:///${join(dir, "copy.db")}`;
    assert.equal((await cli(["copy-study", "--storage", storage, "--study-name", "s1", "--to-storage", target])).code, 0);
    assert.equal((await loadStudy({ storage: target, studyName: "s1" })).trials.length, 2);
    const refused = await cli(["delete-study", "--storage", target, "--study-name", "s1"]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /--yes/);
    assert.equal((await cli(["delete-study", "--storage", target, "--study-name", "s1", "--yes"])).code, 0);
    const gone = await cli(["trials", "--storage", target, "--study-name", "s1"]);
    assert.equal(gone.code, 1);
    assert.match(gone.err, /No study named "s1"/);
  });

  it("reports usage errors with exit code 2 and a missing storage with a clear message", async () => {
    const usage = await cli(["tell", "--storage", storage]);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--trial-number/);
    const nostore = await cli(["studies"]);
    assert.equal(nostore.code, 1);
    assert.match(nostore.err, /PARZEN_STORAGE/);
    const help = await cli(["ask", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.out, /Example:/);
  });

  it("optimizes a module objective on worker threads (a real process, with the bin)", async () => {
    const exec = promisify(execFile);
    const { stdout } = await exec(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "optimize", "tests/fixtures/plain-objective.js", "--storage", storage, "--study-name", "opt", "--n-trials", "6", "--jobs", "2", "--no-progress", "--seed", "1"],
      { env: { ...process.env } },
    );
    assert.match(stdout, /ran 6 trials, 6 in all/);
    assert.match(stdout, /best trial #\d+: value/);
    const study = await loadStudy({ storage, studyName: "opt" });
    assert.equal(study.getTrials({ states: ["COMPLETE"] }).length, 6);
  });

  it("--sampler cmaes and qmc carry their state from one call to the next", async () => {
    const space = JSON.stringify({ x: { type: "float", low: -5, high: 5 }, y: { type: "float", low: -5, high: 5 } });
    for (const sampler of ["cmaes", "qmc"]) {
      const name = `cli-${sampler}`;
      assert.equal((await cli(["create-study", "--storage", storage, "--study-name", name])).code, 0);
      for (let i = 0; i < 15; i++) {
        const asked = await cli(["ask", "--storage", storage, "--study-name", name, "--search-space", space, "--sampler", sampler, "--seed", "2"]);
        assert.equal(asked.code, 0, asked.err);
        const { number, params } = JSON.parse(asked.out) as { number: number; params: { x: number; y: number } };
        const v = (params.x - 1) ** 2 + (params.y + 2) ** 2;
        assert.equal((await cli(["tell", "--storage", storage, "--study-name", name, "--trial-number", String(number), "--values", String(v)])).code, 0);
      }
      const trials = (await loadStudy({ storage, studyName: name })).trials;
      if (sampler === "cmaes") {
        // λ = 6 in 2-D: trial 0 is the startup trial, generations 0 and 1 are told, 2 is running
        assert.deepEqual(trials.map((t) => t.systemAttrs["cma:generation"]), [undefined, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2]);
      } else {
        assert.deepEqual(trials.slice(1).map((t) => t.systemAttrs["qmc:index"]), trials.slice(1).map((t) => t.number));
        assert.equal(new Set(trials.map((t) => t.params.x)).size, 15);
      }
    }
  });
});
