/**
 * CmaEsSampler: it optimizes, its evolution is shared through trial system attributes (nJobs,
 * processes on one SQLite file, a resumed study), categoricals go to the independent sampler with
 * a warning, and the variants (margin, separable, lr adaptation, warm start, restarts) behave.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { CmaEsSampler, captureWarnings, createStudy, InvalidArgumentError, type FrozenTrial, type Trial } from "../../../src/index.js";
import { readEvolution } from "../../../src/samplers/cmaes/store.js";
import { SqliteStorage } from "../../../src/storages/sqlite/index.js";

const dir = mkdtempSync(join(tmpdir(), "parzen-cmaes-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const sphere = (t: Trial): number => {
  let s = 0;
  for (let i = 0; i < 4; i++) s += (t.suggestFloat(`x${i}`, -5, 5) - 1.5) ** 2;
  return s;
};

function best(trials: readonly FrozenTrial[]): number {
  return Math.min(...trials.filter((t) => t.state === "COMPLETE").map((t) => t.value as number));
}

function evolutions(trials: readonly FrozenTrial[], prefix = "cma:") {
  return trials.map((t) => ({ t, evo: readEvolution(t, prefix) })).filter((e) => e.evo !== undefined);
}

describe("CmaEsSampler", () => {
  it("converges on a shifted 4-D sphere far better than its startup trial", async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 1 }) });
    await study.optimize(sphere, { nTrials: 300 });
    const first = study.trials[0]!.value as number;
    // random search's best of 300 on this sphere is about 1; CMA-ES gets orders of magnitude below
    assert.ok(best(study.trials) < 1e-2, `best ${best(study.trials)}`);
    assert.ok(first > 1e-2);
    // generations are tagged and advance; each told generation had λ = 8 trials
    const gens = study.trials.slice(1).map((t) => t.systemAttrs["cma:generation"] as number);
    assert.equal(gens[0], 0);
    assert.ok(gens.every((g, i) => i === 0 || g >= gens[i - 1]!));
    const evos = evolutions(study.trials);
    assert.ok(evos.length > 30, `${evos.length} generations`);
    assert.equal(evos[0]!.evo!.run.lambda, 8);
    // stored as the upper triangle (10 numbers in 4-D), read back as the full symmetric matrix
    const raw = JSON.parse(String(evos[5]!.t.systemAttrs["cma:optimizer:0"])) as { run: { cov: number[] } };
    assert.equal(raw.run.cov.length, 10);
    const cov = evos[5]!.evo!.run.cov;
    assert.equal(cov.length, 16);
    assert.equal(cov[1], cov[4]);
    for (const g of new Set(gens)) if (g < Math.max(...gens)) assert.ok(gens.filter((x) => x === g).length >= 8);
  });

  it("maximizes by negating the values", async () => {
    const study = await createStudy({ direction: "maximize", sampler: new CmaEsSampler({ seed: 2 }) });
    await study.optimize((t) => -sphere(t), { nTrials: 200 });
    assert.ok((study.bestValue as number) > -1e-2, `best ${study.bestValue}`);
  });

  it("starts at x0 by own names only: a param named constructor that x0 leaves out starts in the middle", async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 3, x0: { x: 1.5 } }) });
    await study.optimize((t) => (t.suggestFloat("x", -2, 2) - 1.5) ** 2 + t.suggestFloat("constructor", -2, 2) ** 2, { nTrials: 30 });
    assert.equal(study.trials.length, 30);
    assert.ok(study.trials.every((t) => t.state === "COMPLETE"));
    assert.ok(study.trials.slice(1).every((t) => typeof t.systemAttrs["cma:generation"] === "number"), "the later trials came from CMA-ES");
    assert.ok(study.trials.every((t) => typeof t.params.constructor === "number" && Math.abs(t.params.constructor) <= 2));
  });

  it("is reproducible with nJobs: 1 and shares one evolution across nJobs: 4 lanes", async () => {
    const a = await createStudy({ sampler: new CmaEsSampler({ seed: 3 }) });
    await a.optimize(sphere, { nTrials: 60 });
    const b = await createStudy({ sampler: new CmaEsSampler({ seed: 3 }) });
    await b.optimize(sphere, { nTrials: 60 });
    assert.deepEqual(a.trials.map((t) => t.params), b.trials.map((t) => t.params));
    const par = await createStudy({ sampler: new CmaEsSampler({ seed: 3 }) });
    await par.optimize(async (t) => {
      const v = sphere(t);
      await new Promise((r) => setTimeout(r, 1));
      return v;
    }, { nTrials: 120, nJobs: 4 });
    const evos = evolutions(par.trials);
    const gens = evos.map((e) => e.evo!.run.generation);
    // one chain of generations 0, 1, 2, … (no fork): each told once
    assert.deepEqual(gens, Array.from({ length: gens.length }, (_, i) => i));
    assert.ok(gens.length >= 10);
  });

  it("continues the stored evolution when the study is resumed from a SQLite file", async () => {
    const url = `sqlite:///${join(dir, "resume.db")}`;
    const s1 = new SqliteStorage(url);
    const first = await createStudy({ storage: s1, studyName: "resume", sampler: new CmaEsSampler({ seed: 4 }) });
    await first.optimize(sphere, { nTrials: 50 });
    const lastGen = Math.max(...first.trials.map((t) => (t.systemAttrs["cma:generation"] as number | undefined) ?? -1));
    await s1.close();
    const s2 = new SqliteStorage(url);
    const again = await createStudy({ storage: s2, studyName: "resume", loadIfExists: true, sampler: new CmaEsSampler({ seed: 5 }) });
    await again.optimize(sphere, { nTrials: 50 });
    const later = again.trials.slice(50).map((t) => t.systemAttrs["cma:generation"] as number);
    assert.ok(later[0]! >= lastGen, `resumed at generation ${later[0]}, the first run ended at ${lastGen}`);
    assert.deepEqual(evolutions(again.trials).map((e) => e.evo!.run.generation), Array.from({ length: evolutions(again.trials).length }, (_, i) => i));
    await s2.close();
  });

  it("shares one evolution between two processes on one SQLite file", async () => {
    const url = `sqlite:///${join(dir, "procs.db")}`;
    const init = new SqliteStorage(url);
    await createStudy({ storage: init, studyName: "procs" });
    await init.close();
    const file = fileURLToPath(new URL("./fixtures/cma-worker.ts", import.meta.url));
    const runs = [11, 12].map(
      (seed) =>
        new Promise<{ code: number | null; err: string }>((resolve) => {
          const child = spawn(process.execPath, ["--import", "tsx", file, url, "procs", "60", String(seed)], { stdio: ["ignore", "pipe", "pipe"] });
          let err = "";
          child.stderr.on("data", (d: Buffer) => (err += d.toString()));
          child.on("close", (code) => resolve({ code, err }));
        }),
    );
    for (const r of await Promise.all(runs)) assert.equal(r.code, 0, r.err);
    const s = new SqliteStorage(url);
    const trials = await s.getAllTrials(await s.getStudyIdFromName("procs"));
    assert.equal(trials.length, 120);
    assert.ok(trials.every((t) => t.state === "COMPLETE"));
    const evos = evolutions(trials);
    const writers = new Set(evos.map((e) => e.t.userAttrs.pid));
    assert.equal(writers.size, 2, "both processes told generations");
    // every generation after the first was told from trials of the previous one (at most a
    // duplicate per race): the chain reaches far beyond what one process's 60 trials give
    assert.ok(Math.max(...evos.map((e) => e.evo!.run.generation)) >= 12);
    assert.ok(best(trials) < 0.05, `best ${best(trials)}`);
    await s.close();
  });

  it("sends categoricals to the independent sampler with one warning per parameter", async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 6 }) });
    const { warnings } = await captureWarnings(() =>
      study.optimize((t) => t.suggestFloat("x", 0, 1) + (t.suggestCategorical("c", ["a", "b"]) === "a" ? 0 : 1), { nTrials: 20 }),
    );
    const w = warnings.filter((x) => x.code === "PARZEN_CMAES_INDEPENDENT");
    assert.equal(w.length, 1);
    assert.match(w[0]!.message, /"c"/);
    assert.ok(study.trials.slice(1).every((t) => typeof t.systemAttrs["cma:generation"] === "number"));
    const quiet = await createStudy({ sampler: new CmaEsSampler({ seed: 6, warnIndependentSampling: false }) });
    const q = await captureWarnings(() => quiet.optimize((t) => (t.suggestCategorical("c", ["a", "b"]) === "a" ? 0 : 1), { nTrials: 5 }));
    assert.equal(q.warnings.length, 0);
  });

  it("with margin, finds the optimum of an integer problem and stores the raw vectors", async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 7, withMargin: true }) });
    const f = (t: Trial): number => (t.suggestInt("a", -10, 10) - 3) ** 2 + (t.suggestInt("b", 0, 40, { step: 4 }) - 28) ** 2 / 16 + (t.suggestFloat("c", 0, 1) - 0.25) ** 2;
    await study.optimize(f, { nTrials: 200 });
    const bestT = study.bestTrial;
    assert.equal(bestT.params.a, 3);
    assert.equal(bestT.params.b, 28);
    const t = study.trials[50]!;
    assert.ok(Array.isArray(t.systemAttrs["cmawm:x_for_tell"]));
    assert.ok(Number.isInteger(t.params.a) && (t.params.b as number) % 4 === 0);
    const evo = evolutions(study.trials, "cmawm:").at(-1)!.evo!;
    assert.ok(evo.run.margin && evo.run.margin.a.length === 3);
  });

  it("separable CMA-ES keeps a diagonal covariance and converges on a separable ellipsoid", async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 8, useSeparableCma: true }) });
    await study.optimize((t) => {
      let s = 0;
      for (let i = 0; i < 6; i++) s += 10 ** (i / 2) * (t.suggestFloat(`x${i}`, -3, 3) - 0.5) ** 2;
      return s;
    }, { nTrials: 400 });
    const evo = evolutions(study.trials, "sepcma:").at(-1)!.evo!;
    assert.equal(evo.run.cov.length, 6);
    assert.ok(best(study.trials) < 0.1, `best ${best(study.trials)}`);
  });

  it("lr adaptation adapts its learning rates and still converges", async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 9, lrAdapt: true }) });
    await study.optimize(sphere, { nTrials: 300 });
    const evo = evolutions(study.trials).at(-1)!.evo!;
    assert.ok(evo.run.lr !== undefined);
    assert.ok(evo.run.lr.etaMean <= 1 && evo.run.lr.etaSigma < 1, JSON.stringify({ m: evo.run.lr.etaMean, s: evo.run.lr.etaSigma }));
    assert.ok(best(study.trials) < 1e-2, `best ${best(study.trials)}`);
  });

  it("warm-starts from source trials: the first mean is the mean of their best 10%", async () => {
    const source = await createStudy({ sampler: new CmaEsSampler({ seed: 10 }) });
    await source.optimize(sphere, { nTrials: 100 });
    const top = [...source.trials].sort((a, b) => (a.value as number) - (b.value as number)).slice(0, 10);
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 10, sourceTrials: source.trials }) });
    await study.optimize(sphere, { nTrials: 30 });
    const evo = evolutions(study.trials)[0]!.evo!;
    const expected = (top.reduce((s, t) => s + (t.params.x0 as number), 0) / 10 + 5) / 10;
    assert.ok(Math.abs(evo.run.mean[0]! - expected) < 1e-9);
    // σ0 = det(Σ)^(1/2n) with Σ = 0.1²·I + the top points' covariance: a little above 0.1
    assert.ok(evo.run.sigma > 0.1 && evo.run.sigma < 1 / 6, `sigma ${evo.run.sigma}`);
    assert.throws(() => new CmaEsSampler({ sourceTrials: source.trials.slice(0, 5) }), InvalidArgumentError);
    // enough trials, but none with this space's parameters: the first CMA-ES trial fails with the reason
    const other = await createStudy({ sampler: new CmaEsSampler({ seed: 1, sourceTrials: source.trials }) });
    await other.optimize((t) => t.suggestFloat("z", 0, 1), { nTrials: 3, catch: [InvalidArgumentError] });
    assert.equal(other.trials[1]!.state, "FAIL");
  });

  it("IPOP restarts with a doubled population after a run stops", async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 12, restartStrategy: "ipop", popsize: 4 }) });
    // a plateau: the tolfun criterion stops each run quickly
    await study.optimize((t) => Math.round(t.suggestFloat("x", -1, 1) ** 2 + t.suggestFloat("y", -1, 1) ** 2), { nTrials: 400 });
    const evos = evolutions(study.trials).map((e) => e.evo!);
    const restarts = [...new Set(evos.map((e) => e.restart))];
    assert.ok(restarts.length >= 2, `restarts ${restarts}`);
    const r1 = evos.find((e) => e.restart === 1)!;
    assert.equal(r1.run.lambda, 8);
    assert.equal(r1.run.generation, 0);
  });

  it("rejects bad options and combinations with a typed error", () => {
    for (const o of [
      { sigma0: -1 },
      { popsize: 1 },
      { useSeparableCma: true, withMargin: true },
      { lrAdapt: true, withMargin: true },
      { sourceTrials: [], x0: { x: 1 } },
      { restartStrategy: "nope" as "ipop" },
    ]) {
      assert.throws(() => new CmaEsSampler(o), InvalidArgumentError, JSON.stringify(o));
    }
  });

  it("refuses multi-objective studies", async () => {
    const study = await createStudy({ directions: ["minimize", "minimize"], sampler: new CmaEsSampler({ seed: 1 }) });
    await assert.rejects(study.optimize((t) => [t.suggestFloat("x", 0, 1), 1], { nTrials: 3 }), InvalidArgumentError);
  });
});
