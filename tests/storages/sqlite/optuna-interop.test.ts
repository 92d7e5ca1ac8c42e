/**
 * Interop with Python Optuna 3.1 (Debian's python3-optuna, /usr/bin/python3): a study written by
 * Optuna is loaded and continued by parzen and read back by Optuna with identical trials; and the
 * reverse, starting from a parzen study. Optuna 3.1 refuses revision v3.2.0.a (what parzen
 * writes), so for it the test stamps a copy back to v3.0.0.d and drops the trials_study_id_key
 * index (the v3.2.0.a migration, undone).
 *
 * Skipped with a reason when Python or Optuna is missing; with CI=true that is a failure instead.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { runCli } from "../../../src/cli/main.js";
import { distributionFromObject } from "../../../src/distributions/json.js";
import { RandomSampler } from "../../../src/samplers/random.js";
import { SqliteStorage } from "../../../src/storages/sqlite/index.js";
import { fromDbDatetime, parseJsonLenient } from "../../../src/storages/codec.js";
import { createStudy, loadStudy } from "../../../src/study/create.js";
import type { FrozenTrial } from "../../../src/trial/frozen.js";
import type { Trial } from "../../../src/trial/trial.js";
import { tempDir } from "./helpers.js";

const PYTHON = process.env.PARZEN_PYTHON ?? "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./fixtures/optuna_interop.py", import.meta.url));

function optunaMissing(): string | undefined {
  const r = spawnSync(PYTHON, ["-c", "import optuna; print(optuna.__version__)"], { encoding: "utf8" });
  if (r.error) return `${PYTHON} cannot run (${r.error.message})`;
  if (r.status !== 0) return `${PYTHON} cannot import optuna (${r.stderr.trim().split("\n").at(-1) ?? ""})`;
  if (!r.stdout.startsWith("3.")) return `${PYTHON} has Optuna ${r.stdout.trim()}, the test is written for 3.x`;
  return undefined;
}

interface PyTrial {
  number: number;
  state: string;
  values: number[] | null;
  params: Record<string, unknown>;
  distributions: Record<string, unknown>;
  intermediateValues: Record<string, number>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  datetimeStart: string | null;
  datetimeComplete: string | null;
}
interface PyDump {
  optuna: string;
  utc: boolean;
  userAttrs: Record<string, unknown>;
  directions: string[];
  trials: PyTrial[];
}

function py(...args: string[]): string {
  const r = spawnSync(PYTHON, [SCRIPT, ...args], { encoding: "utf8", timeout: 120000 });
  if (r.status !== 0) throw new Error(`python ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

function dump(path: string, study: string): PyDump {
  return parseJsonLenient(py("dump", path, study)) as PyDump;
}

/** The same objective as the Python side's. */
function objective(t: Trial): number {
  const x = t.suggestFloat("x", -5, 5);
  const lr = t.suggestFloat("lr", 1e-5, 1e-1, { log: true });
  const n = t.suggestInt("n", 1, 64, { log: true });
  const depth = t.suggestInt("depth", 2, 10, { step: 2 });
  const act = t.suggestCategorical("act", ["relu", "tanh", null]);
  for (let step = 0; step < 3; step++) t.report(x * step + lr, step);
  t.setUserAttr("tag", { n, act, by: "parzen" });
  return x * x + lr + n + depth + (act === "relu" ? 0 : 1);
}

/** Every trial the same on both sides: number, state, values, params, distributions, intermediate values, attrs, times. */
function assertSameTrials(ours: readonly FrozenTrial[], theirs: PyDump): void {
  assert.equal(ours.length, theirs.trials.length, "trial count");
  for (const [i, p] of theirs.trials.entries()) {
    const t = ours[i] as FrozenTrial;
    const at = `trial #${p.number}`;
    assert.equal(t.number, p.number, at);
    assert.equal(t.state, p.state, at);
    assert.deepEqual(t.values ?? null, p.values, `${at} values`);
    assert.deepEqual({ ...t.params }, p.params, `${at} params`);
    assert.deepEqual(Object.keys(t.distributions).sort(), Object.keys(p.distributions).sort(), `${at} distributions`);
    for (const [k, d] of Object.entries(p.distributions)) assert.deepEqual(t.distributions[k], distributionFromObject(d), `${at} ${k}`);
    assert.deepEqual({ ...t.intermediateValues }, p.intermediateValues, `${at} intermediate values`);
    assert.deepEqual(t.userAttrs, p.userAttrs, `${at} user attrs`);
    assert.deepEqual(t.systemAttrs, p.systemAttrs, `${at} system attrs`);
    if (theirs.utc) {
      for (const [ms, s] of [
        [t.datetimeStart?.getTime(), p.datetimeStart],
        [t.datetimeComplete?.getTime(), p.datetimeComplete],
      ] as const) {
        if (s === null) assert.equal(ms, undefined, at);
        else assert.ok(Math.abs((ms ?? Number.NaN) - (fromDbDatetime(s)?.getTime() ?? 0)) < 1, `${at} datetime ${s}`);
      }
    }
  }
}

/** Makes a parzen file (v3.2.0.a) readable by Optuna 3.1: revision v3.0.0.d, without the index. */
function stampForOptuna31(from: string, to: string): void {
  copyFileSync(from, to);
  const db = new Database(to);
  db.exec("DROP INDEX IF EXISTS trials_study_id_key; UPDATE alembic_version SET version_num = 'v3.0.0.d'");
  db.close();
}

const missing = optunaMissing();
const ci = process.env.CI === "true";

describe("interop with Python Optuna 3.1", { skip: missing !== undefined && !ci ? `${missing}; install python3-optuna to run it` : false }, () => {
  if (missing !== undefined) {
    it("has Python Optuna (CI=true requires it)", () => {
      assert.fail(`${missing}. CI must install it: apt-get install -y python3-optuna`);
    });
    return;
  }

  it("parzen loads and continues an Optuna study, and Optuna reads the result with identical trials", async () => {
    const path = join(tempDir(), "from-optuna.db");
    py("write", path, "py-study", "6");
    const before = dump(path, "py-study");
    assert.equal(before.trials.length, 8);

    const storage = new SqliteStorage(`sqlite:///${path}`);
    assert.equal(storage.revision, "v3.0.0.d");
    const study = await loadStudy({ storage, sampler: new RandomSampler({ seed: 11 }) });
    assert.equal(study.studyName, "py-study");
    assert.deepEqual(study.userAttrs, { owner: "python" });
    assertSameTrials(study.trials, before);
    assert.equal(study.trials[6]?.value, Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(study.trials[6]?.intermediateValues[0]));

    await study.optimize(objective, { nTrials: 5 });
    const t = await study.ask();
    t.suggestFloat("x", -5, 5);
    t.report(Number.NaN, 0);
    t.setUserAttr("note", { nested: [1, null, "two"] });
    await study.tell(t, Number.NEGATIVE_INFINITY);
    await study.setUserAttr("continued_by", "parzen");
    const ours = study.trials;
    assert.deepEqual(
      ours.map((x) => x.number),
      Array.from({ length: 14 }, (_, i) => i),
    );
    await storage.close();

    const after = dump(path, "py-study");
    assert.deepEqual(after.userAttrs, { owner: "python", continued_by: "parzen" });
    assertSameTrials(ours, after);

    py("continue", path, "py-study", "2");
    const last = dump(path, "py-study");
    const again = new SqliteStorage(`sqlite:///${path}`);
    const reloaded = (await loadStudy({ storage: again })).trials;
    assertSameTrials(reloaded, last);
    assert.deepEqual(
      reloaded.map((x) => x.number),
      Array.from({ length: 16 }, (_, i) => i),
    );
    await again.close();
  });

  it("Optuna loads and continues a parzen study (stamped to v3.0.0.d), and parzen reads the result with identical trials", async () => {
    const dir = tempDir();
    const path = join(dir, "from-parzen.db");
    const storage = new SqliteStorage(`sqlite:///${path}`);
    const study = await createStudy({ storage, studyName: "ts-study", sampler: new RandomSampler({ seed: 5 }) });
    await study.setUserAttr("owner", "parzen");
    await study.optimize(objective, { nTrials: 6 });
    const pruned = await study.ask();
    pruned.suggestFloat("x", -5, 5);
    pruned.report(0.5, 0);
    await study.tell(pruned, undefined, { state: "PRUNED" });
    const failed = await study.ask();
    await study.tell(failed, undefined, { state: "FAIL" });
    await study.enqueueTrial({ x: 1.5, act: null }, { userAttrs: { enqueued: true } });
    const ours = study.trials;
    await storage.close();

    assert.throws(() => py("dump", path, "ts-study"), /no longer compatible with the table schema/, "Optuna 3.1 refuses v3.2.0.a");
    const copy = join(dir, "for-optuna31.db");
    stampForOptuna31(path, copy);
    const theirs = dump(copy, "ts-study");
    assert.deepEqual(theirs.userAttrs, { owner: "parzen" });
    assert.deepEqual(theirs.directions, ["MINIMIZE"]);
    assertSameTrials(ours, theirs);
    assert.equal(theirs.trials[8]?.state, "WAITING");

    py("continue", copy, "ts-study", "3");
    const final = dump(copy, "ts-study");
    const back = new SqliteStorage(`sqlite:///${copy}`);
    assert.equal(back.revision, "v3.0.0.d");
    const reloaded = (await loadStudy({ storage: back, studyName: "ts-study" })).trials;
    assertSameTrials(reloaded, final);
    assert.deepEqual(
      reloaded.map((x) => x.number),
      Array.from({ length: 11 }, (_, i) => i),
    );
    const ran = reloaded[8] as FrozenTrial;
    assert.equal(ran.state, "COMPLETE");
    assert.equal(ran.params.x, 1.5);
    assert.equal(ran.params.act, null);
    assert.deepEqual(ran.userAttrs.enqueued, true);
    await back.close();
  });

  it("parzen storage upgrade moves an Optuna 3.1 file to v3.2.0.a, which Optuna 3.1 then refuses", async () => {
    const path = join(tempDir(), "upgrade.db");
    py("write", path, "py-study", "3");
    const before = dump(path, "py-study");
    const err: string[] = [];
    const code = await runCli(["storage", "upgrade", "--storage", `sqlite:///${path}`], { out: () => undefined, err: (t) => err.push(t) });
    assert.equal(code, 0, err.join("\n"));
    assert.match(err.join("\n"), /from revision v3\.0\.0\.d to v3\.2\.0\.a/);
    assert.throws(() => py("dump", path, "py-study"), /no longer compatible with the table schema/);
    const storage = new SqliteStorage(`sqlite:///${path}`);
    assert.equal(storage.revision, "v3.2.0.a");
    assertSameTrials((await loadStudy({ storage })).trials, before);
    await storage.close();
  });
});
