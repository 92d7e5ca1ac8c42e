/**
 * The CLI as a shell user meets it: --version, inherited options in every --help, errors in
 * flags not library options, set-user-attr, storage upgrade, tell --skip-if-finished, per-trial
 * lines from optimize (none with --quiet), and CSV in full precision.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { runCli } from "../../src/cli/main.js";
import { createStudy, createTrial, FloatDistribution, loadStudy } from "../../src/index.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, { out: (t) => stdout.push(t), err: (t) => stderr.push(t) }, env);
  return { code, out: stdout.join("\n"), err: stderr.join("\n") };
}

describe("parzen CLI for a shell user", () => {
  let dir: string;
  let storage: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "parzen-cli-ux-"));
    storage = `sqlite:///${join(dir, "ux.db")}`;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("--version prints the package's version", async () => {
    for (const flag of ["--version", "-V"]) {
      const r = await cli([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.out, version);
    }
  });

  it("every command's --help lists the options it inherits", async () => {
    for (const cmd of [["trials"], ["optimize"], ["tell"], ["set-user-attr"], ["storage", "upgrade"], ["export"]]) {
      const r = await cli([...cmd, "--help"]);
      assert.equal(r.code, 0, cmd.join(" "));
      const global = r.out.slice(r.out.indexOf("Global Options:"));
      assert.ok(r.out.includes("Global Options:"), `${cmd.join(" ")} --help:\n${r.out}`);
      for (const opt of ["--storage <url>", "--study-name <name>", "-f, --format <format>", "--debug"]) {
        assert.ok(global.includes(opt), `${cmd.join(" ")} --help lists ${opt}`);
      }
    }
  });

  it("errors name CLI flags and commands, not library options", async () => {
    const absent = await cli(["trials", "--storage", storage]);
    assert.equal(absent.code, 1);
    assert.match(absent.err, /^error: The study database .*ux\.db does not exist; nothing was created\./);
    assert.equal((await cli(["create-study", "--storage", storage, "--study-name", "tmp"])).code, 0);
    assert.equal((await cli(["delete-study", "--storage", storage, "--study-name", "tmp"])).code, 0);
    const empty = await cli(["trials", "--storage", storage]);
    assert.equal(empty.code, 1);
    assert.equal(empty.err, "error: The storage holds no study: create one with parzen create-study --study-name NAME.");
    const missing = await cli(["trials", "--storage", storage, "--study-name", "nope"]);
    assert.match(missing.err, /^error: No study named "nope" in this storage\. The storage holds no study yet: create one with parzen create-study --study-name NAME\.$/);
    assert.equal((await cli(["create-study", "--storage", storage, "--study-name", "a"])).code, 0);
    assert.equal((await cli(["create-study", "--storage", storage, "--study-name", "b"])).code, 0);
    const dup = await cli(["create-study", "--storage", storage, "--study-name", "a"]);
    assert.equal(dup.code, 1);
    assert.match(dup.err, /already exists in this storage\. Pass --skip-if-exists to use it, choose another --study-name/);
    const two = await cli(["trials", "--storage", storage]);
    assert.equal(two.err, 'error: The storage holds 2 studies ("a", "b"): pass --study-name NAME.');
    const other = await cli(["trials", "--storage", storage, "--study-name", "c"]);
    assert.match(other.err, /Studies that exist: "a", "b" \(see parzen studies\)\.$/);
    for (const r of [absent, empty, missing, dup, two, other]) {
      assert.doesNotMatch(r.err, /loadIfExists|studyName|createStudy\(\)/);
    }
  });

  it("set-user-attr writes a study's user attribute (a string, as Optuna's CLI)", async () => {
    const r = await cli(["set-user-attr", "--storage", storage, "--study-name", "a", "--key", "owner", "--value", "ana"]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, 'Attribute successfully written: "owner" = "ana" on study "a".');
    assert.equal((await cli(["set-user-attr", "--storage", storage, "--study-name", "a", "-k", "runs", "-v", "3"])).code, 0);
    const study = await loadStudy({ storage, studyName: "a" });
    assert.deepEqual(study.userAttrs, { owner: "ana", runs: "3" });
  });

  it("storage upgrade moves an Optuna 3.1 file (v3.0.0.d) to v3.2.0.a, then says it is up to date", async () => {
    const path = join(dir, "old.db");
    const made = await createStudy({ storage: `sqlite:///${path}`, studyName: "old" });
    await made.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
    await (made.storage as { close?: () => Promise<void> }).close?.();
    const db = new Database(path);
    db.exec("DROP INDEX IF EXISTS trials_study_id_key; UPDATE alembic_version SET version_num = 'v3.0.0.d'");
    db.close();
    const url = `sqlite:///${path}`;
    const first = await cli(["storage", "upgrade", "--storage", url]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.err, /^Completed to upgrade the storage from revision v3\.0\.0\.d to v3\.2\.0\.a \(001_v3\.0\.0\.d_to_v3\.2\.0\.a\.sql\)\.$/);
    const check = new Database(path, { readonly: true });
    assert.equal(check.prepare("SELECT version_num FROM alembic_version").pluck().get(), "v3.2.0.a");
    assert.ok(check.prepare("SELECT name FROM sqlite_master WHERE name = 'trials_study_id_key'").get());
    check.close();
    assert.equal((await loadStudy({ storage: url, studyName: "old" })).trials.length, 2, "the trials are still there");
    const again = await cli(["storage", "upgrade", "--storage", url]);
    assert.equal(again.err, "This storage is up-to-date (revision v3.2.0.a).");
    const none = await cli(["storage", "upgrade", "--storage", `sqlite:///${join(dir, "absent.db")}`]);
    assert.equal(none.code, 1);
    assert.match(none.err, /No database at .*absent\.db: --storage must name an existing file to upgrade\./);
  });

  it("tell --skip-if-finished says it skipped and changes nothing", async () => {
    const asked = await cli(["ask", "--storage", storage, "--study-name", "a"]);
    const n = (JSON.parse(asked.out) as { number: number }).number;
    assert.equal((await cli(["tell", "--storage", storage, "--study-name", "a", "--trial-number", String(n), "--values", "0.25"])).code, 0);
    const skipped = await cli(["tell", "--storage", storage, "--study-name", "a", "--trial-number", String(n), "--values", "9", "--skip-if-finished"]);
    assert.equal(skipped.code, 0);
    assert.equal(skipped.err, `skipped: trial ${n} is already COMPLETE with [0.25]; nothing was told.`);
    const without = await cli(["tell", "--storage", storage, "--study-name", "a", "--trial-number", String(n), "--values", "9"]);
    assert.match(without.err, /Pass --skip-if-finished to ignore this\./);
    assert.equal((await loadStudy({ storage, studyName: "a" })).trials[n]?.value, 0.25);
  });

  it("optimize says per trial what happened; --quiet keeps only the summary", async () => {
    const objective = join(root, "tests/fixtures/plain-objective.js");
    const args = ["optimize", objective, "--storage", storage, "--study-name", "opt", "--n-trials", "3", "--no-progress", "--seed", "1"];
    const loud = await cli(args, { PARZEN_VERBOSITY: "warning" });
    assert.equal(loud.code, 0, loud.err);
    const lines = loud.err.split("\n");
    assert.match(lines[0] ?? "", /^\[I .*\] A new study created in RDB with name: opt$/);
    assert.equal(lines.filter((l) => /^\[I .*\] Trial [0-2] finished with value: [\d.e-]+ and parameters: \{.*\}\. Best is trial \d with value: [\d.e-]+\.$/.test(l)).length, 3);
    assert.match(loud.out, /study "opt": ran 3 trials, 3 in all/);
    const quiet = await cli([...args, "--quiet"]);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.err, "");
    assert.match(quiet.out, /study "opt": ran 3 trials, 6 in all\nbest trial #\d: value/);
  });

  it("export writes numbers in full precision (the shortest round-trip form)", async () => {
    const study = await createStudy({ storage, studyName: "csv" });
    const values = [0.5892942977742572, 1 / 3, 1e-7 + 1e-22, 123456789.12345679];
    for (const v of values) {
      await study.addTrial(createTrial({ value: v, params: { x: v / 7 }, distributions: { x: new FloatDistribution(-1e9, 1e9) } }));
    }
    const csv = await cli(["export", "--storage", storage, "--study-name", "csv", "-f", "csv"]);
    const [header, ...rows] = csv.out.split("\n");
    const cols = (header ?? "").split(",");
    const vi = cols.indexOf("value");
    const xi = cols.indexOf("params_x");
    assert.deepEqual(rows.map((r) => Number(r.split(",")[vi])), values);
    assert.deepEqual(rows.map((r) => Number(r.split(",")[xi])), values.map((v) => v / 7));
    assert.ok(rows[0]?.includes("0.5892942977742572"));
    const json = JSON.parse((await cli(["export", "--storage", storage, "--study-name", "csv", "-f", "json"])).out) as { value: number }[];
    assert.deepEqual(json.map((r) => r.value), values);
  });
});
