/**
 * `npm run bench -- storage --postgres [--quick]`: PostgreSQL storage, on the server of
 * PARZEN_TEST_POSTGRES_URL or a private cluster (tests/storages/postgres/server.ts).
 *
 * 1. Many processes: 8 parzen processes × 100 trials on one study (numbers 0..799 once, 0 errors);
 *    then 4 parzen + 4 Python Optuna 3.1 processes × 50 trials on one study, each side reading
 *    the other's trials identically.
 * 2. Storage cost per trial (RandomSampler, 4 params + 1 report, 300 trials) in the same run on
 *    the same server: parzen in-memory / SQLite file / PostgreSQL, Optuna in-memory / RDBStorage
 *    on PostgreSQL. Storage cost = ms per trial − the same library's in-memory ms per trial.
 *    Goal: parzen's PostgreSQL storage cost <= 1/10 of Optuna's. Also the cost with 10,000 trials
 *    in the study (median of 300 ask+tell).
 * 3. kill -9 of 2 of 4 workers at random moments, 5 rounds: 0 finished trials lost, every RUNNING
 *    trial of a dead process FAIL after the grace period.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RandomSampler } from "../src/samplers/random.js";
import type { Storage } from "../src/storages/base.js";
import { InMemoryStorage } from "../src/storages/in-memory.js";
import { PostgresStorage } from "../src/storages/postgres/index.js";
import { SqliteStorage } from "../src/storages/sqlite/index.js";
import { createStudy } from "../src/study/create.js";
import type { Trial } from "../src/trial/trial.js";
import { collect, startFixture, waitForLine } from "../tests/storages/postgres/fixtures/spawn.js";
import { freshDatabase, testServer, type TestServer } from "../tests/storages/postgres/server.js";
import { median, printTable, writeResult } from "./util.js";

const PY = "/usr/bin/python3";
const PY_FIXTURE = fileURLToPath(new URL("../tests/storages/postgres/fixtures/optuna_pg.py", import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pyUrl = (url: string): string => url.replace(/^postgresql:/, "postgresql+psycopg2:");

const objective = (t: Trial): number => {
  const x = t.suggestFloat("x", -10, 10);
  const y = t.suggestFloat("y", 1e-3, 1, { log: true });
  const n = t.suggestInt("n", 1, 10);
  const c = t.suggestCategorical("c", ["a", "b", "c"]);
  t.report(x, 0);
  return x * x + y + n + (c === "a" ? 0 : 1);
};

const OPTUNA_COST = [
  "import optuna, time, sys",
  "optuna.logging.set_verbosity(optuna.logging.WARNING)",
  "def f(t):",
  "    x = t.suggest_float('x', -10, 10); y = t.suggest_float('y', 1e-3, 1, log=True)",
  "    n = t.suggest_int('n', 1, 10); c = t.suggest_categorical('c', ['a', 'b', 'c'])",
  "    t.report(x, 0); return x * x + y + n + (0 if c == 'a' else 1)",
  "url, n = sys.argv[1], int(sys.argv[2])",
  "s = optuna.create_study(storage=None if url == 'memory' else url, sampler=optuna.samplers.RandomSampler(seed=42))",
  "s.optimize(f, n_trials=10)",
  "t0 = time.perf_counter(); s.optimize(f, n_trials=n)",
  "print((time.perf_counter() - t0) * 1000 / n, optuna.__version__)",
].join("\n");

function optunaMs(url: string, n: number): { ms: number; version: string } | string {
  const r = spawnSync(PY, ["-c", OPTUNA_COST, url, String(n)], { encoding: "utf8" });
  if (r.status !== 0) return r.stderr.trim().split("\n").at(-1) ?? String(r.error);
  const [ms, version] = r.stdout.trim().split(" ");
  return { ms: Number(ms), version: version ?? "?" };
}

async function parzenMs(storage: Storage, n: number): Promise<number> {
  const study = await createStudy({ storage, studyName: `cost-${Date.now()}-${Math.random()}`, sampler: new RandomSampler({ seed: 42 }) });
  await study.optimize(objective, { nTrials: 10 });
  const t0 = performance.now();
  await study.optimize(objective, { nTrials: n });
  const ms = (performance.now() - t0) / n;
  await storage.close?.();
  return ms;
}

const doneCount = (stdout: string): number => stdout.split("\n").filter((l) => l.startsWith("done ")).length;

async function manyProcesses(server: TestServer, result: Record<string, unknown>): Promise<void> {
  const { url } = await freshDatabase(server, "bench_many");
  const t0 = performance.now();
  const runs = await Promise.all(Array.from({ length: 8 }, (_, i) => collect(startFixture("worker", [url, "many", "100", JSON.stringify({ seed: i })]))));
  const wall = (performance.now() - t0) / 1000;
  const errors = runs.filter((r) => r.code !== 0 || r.stderr.trim() !== "").length;
  const s = await PostgresStorage.open(url, { heartbeatInterval: 0 });
  const trials = await s.getAllTrials(await s.getStudyIdFromName("many"));
  await s.close();
  const numbersOk = trials.length === 800 && trials.every((t, i) => t.number === i && t.state === "COMPLETE");
  // parzen and Optuna at once: Optuna creates the database (revision v3.0.0.d, which 3.1 accepts).
  const mixed = (await freshDatabase(server, "bench_mixed")).url;
  spawnSync(PY, [PY_FIXTURE, "worker", pyUrl(mixed), "mixed", "0"]);
  const t1 = performance.now();
  const kids = [
    ...Array.from({ length: 4 }, (_, i) => startFixture("worker", [mixed, "mixed", "50", JSON.stringify({ seed: 100 + i })])),
    ...Array.from({ length: 4 }, () => spawn(PY, [PY_FIXTURE, "worker", pyUrl(mixed), "mixed", "50"], { stdio: ["ignore", "pipe", "pipe"] })),
  ];
  const mixedRuns = await Promise.all(kids.map(collect));
  const mixedWall = (performance.now() - t1) / 1000;
  const mixedErrors = mixedRuns.filter((r) => r.code !== 0).length;
  const m = await PostgresStorage.open(mixed, { heartbeatInterval: 0 });
  const ours = await m.getAllTrials(await m.getStudyIdFromName("mixed"));
  await m.close();
  const theirs = JSON.parse(spawnSync(PY, [PY_FIXTURE, "dump", pyUrl(mixed), "mixed"], { encoding: "utf8", maxBuffer: 1 << 26 }).stdout) as {
    trials: { number: number; state: string; values: number[] | null; params: Record<string, unknown> }[];
  };
  const same =
    ours.length === theirs.trials.length &&
    ours.every((t, i) => {
      const p = theirs.trials[i];
      return p && p.number === t.number && p.state === t.state && JSON.stringify(p.values) === JSON.stringify(t.values ?? null) && JSON.stringify(Object.entries(p.params).sort()) === JSON.stringify(Object.entries(t.params).sort());
    });
  const mixedNumbersOk = ours.length === 400 && ours.every((t, i) => t.number === i);
  console.log("many processes on one PostgreSQL study");
  printTable(
    ["run", "trials", "numbers 0..N-1 once", "errors", "wall s", "same on both sides"],
    [
      ["8 parzen × 100", String(trials.length), numbersOk ? "yes" : "NO", String(errors), wall, "-"],
      ["4 parzen + 4 Optuna 3.1 × 50", String(ours.length), mixedNumbersOk ? "yes" : "NO", String(mixedErrors), mixedWall, same ? "yes" : "NO"],
    ],
  );
  result.processes = { trials: trials.length, numbers_ok: numbersOk, errors, wall_s: wall, mixed: { trials: ours.length, numbers_ok: mixedNumbersOk, errors: mixedErrors, same, wall_s: mixedWall } };
}

async function cost(server: TestServer, quick: boolean, result: Record<string, unknown>): Promise<void> {
  const n = 300;
  const reps = quick ? 1 : 3;
  const dir = mkdtempSync(join(tmpdir(), "parzen-bench-pg-"));
  const pg = (await freshDatabase(server, "bench_cost")).url;
  const opt = (await freshDatabase(server, "bench_cost_optuna")).url;
  const runs: Record<string, number[]> = { mem: [], sqlite: [], pg: [], omem: [], opg: [] };
  let version = "?";
  let optunaError: string | undefined;
  for (let r = 0; r < reps; r++) {
    runs.mem?.push(await parzenMs(new InMemoryStorage(), n));
    runs.sqlite?.push(await parzenMs(new SqliteStorage(`sqlite:///${join(dir, `c${r}.db`)}`), n));
    runs.pg?.push(await parzenMs(await PostgresStorage.open(pg), n));
    for (const [key, url] of [["omem", "memory"], ["opg", pyUrl(opt)]] as const) {
      const o = optunaMs(url, n);
      if (typeof o === "string") optunaError = o;
      else {
        runs[key]?.push(o.ms);
        version = o.version;
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const m = (k: string): number => median(runs[k] ?? []);
  const parzenCost = m("pg") - m("mem");
  const optunaCost = m("opg") - m("omem");
  console.log(`\nms per trial, ${n} trials (RandomSampler, 4 params + 1 report), median of ${reps}, same server, same run`);
  printTable(
    ["library", "in-memory", "SQLite file", "PostgreSQL", "PostgreSQL storage cost"],
    [
      ["parzen", m("mem"), m("sqlite"), m("pg"), parzenCost],
      [`Optuna ${version}`, m("omem"), "-", m("opg"), optunaCost],
    ],
  );
  if (optunaError) console.log(`Optuna did not run: ${optunaError}`);
  console.log(`parzen / Optuna storage cost on PostgreSQL: ${(parzenCost / optunaCost).toFixed(3)} (goal <= 0.1)`);
  // The cost once the study holds 10,000 trials (parzen only: Optuna would need minutes to fill it).
  const big = quick ? 2000 : 10000;
  const storage = await PostgresStorage.open((await freshDatabase(server, "bench_big")).url);
  const study = await createStudy({ storage, studyName: "big", sampler: new RandomSampler({ seed: 1 }) });
  const small: number[] = [];
  const large: number[] = [];
  const timeOne = async (into: number[]): Promise<void> => {
    const a = performance.now();
    const t = await study.ask();
    await study.tell(t, objective(t));
    into.push(performance.now() - a);
  };
  for (let i = 0; i < 300; i++) await timeOne(small);
  await study.optimize(objective, { nTrials: big - 600 });
  for (let i = 0; i < 300; i++) await timeOne(large);
  await storage.close();
  console.log(`\nparzen on PostgreSQL: median ms of ask + tell with ~300 vs ~${big} trials in the study (300 each)`);
  printTable(["trials in study", "ms per trial"], [["300", median(small)], [String(big), median(large)]]);
  result.cost = { trials: n, reps, parzen: { memory: m("mem"), sqlite: m("sqlite"), postgres: m("pg"), storage_cost: parzenCost }, optuna: { version, memory: m("omem"), postgres: m("opg"), storage_cost: optunaCost }, ratio: parzenCost / optunaCost, [`ask_tell_at_${big}`]: median(large), ask_tell_at_300: median(small) };
}

async function kills(server: TestServer, rounds: number, result: Record<string, unknown>): Promise<void> {
  const { url } = await freshDatabase(server, "bench_kill");
  // Long enough trials (~75 ms each, 60 per worker) that a kill lands inside one.
  const opts = { heartbeatInterval: 1, gracePeriod: 2, sleepMs: 150 };
  const rows: (string | number)[][] = [];
  let totalLost = 0;
  let totalLeft = 0;
  let firstNumber = 0;
  for (let round = 0; round < rounds; round++) {
    const finished = new Set<number>();
    const kids = Array.from({ length: 4 }, (_, i) => startFixture("worker", [url, "kill", "60", JSON.stringify({ ...opts, seed: round * 10 + i })]));
    const outs = kids.map(collect);
    await Promise.all(kids.map((k) => waitForLine(k, /^ready/)));
    const victims = [0, 1, 2, 3].sort(() => Math.random() - 0.5).slice(0, 2);
    for (const v of victims) {
      await sleep(300 + Math.random() * 1200);
      kids[v]?.kill("SIGKILL");
    }
    const results = await Promise.all(outs);
    for (const r of results) for (const l of r.stdout.split("\n")) if (/^done \d+ COMPLETE$/.test(l)) finished.add(Number(l.split(" ")[1]));
    const s = await PostgresStorage.open(url, { heartbeatInterval: 0 });
    const id = await s.getStudyIdFromName("kill");
    const atEnd = (await s.getAllTrials(id)).filter((t) => t.number >= firstNumber);
    await s.close();
    // What the dead left: trials neither finished by a survivor nor WAITING (RUNNING, or already failed by a survivor).
    const dead = atEnd.filter((t) => t.state === "RUNNING" || t.state === "FAIL").map((t) => t.number);
    const runningAtEnd = atEnd.filter((t) => t.state === "RUNNING").length;
    await sleep(opts.gracePeriod * 1000 + 500);
    const reaper = await PostgresStorage.open(url, opts);
    await reaper.failStaleTrials(id);
    const after = await reaper.getAllTrials(id);
    await reaper.close();
    firstNumber = after.length;
    const lost = [...finished].filter((n) => after[n]?.state !== "COMPLETE").length;
    const left = dead.filter((n) => after[n]?.state !== "FAIL").length;
    totalLost += lost;
    totalLeft += left;
    rows.push([String(round + 1), String(finished.size), String(lost), String(dead.length), String(runningAtEnd), String(dead.length - left), String(left)]);
  }
  console.log(`\nkill -9 of 2 of 4 workers at random moments (heartbeat 1 s, grace 2 s), ${rounds} rounds`);
  printTable(["round", "finished (reported)", "finished lost", "trials of the dead", "RUNNING at round end", "FAIL after grace", "left RUNNING"], rows);
  result.kills = { rounds, finished_lost: totalLost, left_running: totalLeft, rows };
}

export async function runPostgres(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const server = await testServer();
  if (typeof server === "string") {
    console.log(`storage --postgres: no PostgreSQL server (${server}); set PARZEN_TEST_POSTGRES_URL or install postgresql`);
    return;
  }
  console.log("machine: 2 cores shared with other sessions; timings are noisy");
  const result: Record<string, unknown> = {};
  await manyProcesses(server, result);
  await cost(server, quick, result);
  await kills(server, quick ? 2 : 5, result);
  console.log(`\nwrote ${writeResult("storage-postgres", { node: process.version, ...result })}`);
}
