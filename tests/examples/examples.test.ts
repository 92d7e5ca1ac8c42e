/**
 * Runs every example with a small budget, in a temporary working directory (so their storage/
 * and reports/ land there), and checks what they printed and wrote.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadStudy } from "../../src/index.js";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = import.meta.resolve("tsx");

describe("examples", () => {
  let cwd: string;
  before(() => {
    cwd = mkdtempSync(join(tmpdir(), "parzen-examples-"));
  });
  after(() => rmSync(cwd, { recursive: true, force: true }));
  const run = async (file: string, ...args: string[]) =>
    (await exec(process.execPath, ["--import", tsx, join(root, "examples", file), ...args], { cwd, maxBuffer: 1 << 24 })).stdout;

  it("demo: a study in storage/demo.db that the next run continues, and a report", async () => {
    const first = await run("demo.ts");
    assert.match(first, /60 trials \(0 from earlier runs\)/);
    assert.match(first, /best trial #\d+: value \d/);
    const second = await run("demo.ts");
    assert.match(second, /120 trials \(60 from earlier runs\)/);
    assert.ok(statSync(join(cwd, "reports/demo.html")).size > 700_000);
  });

  it("quadratic: the README's first study resumes from disk", async () => {
    assert.match(await run("quadratic.ts", "20"), /trials in the study: 20/);
    const out = await run("quadratic.ts", "20");
    assert.match(out, /trials in the study: 40/);
    const study = await loadStudy({ storage: `sqlite:///${join(cwd, "storage/quadratic.db")}`, studyName: "quadratic" });
    assert.ok(study.bestValue < 0.5, `best ${study.bestValue}`);
  });

  it("cross-validation: OOF objective, pruning per fold, importances and a report", async () => {
    const out = await run("cross-validation.ts", "8", "reports/cv.html");
    assert.match(out, /trials: 8 \(\d+ complete, \d+ pruned, 0 failed\)/);
    assert.match(out, /best OOF log-loss 0\.\d+ \(OOF accuracy 0\.\d+\)/);
    assert.match(out, /feature importances/);
    const lines = out.split("\n");
    const top = lines[lines.findIndex((l) => l.startsWith("feature importances")) + 1] ?? "";
    assert.match(top, /petal_(width|length)/, "a real feature ranks first, not noise");
    assert.match(out, /parameter importances \(fANOVA\)/);
    assert.ok(statSync(join(cwd, "reports/cv.html")).size > 700_000);
  });

  it("pruning: epochs are saved by MedianPruner", async () => {
    const out = await run("pruning.ts", "20");
    const m = /20 trials, (\d+) pruned; (\d+) epochs run of (\d+)/.exec(out);
    assert.ok(m, out);
    assert.ok(Number(m[1]) > 0 && Number(m[2]) < Number(m[3]));
  });

  it("parallel: a module objective on two worker threads", async () => {
    const out = await run("parallel.ts", "6", "2");
    assert.match(out, /6 trials on 2 worker threads/);
    assert.match(out, /best value \d/);
  });

  it("async-service: an async objective calling a local HTTP service, nJobs requests in flight in one thread, a stuck one stopped by trialTimeout", async () => {
    const out = await run("async-service.ts", "16", "4");
    const m = /16 trials, up to (\d+) requests in flight at once \(nJobs 4\)/.exec(out);
    assert.ok(m, out);
    assert.ok(Number(m[1]) >= 2 && Number(m[1]) <= 4, `in flight ${m[1]}: concurrent, and never more than nJobs`);
    assert.match(out, /best loss \d+\.\d{4} with lr [\d.e-]+ and depth \d+/);
    const stopped = /(\d+) stopped by trialTimeout \(depth 12: trials ([\d, ]+)\)/.exec(out);
    assert.ok(stopped, out);
    assert.equal(stopped[2]?.split(", ")[0], "0", "the enqueued stuck job (trial 0) is stopped at the limit");
  });

  it("resume: the second run continues the study on disk", async () => {
    assert.match(await run("resume.ts", "3"), /0 trials on disk/);
    const out = await run("resume.ts", "3");
    assert.match(out, /3 trials on disk \(3 complete\)/);
    assert.match(out, /now 6 trials/);
  });

  it("ask-tell.sh and multi-process.sh drive studies through the CLI", async () => {
    const env = { ...process.env, PARZEN: `${process.execPath} --import ${tsx} ${join(root, "src/cli/main.ts")}` };
    const askTell = await exec("bash", [join(root, "examples/ask-tell.sh"), "3"], {
      cwd: root,
      env: { ...env, PARZEN_STORAGE: `sqlite:///${join(cwd, "ask-tell.db")}` },
    });
    assert.match(askTell.stdout, /\| number \| value/);
    assert.equal((await loadStudy({ storage: `sqlite:///${join(cwd, "ask-tell.db")}`, studyName: "ask-tell" })).trials.length, 3);
    const db = join(cwd, "multi.db");
    const multi = await exec("bash", [join(root, "examples/multi-process.sh"), "4"], { cwd: root, env: { ...env, PARZEN_DB: db } });
    assert.match(multi.stdout, /\| shared +\| minimize +\| +8 \|/);
    const study = await loadStudy({ storage: `sqlite:///${db}`, studyName: "shared" });
    assert.deepEqual(study.trials.map((t) => t.number), [...Array(8).keys()]);
    assert.ok(existsSync(db));
  });
});
