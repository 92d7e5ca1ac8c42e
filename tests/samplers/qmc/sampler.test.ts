/**
 * QMCSampler and its sequences: Sobol matches the published sequence (Joe–Kuo direction numbers)
 * up to 300 dimensions, scrambled points are far more uniform than random ones, seeds give
 * different points, and trial numbers index the sequence so resumed studies and processes share it.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { captureWarnings, createStudy, Halton, InvalidArgumentError, QMCSampler, Sobol, type Trial } from "../../../src/index.js";
import { Rng } from "../../../src/random/rng.js";
import { SqliteStorage } from "../../../src/storages/sqlite/index.js";

const dir = mkdtempSync(join(tmpdir(), "parzen-qmc-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Squared L2-star discrepancy (Warnock's formula). */
function l2Star(points: readonly number[][]): number {
  const n = points.length;
  const d = points[0]!.length;
  let a = 0;
  for (const p of points) a += p.reduce((s, x) => s * (1 - x * x), 1);
  let b = 0;
  for (const p of points) for (const q of points) b += p.reduce((s, x, k) => s * (1 - Math.max(x, q[k]!)), 1);
  return 3 ** -d - (2 ** (1 - d) / n) * a + b / (n * n);
}

const xy = (t: Trial): number => t.suggestFloat("x", 0, 1) + t.suggestFloat("y", -1, 1) + t.suggestInt("k", 0, 9);

describe("Sobol and Halton sequences", () => {
  it("unscrambled Sobol gives the published points, dimension 1 to 300", () => {
    const s = new Sobol(300);
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => [0, 1, 2, 39].map((j) => s.point(i)[j])), [
      [0, 0, 0, 0],
      [0.5, 0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25, 0.25],
      [0.25, 0.75, 0.75, 0.75],
      [0.375, 0.375, 0.625, 0.875],
    ]);
    // values of SciPy's qmc.Sobol(d=300, scramble=False), same Joe–Kuo table
    assert.equal(s.point(1000)[39], 0.4794921875);
    assert.equal(s.point(1023)[299], 0.4951171875);
    assert.equal(s.point(777)[120], 0.6259765625);
    assert.throws(() => new Sobol(1001), InvalidArgumentError);
  });

  it("unscrambled Halton is the radical inverse in prime bases", () => {
    const h = new Halton(3);
    assert.deepEqual(h.point(1), [0.5, 1 / 3, 0.2]);
    const p = h.point(5); // 5 = 101₂ = 12₃ = 10₅
    for (const [got, want] of [[p[0], 0.625], [p[1], 7 / 9], [p[2], 0.04]] as const) assert.ok(Math.abs(got! - want) < 1e-15, `${got} vs ${want}`);
  });

  it("scrambled Sobol and Halton points have a discrepancy well below random points'", () => {
    const n = 1024;
    const d = 5;
    const random: number[] = [];
    for (let s = 0; s < 5; s++) {
      const rng = new Rng(s);
      random.push(l2Star(Array.from({ length: n }, () => Array.from({ length: d }, () => rng.random()))));
    }
    const meanRandom = random.reduce((a, b) => a + b, 0) / random.length;
    for (const make of [(r: Rng) => new Sobol(d, r), (r: Rng) => new Halton(d, r)]) {
      for (const seed of [1, 2]) {
        const g = make(new Rng(seed));
        const disc = l2Star(Array.from({ length: n }, (_, i) => g.point(i)));
        // L2-star discrepancy (the square root): QMC's decays like 1/n, random's like 1/√n
        assert.ok(Math.sqrt(disc) < 0.5 * Math.sqrt(meanRandom), `${g.constructor.name} seed ${seed}: ${Math.sqrt(disc)} vs random ${Math.sqrt(meanRandom)}`);
        console.log(`# ${g.constructor.name} seed ${seed}: L2-star discrepancy ${Math.sqrt(disc).toExponential(3)}, random ${Math.sqrt(meanRandom).toExponential(3)}`);
      }
    }
  });

  it("two seeds give different scrambled points, one seed the same", () => {
    const a = new Sobol(4, new Rng(1));
    const b = new Sobol(4, new Rng(2));
    const c = new Sobol(4, new Rng(1));
    assert.notDeepEqual(a.point(3), b.point(3));
    assert.deepEqual(a.point(3), c.point(3));
  });

  it("rejects a bad dim or point index with InvalidArgumentError saying what is expected", () => {
    for (const make of [(d: number) => new Sobol(d), (d: number) => new Halton(d)]) {
      for (const dim of [0, -1, 1.5, Number.NaN]) {
        assert.throws(() => make(dim), (e: unknown) => e instanceof InvalidArgumentError && /dim must be a whole number >= 1.*got/.test(e.message));
      }
      for (const index of [-1, 0.5, Number.NaN]) {
        assert.throws(() => make(2).point(index), (e: unknown) => e instanceof InvalidArgumentError && /index must be a whole number from 0/.test(e.message));
      }
      assert.equal(make(2).point(0).length, 2);
    }
    assert.throws(() => new Sobol(1).point(2 ** 32), (e: unknown) => e instanceof InvalidArgumentError && /from 0 to 4294967295/.test(e.message));
  });
});

describe("QMCSampler", () => {
  it("trial t takes point t of the sequence of the first trial's space", async () => {
    const study = await createStudy({ sampler: new QMCSampler({ seed: 3 }) });
    await study.optimize(xy, { nTrials: 20 });
    const seq = new Sobol(3, new Rng("3/sobol"));
    for (const t of study.trials.slice(1)) {
      const u = seq.point(t.number); // names sorted: k, x, y
      assert.equal(t.systemAttrs["qmc:index"], t.number);
      assert.ok(Math.abs((t.params.x as number) - u[1]!) < 1e-12);
      assert.ok(Math.abs((t.params.y as number) - (-1 + 2 * u[2]!)) < 1e-12);
      assert.equal(t.params.k, Math.min(9, Math.max(0, Math.round(-0.5 + 10 * u[0]!))));
    }
  });

  it("trials started before any finished take their number's point of a per-parameter sequence (no repeats)", async () => {
    const study = await createStudy({ sampler: new QMCSampler({ seed: 9 }) });
    await study.optimize(async (t) => {
      const v = t.suggestFloat("x", 0, 1);
      await new Promise((r) => setTimeout(r, 5));
      return v;
    }, { nTrials: 4, nJobs: 4 });
    const xs = study.trials.map((t) => t.params.x as number);
    assert.equal(new Set(xs).size, 4);
    const seq = new Sobol(1, new Rng("9/sobol/independent/x"));
    study.trials.forEach((t) => assert.ok(Math.abs((t.params.x as number) - seq.point(t.number)[0]!) < 1e-12));
    assert.ok(study.trials.every((t) => t.systemAttrs["qmc:index"] === undefined), "none had a finished trial to take the space from");
  });

  it("a resumed study continues the sequence: the same points as one uninterrupted run", async () => {
    const url = `sqlite:///${join(dir, "resume.db")}`;
    const s1 = new SqliteStorage(url);
    const a = await createStudy({ storage: s1, studyName: "q", sampler: new QMCSampler({ seed: 5 }) });
    await a.optimize(xy, { nTrials: 15 });
    await s1.close();
    const s2 = new SqliteStorage(url);
    const b = await createStudy({ storage: s2, studyName: "q", loadIfExists: true, sampler: new QMCSampler({ seed: 5 }) });
    await b.optimize(xy, { nTrials: 15 });
    const one = await createStudy({ sampler: new QMCSampler({ seed: 5 }) });
    await one.optimize(xy, { nTrials: 30 });
    assert.deepEqual(b.trials.slice(1).map((t) => t.params), one.trials.slice(1).map((t) => t.params));
    await s2.close();
  });

  it("two processes on one file never take the same point", async () => {
    const url = `sqlite:///${join(dir, "procs.db")}`;
    const init = new SqliteStorage(url);
    await createStudy({ storage: init, studyName: "p" });
    await init.close();
    const file = fileURLToPath(new URL("./fixtures/qmc-worker.ts", import.meta.url));
    const codes = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<number | null>((resolve) => {
            const child = spawn(process.execPath, ["--import", "tsx", file, url, "p", "30"], { stdio: "ignore" });
            child.on("close", resolve);
          }),
      ),
    );
    assert.deepEqual(codes, [0, 0]);
    const s = new SqliteStorage(url);
    const trials = await s.getAllTrials(await s.getStudyIdFromName("p"));
    assert.equal(trials.length, 60);
    const points = new Set(trials.map((t) => `${t.params.x},${t.params.y}`));
    assert.equal(points.size, 60);
    const idx = trials.filter((t) => t.systemAttrs["qmc:index"] !== undefined).map((t) => t.systemAttrs["qmc:index"]);
    assert.equal(new Set(idx).size, idx.length);
    assert.ok(idx.length >= 58);
    await s.close();
  });

  it("categoricals are part of the sequence; parameters outside the first trial's space warn once", async () => {
    const study = await createStudy({ sampler: new QMCSampler({ seed: 1 }) });
    const { warnings } = await captureWarnings(() =>
      study.optimize((t) => (t.suggestCategorical("c", ["a", "b", "c", "d"]) === "a" ? t.suggestFloat("x", 0, 1) : t.suggestFloat("z", 0, 1)), { nTrials: 32 }),
    );
    const counts = new Map<string, number>();
    for (const t of study.trials.slice(1)) counts.set(t.params.c as string, (counts.get(t.params.c as string) ?? 0) + 1);
    // a (0,m)-net in the categorical's coordinate: each of 4 choices gets 31/4 ± 1
    for (const c of ["a", "b", "c", "d"]) assert.ok(Math.abs((counts.get(c) ?? 0) - 31 / 4) <= 1.5, JSON.stringify([...counts]));
    assert.ok(warnings.filter((w) => w.code === "PARZEN_QMC_INDEPENDENT").length <= 2);
  });

  it("warns when scrambled without a seed, and rejects an unknown type", async () => {
    const { warnings } = await captureWarnings(() => new QMCSampler());
    assert.deepEqual(warnings.map((w) => w.code), ["PARZEN_QMC_UNSEEDED"]);
    assert.equal((await captureWarnings(() => new QMCSampler({ scramble: false }))).warnings.length, 0);
    assert.throws(() => new QMCSampler({ qmcType: "lhs" as "sobol" }), InvalidArgumentError);
  });
});
