/**
 * Interop with Python Optuna 3.1 + psycopg2 (Debian's python3-optuna, python3-psycopg2) on one
 * PostgreSQL database: a study written by Optuna is continued by parzen and read back by Optuna
 * with identical trials; the reverse from a parzen study; and parzen and Optuna processes writing
 * the same study at once. Optuna 3.1 refuses revision v3.2.0.a (what parzen creates), so for it
 * the parzen database is stamped back to v3.0.0.d (the v3.2.0.a index dropped).
 *
 * Skipped with a reason without Python/Optuna/psycopg2 or a server; with CI=true that fails.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { runCli } from "../../../src/cli/main.js";
import { distributionFromObject } from "../../../src/distributions/json.js";
import { RandomSampler } from "../../../src/samplers/random.js";
import { PostgresStorage } from "../../../src/storages/postgres/index.js";
import { fromDbDatetime, parseJsonLenient } from "../../../src/storages/codec.js";
import { createStudy, loadStudy } from "../../../src/study/create.js";
import type { FrozenTrial } from "../../../src/trial/frozen.js";
import type { Trial } from "../../../src/trial/trial.js";
import { collect, startFixture } from "./fixtures/spawn.js";
import { admin, freshDatabase, serverOrSkip } from "./server.js";

const PYTHON = process.env.PARZEN_PYTHON ?? "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./fixtures/optuna_pg.py", import.meta.url));

function pythonMissing(): string | undefined {
  const r = spawnSync(PYTHON, ["-c", "import optuna, psycopg2; print(optuna.__version__)"], { encoding: "utf8" });
  if (r.error) return `${PYTHON} cannot run (${r.error.message})`;
  if (r.status !== 0) return `${PYTHON} cannot import optuna and psycopg2 (${r.stderr.trim().split("\n").at(-1) ?? ""})`;
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
  utc: boolean;
  userAttrs: Record<string, unknown>;
  trials: PyTrial[];
}

const pyUrl = (url: string): string => url.replace(/^postgresql:/, "postgresql+psycopg2:");

function py(...args: string[]): string {
  const r = spawnSync(PYTHON, [SCRIPT, ...args], { encoding: "utf8", timeout: 180000 });
  if (r.status !== 0) throw new Error(`python ${args[0]} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}
const dump = (url: string, study: string): PyDump => parseJsonLenient(py("dump", pyUrl(url), study)) as PyDump;

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

function assertSameTrials(ours: readonly FrozenTrial[], theirs: PyDump): void {
  assert.equal(ours.length, theirs.trials.length, "trial count");
  for (const [i, p] of theirs.trials.entries()) {
    const t = ours[i] as FrozenTrial;
    const at = `trial #${p.number}`;
    assert.equal(t.number, p.number, at);
    assert.equal(t.state, p.state, at);
    assert.deepEqual(t.values ?? null, p.values, `${at} values`);
    assert.deepEqual({ ...t.params }, p.params, `${at} params`);
    for (const [k, d] of Object.entries(p.distributions)) assert.deepEqual(t.distributions[k], distributionFromObject(d), `${at} ${k}`);
    assert.equal(Object.keys(t.distributions).length, Object.keys(p.distributions).length, `${at} distributions`);
    assert.deepEqual({ ...t.intermediateValues }, p.intermediateValues, `${at} intermediate values`);
    assert.deepEqual(t.userAttrs, p.userAttrs, `${at} user attrs`);
    assert.deepEqual(t.systemAttrs, p.systemAttrs, `${at} system attrs`);
    if (theirs.utc && p.datetimeStart !== null) {
      assert.ok(Math.abs((t.datetimeStart?.getTime() ?? Number.NaN) - (fromDbDatetime(p.datetimeStart)?.getTime() ?? 0)) < 1, `${at} start`);
    }
  }
}

const missing = pythonMissing();
const { server, skip } = await serverOrSkip();
const reason = skip ?? (missing && process.env.CI !== "true" ? `${missing}; apt-get install python3-optuna python3-psycopg2` : undefined);

describe("interop with Python Optuna 3.1 on PostgreSQL", { skip: reason ?? false }, () => {
  if (missing !== undefined) {
    it("has Python Optuna and psycopg2 (CI=true requires them)", () => assert.fail(`${missing}. CI must install python3-optuna python3-psycopg2`));
    return;
  }

  it("parzen opens an Optuna 3.1 database read-write at its revision, continues the study, and Optuna reads identical trials", async () => {
    if (!server) return;
    const { url } = await freshDatabase(server);
    py("write", pyUrl(url), "py-study", "6");
    const before = dump(url, "py-study");
    const storage = await PostgresStorage.open(url);
    assert.equal(storage.revision, "v3.0.0.d");
    const study = await loadStudy({ storage, sampler: new RandomSampler({ seed: 11 }) });
    assert.deepEqual(study.userAttrs, { owner: "python" });
    assertSameTrials(study.trials, before);
    assert.equal(study.trials[6]?.value, Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(study.trials[6]?.intermediateValues[0]));
    await study.optimize(objective, { nTrials: 5 });
    const t = await study.ask();
    t.suggestFloat("x", -5, 5);
    t.report(Number.NaN, 0);
    await study.tell(t, Number.NEGATIVE_INFINITY);
    await study.setUserAttr("continued_by", "parzen");
    const ours = study.trials;
    await storage.close();
    const rows = await admin(server, "SELECT version_num FROM alembic_version", new URL(url).pathname.slice(1));
    assert.deepEqual(rows, [{ version_num: "v3.0.0.d" }], "the revision is left as it was");
    const after = dump(url, "py-study");
    assert.deepEqual(after.userAttrs, { owner: "python", continued_by: "parzen" });
    assertSameTrials(ours, after);
    py("continue", pyUrl(url), "py-study", "2");
    const again = await PostgresStorage.open(url);
    const reloaded = (await loadStudy({ storage: again })).trials;
    assertSameTrials(reloaded, dump(url, "py-study"));
    assert.deepEqual(
      reloaded.map((x) => x.number),
      Array.from({ length: 16 }, (_, i) => i),
    );
    await again.close();
  });

  it("Optuna 3.1 refuses a parzen database (v3.2.0.a); stamped to v3.0.0.d it continues the study and parzen reads identical trials", async () => {
    if (!server) return;
    const { url, name } = await freshDatabase(server);
    const storage = await PostgresStorage.open(url);
    const study = await createStudy({ storage, studyName: "ts-study", sampler: new RandomSampler({ seed: 5 }) });
    await study.setUserAttr("owner", "parzen");
    await study.optimize(objective, { nTrials: 6 });
    const pruned = await study.ask();
    pruned.suggestFloat("x", -5, 5);
    pruned.report(0.5, 0);
    await study.tell(pruned, undefined, { state: "PRUNED" });
    await study.enqueueTrial({ x: 1.5, act: null }, { userAttrs: { enqueued: true } });
    const ours = study.trials;
    await storage.close();
    assert.throws(() => py("dump", pyUrl(url), "ts-study"), /no longer compatible with the table schema/);
    await admin(server, "DROP INDEX ix_trials_study_id; UPDATE alembic_version SET version_num = 'v3.0.0.d'", name);
    const theirs = dump(url, "ts-study");
    assert.deepEqual(theirs.userAttrs, { owner: "parzen" });
    assertSameTrials(ours, theirs);
    assert.equal(theirs.trials[7]?.state, "WAITING");
    py("continue", pyUrl(url), "ts-study", "3");
    const back = await PostgresStorage.open(url);
    assert.equal(back.revision, "v3.0.0.d");
    const reloaded = (await loadStudy({ storage: back, studyName: "ts-study" })).trials;
    assertSameTrials(reloaded, dump(url, "ts-study"));
    assert.equal(reloaded[7]?.state, "COMPLETE", "Optuna ran the trial parzen enqueued");
    assert.equal(reloaded[7]?.params.x, 1.5);
    await back.close();
  });

  it("2 parzen and 2 Optuna processes × 25 trials on one study at once: numbers 0..99 once each, both read the same trials", async () => {
    if (!server) return;
    const { url } = await freshDatabase(server);
    py("worker", pyUrl(url), "mixed", "0"); // Optuna creates the schema (v3.0.0.d) and the study
    const ts = [0, 1].map((i) => startFixture("worker", [url, "mixed", "25", JSON.stringify({ seed: i })]));
    const pys = [0, 1].map(() => spawn(PYTHON, [SCRIPT, "worker", pyUrl(url), "mixed", "25"], { stdio: ["ignore", "pipe", "pipe"] }));
    const results = await Promise.all([...ts, ...pys].map(collect));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const storage = await PostgresStorage.open(url);
    const trials = (await loadStudy({ storage, studyName: "mixed" })).trials;
    assert.deepEqual(
      trials.map((t) => t.number),
      Array.from({ length: 100 }, (_, i) => i),
    );
    assert.ok(trials.every((t) => t.state === "COMPLETE"));
    assert.equal(trials.filter((t) => t.userAttrs.pid !== undefined).length, 50, "50 trials by parzen (pid attr)");
    assertSameTrials(trials, dump(url, "mixed"));
    await storage.close();
  });

  it("parzen storage upgrade moves an Optuna 3.1 database to v3.2.0.a, which Optuna 3.1 then refuses", async () => {
    if (!server) return;
    const { url } = await freshDatabase(server);
    py("write", pyUrl(url), "py-study", "3");
    const before = dump(url, "py-study");
    const err: string[] = [];
    const code = await runCli(["storage", "upgrade", "--storage", url], { out: () => undefined, err: (t) => err.push(t) });
    assert.equal(code, 0, err.join("\n"));
    assert.deepEqual(err, ["Completed to upgrade the storage from revision v3.0.0.d to v3.2.0.a."]);
    assert.throws(() => dump(url, "py-study"), /no longer compatible with the table schema/);
    const again: string[] = [];
    await runCli(["storage", "upgrade", "--storage", url], { out: () => undefined, err: (t) => again.push(t) });
    assert.deepEqual(again, ["This storage is up-to-date (revision v3.2.0.a)."]);
    const storage = await PostgresStorage.open(url);
    assertSameTrials((await loadStudy({ storage })).trials, before);
    await storage.close();
  });
});
