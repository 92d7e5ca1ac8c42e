import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import {
  captureWarnings,
  createStudy,
  createTrial,
  FixedTrial,
  type FrozenTrial,
  InvalidArgumentError,
  loadStudy,
  NoCompletedTrialsError,
  NoFeasibleTrialsError,
  NSGAIISampler,
  RandomSampler,
  TPESampler,
  type Trial,
} from "../../src/index.js";
import { splitTrials } from "../../src/samplers/tpe/split.js";
import { SqliteStorage } from "../../src/storages/sqlite/index.js";
import { tempDb } from "../storages/sqlite/helpers.js";

const PYTHON = process.env.PARZEN_PYTHON ?? "/usr/bin/python3";

describe("trial.setConstraint and frozenTrial.constraints", () => {
  it("stores one system attribute per constraint (Optuna 5's constraints:<name>) and exposes them", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const trial = await study.ask();
    trial.setConstraint("memory", 0.5);
    trial.setConstraint("latency", -2);
    trial.setConstraint("inf", Number.POSITIVE_INFINITY);
    assert.deepEqual(trial.constraints, { memory: 0.5, latency: -2, inf: Number.POSITIVE_INFINITY });
    await study.tell(trial, 1);
    const t = study.trials[0] as FrozenTrial;
    assert.equal(t.systemAttrs["constraints:memory"], 0.5);
    assert.equal(t.systemAttrs["constraints:latency"], -2);
    assert.deepEqual(t.constraints, { memory: 0.5, latency: -2, inf: Number.POSITIVE_INFINITY });
  });

  it("constraints named like built-in properties are kept as own entries, on a file too", async () => {
    const db = tempDb();
    const study = await createStudy({ storage: db.url, sampler: new RandomSampler({ seed: 1 }) });
    const trial = await study.ask();
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) trial.setConstraint(name, 1);
    await study.tell(trial, 1);
    const again = await loadStudy({ storage: db.url, studyName: study.studyName });
    const c = (again.trials[0] as FrozenTrial).constraints;
    assert.deepEqual(Object.keys(c).sort(), ["__proto__", "constructor", "hasOwnProperty", "toString"]);
    assert.equal(Object.getPrototypeOf(c), Object.prototype);
    assert.throws(() => again.bestTrial, NoFeasibleTrialsError);
  });

  it("the same name twice keeps the first value and warns; NaN and non-numbers are typed errors", async () => {
    const study = await createStudy();
    const trial = await study.ask();
    const { warnings } = await captureWarnings(() => {
      trial.setConstraint("c", 1);
      trial.setConstraint("c", -1);
    });
    assert.deepEqual(trial.constraints, { c: 1 });
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.code, "PARZEN_CONSTRAINT_ALREADY_SET");
    assert.match(warnings[0]?.message ?? "", /"c" is already set to 1; the new value -1 is ignored/);
    assert.throws(() => trial.setConstraint("d", Number.NaN), (e: unknown) => e instanceof InvalidArgumentError && /NaN is not allowed/.test(e.message));
    assert.throws(() => trial.setConstraint("d", "1" as unknown as number), InvalidArgumentError);
    assert.throws(() => trial.setConstraint("", 1), InvalidArgumentError);
    await study.tell(trial, 0);
    assert.throws(() => trial.setConstraint("late", 1), /already been told/);
  });

  it("reads Optuna ≤ 4's list form (named 0, 1, …), the new form overriding the same name", () => {
    const t = createTrial({ value: 1, systemAttrs: { constraints: [0.5, -1], "constraints:1": 3, "constraints:z": -4 } });
    assert.deepEqual(t.constraints, { "0": 0.5, "1": 3, z: -4 });
    assert.deepEqual(createTrial({ value: 1 }).constraints, {});
  });

  it("FixedTrial records constraints locally", () => {
    const ft = new FixedTrial({ x: 2 });
    ft.setConstraint("c", ft.suggestFloat("x", 0, 5) - 3);
    assert.deepEqual(ft.constraints, { c: -1 });
  });
});

describe("feasibility in best trials and the dataframe", () => {
  it("bestTrial/bestValue skip infeasible trials; none feasible is a clear typed error", async () => {
    const study = await createStudy();
    await study.addTrial(createTrial({ value: 0, params: {}, systemAttrs: { "constraints:c": 2 } }));
    assert.throws(() => study.bestTrial, (e: unknown) => e instanceof NoFeasibleTrialsError && e instanceof NoCompletedTrialsError && /None of the 1 complete trials is feasible.*trial #0 \(total violation 2\)/.test(e.message));
    await study.addTrial(createTrial({ value: 5, systemAttrs: { "constraints:c": 0 } }));
    await study.addTrial(createTrial({ value: 3, systemAttrs: { "constraints:c": -1 } }));
    await study.addTrial(createTrial({ value: 4 })); // no constraints: feasible
    assert.equal(study.bestTrial.number, 2);
    assert.equal(study.bestValue, 3);
    const df = study.trialsDataframe();
    assert.ok(df.columns.includes("constraints_c"));
    assert.deepEqual(df.rows.map((r) => r.constraints_c), [2, 0, -1, undefined]);
  });

  it("bestTrials is the Pareto front of the feasible trials ([] when none)", async () => {
    const study = await createStudy({ directions: ["minimize", "minimize"] });
    await study.addTrial(createTrial({ values: [0, 0], systemAttrs: { "constraints:c": 1 } }));
    assert.deepEqual(study.bestTrials, []);
    await study.addTrial(createTrial({ values: [1, 2], systemAttrs: { "constraints:c": 0 } }));
    await study.addTrial(createTrial({ values: [2, 1] }));
    await study.addTrial(createTrial({ values: [3, 3] }));
    assert.deepEqual((study.bestTrials as FrozenTrial[]).map((t) => t.number), [1, 2]);
  });
});

describe("plots mark infeasible trials", () => {
  it("the Pareto front plot puts trials with a constraint > 0 (either form) in its infeasible layer", async () => {
    const { getParetoFrontInfo, plotParetoFront } = await import("../../src/visualization/index.js");
    const study = await createStudy({ directions: ["minimize", "minimize"] });
    await study.addTrial(createTrial({ values: [0, 0], systemAttrs: { "constraints:mem": 1 } }));
    await study.addTrial(createTrial({ values: [0.1, 0.1], systemAttrs: { constraints: [2] } }));
    await study.addTrial(createTrial({ values: [1, 2], systemAttrs: { "constraints:mem": -1 } }));
    await study.addTrial(createTrial({ values: [2, 1] }));
    await study.addTrial(createTrial({ values: [3, 3] }));
    const info = getParetoFrontInfo(study);
    assert.deepEqual(info.infeasible.map((p) => p.number), [0, 1]);
    assert.deepEqual(info.best.map((p) => p.number), [2, 3]);
    assert.deepEqual(info.dominated.map((p) => p.number), [4]);
    const spec = JSON.stringify(plotParetoFront(study));
    assert.match(spec, /2 infeasible \(grey\)/);
  });
});

describe("samplers use feasibility", () => {
  const mk = (number: number, value: number, c?: number): FrozenTrial => ({
    ...createTrial({ value, systemAttrs: c === undefined ? {} : { "constraints:c": c } }),
    number,
    trialId: number,
  });

  it("TPE's split: feasible trials rank above infeasible ones, infeasible by total violation", () => {
    const trials = [mk(0, 0, 5), mk(1, 10, 0), mk(2, 1, 1), mk(3, 9), mk(4, -3, 0.5), mk(5, 8, -1)];
    // 3 good: the feasible 5 (8), 3 (9), then 1 (10); with 4: + the least violating, 4
    assert.deepEqual(splitTrials(trials, ["minimize"], 3).below.map((t) => t.number), [1, 3, 5]);
    assert.deepEqual(splitTrials(trials, ["minimize"], 4).below.map((t) => t.number), [1, 3, 4, 5]);
    assert.deepEqual(splitTrials(trials, ["minimize"], 5).below.map((t) => t.number), [1, 2, 3, 4, 5]);
  });

  /** min (x−2)² + (y−2)² with x + y ≤ 1: the unconstrained optimum is infeasible; best feasible 4.5 at (0.5, 0.5). */
  const constrained = (trial: Trial): number => {
    const x = trial.suggestFloat("x", -3, 3);
    const y = trial.suggestFloat("y", -3, 3);
    trial.setConstraint("sum", x + y - 1);
    return (x - 2) ** 2 + (y - 2) ** 2;
  };

  it("TPE finds a better feasible point than random, NSGA-II a feasible one near the boundary (seeded)", async () => {
    const run = async (sampler: TPESampler | RandomSampler | NSGAIISampler) => {
      const study = await createStudy({ sampler });
      await study.optimize(constrained, { nTrials: 120 });
      const feasible = study.trials.filter((t) => t.constraints.sum !== undefined && (t.constraints.sum as number) <= 0).length;
      return { best: study.bestValue, feasible };
    };
    const tpe = await run(new TPESampler({ seed: 0 }));
    const ga = await run(new NSGAIISampler({ seed: 0, populationSize: 20 }));
    const rnd = await run(new RandomSampler({ seed: 0 }));
    assert.ok(tpe.best >= 4.5 - 1e-9 && ga.best >= 4.5 - 1e-9, "no infeasible best");
    assert.ok(tpe.best < rnd.best, `TPE ${tpe.best} vs random ${rnd.best}`);
    assert.ok(tpe.best < 4.6, `TPE ${tpe.best}`);
    assert.ok(ga.best < 5 && ga.feasible > 0, `NSGA-II ${ga.best}`);
  });
});

describe("constraints across threads, processes and Python Optuna", () => {
  it("a module objective on worker threads sets constraints (first value kept)", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    const { warnings } = await captureWarnings(() => study.optimize(new URL("../fixtures/constrained-objective.ts", import.meta.url), { nTrials: 6, nJobs: 2 }));
    assert.equal(study.trials.length, 6);
    for (const t of study.trials) {
      assert.equal(t.state, "COMPLETE");
      assert.deepEqual(t.constraints, { x_le_1: (t.params.x as number) - 1, always: -1 });
    }
    assert.equal(warnings.filter((w) => w.code === "PARZEN_CONSTRAINT_ALREADY_SET").length, 6);
  });

  it("SQLite: a second parzen process and Python Optuna 3.1 read the constraint attributes", async (t) => {
    const { path, url } = tempDb();
    const storage = new SqliteStorage(url);
    const study = await createStudy({ storage, studyName: "c", sampler: new RandomSampler({ seed: 3 }) });
    await study.optimize((trial) => {
      const x = trial.suggestFloat("x", 0, 1);
      trial.setConstraint("lim", x - 0.5);
      trial.setConstraint("inf", x > 0.9 ? Number.POSITIVE_INFINITY : -1);
      return x;
    }, { nTrials: 8 });
    const ours = study.trials.map((tr) => tr.constraints);
    // a second process
    const script = `import { loadStudy } from ${JSON.stringify(new URL("../../src/index.ts", import.meta.url).pathname)};
const s = await loadStudy({ storage: ${JSON.stringify(url)}, studyName: "c" });
console.log(JSON.stringify(s.trials.map((t) => ({ ...t.constraints, inf: String(t.constraints.inf) }))));
try { s.bestTrial; console.log("best", s.bestTrial.number); } catch (e) { console.log(e.name); }`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const [line, bestLine] = r.stdout.trim().split("\n");
    assert.deepEqual(JSON.parse(line as string), ours.map((c) => ({ ...c, inf: String(c.inf) })));
    assert.equal(bestLine, `best ${study.bestTrial.number}`);
    // Python Optuna 3.1 (reads system attributes; needs the file stamped to v3.0.0.d)
    const v = spawnSync(PYTHON, ["-c", "import optuna; print(optuna.__version__)"], { encoding: "utf8" });
    if (v.status !== 0) {
      if (process.env.CI === "true") assert.fail(`Python Optuna is missing: ${v.stderr}`);
      t.skip(`${PYTHON} cannot import optuna`);
      return;
    }
    const copy = join(path, "..", "copy.db");
    await storage.close(); // checkpoints the WAL into the file
    copyFileSync(path, copy);
    const db = new Database(copy);
    db.exec("DROP INDEX IF EXISTS trials_study_id_key; UPDATE alembic_version SET version_num = 'v3.0.0.d'");
    db.close();
    const pyScript = `import json, optuna
s = optuna.load_study(study_name="c", storage="sqlite:///${copy}")
print(json.dumps([{k[len("constraints:"):]: str(v) for k, v in t.system_attrs.items() if k.startswith("constraints:")} for t in s.trials]))`;
    const p = spawnSync(PYTHON, ["-c", pyScript], { encoding: "utf8" });
    assert.equal(p.status, 0, p.stderr);
    const theirs = JSON.parse(p.stdout) as Record<string, string>[];
    assert.deepEqual(
      theirs.map((c) => Object.fromEntries(Object.entries(c).map(([k, x]) => [k, Number(x === "inf" ? "Infinity" : x)]))),
      ours.map((c) => ({ ...c })),
    );
    // and the reverse: a study whose constraints Optuna wrote in its ≤ 4 list form
    const legacy = `import optuna
optuna.logging.set_verbosity(optuna.logging.ERROR)
def cons(t): return (t.params["x"] - 0.5, -1.0)
s = optuna.create_study(study_name="py", storage="sqlite:///${copy}", sampler=optuna.samplers.TPESampler(seed=0, constraints_func=cons))
s.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=4)`;
    const w = spawnSync(PYTHON, ["-c", legacy], { encoding: "utf8" });
    assert.equal(w.status, 0, w.stderr);
    const back = await loadStudy({ storage: `sqlite:///${copy}`, studyName: "py" });
    assert.equal(back.trials.length, 4);
    for (const tr of back.trials) assert.deepEqual(tr.constraints, { "0": (tr.params.x as number) - 0.5, "1": -1 });
  });
});
