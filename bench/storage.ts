/**
 * `npm run bench -- storage [--quick]`: the cost of the SQLite storage.
 *
 * 1. ms per trial of `optimize` with RandomSampler (2 floats, 1 int, 1 categorical, 1 report)
 *    on a file vs in memory, at 300 and 3000 trials, in the same run.
 * 2. The cost of `ask` (+ `tell`) at 100 trials vs at 10,000 trials in the study (median of 200).
 *
 * 3. With `--optuna`: Python Optuna's RDBStorage on SQLite (/usr/bin/python3), same search space.
 *
 * `--postgres` runs the PostgreSQL part instead (bench/_storage-postgres.ts).
 *
 * Target: <= 1 ms per trial on a file, and ask at 10,000 trials about as cheap as at 100.
 * Each optimize figure is the median of 3 runs after a warm-up run (the machine is shared).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RandomSampler } from "../src/samplers/random.js";
import type { Storage } from "../src/storages/base.js";
import { InMemoryStorage } from "../src/storages/in-memory.js";
import { SqliteStorage } from "../src/storages/sqlite/index.js";
import { createStudy } from "../src/study/create.js";
import type { Study } from "../src/study/study.js";
import type { Trial } from "../src/trial/trial.js";
import { median, printTable, writeResult } from "./util.js";

const objective = (t: Trial): number => {
  const x = t.suggestFloat("x", -10, 10);
  const y = t.suggestFloat("y", 1e-3, 1, { log: true });
  const n = t.suggestInt("n", 1, 10);
  const c = t.suggestCategorical("c", ["a", "b", "c"]);
  t.report(x, 0);
  return x * x + y + n + (c === "a" ? 0 : 1);
};

type Kind = "memory" | "file";

function open(kind: Kind, dir: string, name: string): Storage {
  return kind === "memory" ? new InMemoryStorage() : new SqliteStorage(`sqlite:///${join(dir, `${name}.db`)}`);
}

async function newStudy(storage: Storage): Promise<Study> {
  return createStudy({ storage, studyName: "bench", sampler: new RandomSampler({ seed: 42 }) });
}

let runs = 0;

async function msPerTrial(kind: Kind, dir: string, n: number): Promise<number> {
  const storage = open(kind, dir, `optimize-${n}-${runs++}`);
  const study = await newStudy(storage);
  const t0 = performance.now();
  await study.optimize(objective, { nTrials: n });
  const ms = (performance.now() - t0) / n;
  await storage.close?.();
  return ms;
}

/** Median µs of ask and of tell over `reps` trials, once the study holds `size` trials. */
async function askCost(kind: Kind, dir: string, size: number, reps: number): Promise<{ ask: number; tell: number }> {
  const storage = open(kind, dir, `ask-${size}`);
  const study = await newStudy(storage);
  await study.optimize(objective, { nTrials: size });
  const asks: number[] = [];
  const tells: number[] = [];
  for (let i = 0; i < reps; i++) {
    const a = performance.now();
    const t = await study.ask();
    const b = performance.now();
    const v = objective(t);
    const c = performance.now();
    await study.tell(t, v);
    const d = performance.now();
    asks.push((b - a) * 1000);
    tells.push((d - c) * 1000);
  }
  await storage.close?.();
  return { ask: median(asks), tell: median(tells) };
}

export async function run(args: string[]): Promise<void> {
  if (args.includes("--postgres")) {
    await (await import("./_storage-postgres.js")).runPostgres(args);
    return;
  }
  const quick = args.includes("--quick");
  const dir = mkdtempSync(join(tmpdir(), "parzen-bench-storage-"));
  try {
    const sizes = quick ? [300] : [300, 3000];
    const rows: (string | number)[][] = [];
    const result: Record<string, unknown> = {};
    await msPerTrial("memory", dir, 100);
    await msPerTrial("file", dir, 100);
    for (const n of sizes) {
      const reps = n >= 3000 ? 1 : 3;
      const memRuns: number[] = [];
      const fileRuns: number[] = [];
      for (let r = 0; r < reps; r++) {
        memRuns.push(await msPerTrial("memory", dir, n));
        fileRuns.push(await msPerTrial("file", dir, n));
      }
      const mem = median(memRuns);
      const file = median(fileRuns);
      rows.push([`optimize, ${n} trials`, mem, file, file / mem]);
      result[`optimize_${n}`] = { memory_ms_per_trial: mem, file_ms_per_trial: file };
    }
    console.log("ms per trial (RandomSampler, 4 params + 1 report), file = SQLite WAL on local disk");
    printTable(["run", "in-memory ms", "sqlite file ms", "ratio"], rows);

    const big = quick ? 2000 : 10000;
    const reps = quick ? 50 : 200;
    const askRows: (string | number)[][] = [];
    for (const kind of ["memory", "file"] as const) {
      const small = await askCost(kind, dir, 100, reps);
      const large = await askCost(kind, dir, big, reps);
      askRows.push([kind, small.ask, large.ask, large.ask / small.ask, small.tell, large.tell]);
      result[`ask_${kind}`] = { at_100_us: small.ask, [`at_${big}_us`]: large.ask, tell_at_100_us: small.tell, [`tell_at_${big}_us`]: large.tell };
    }
    console.log(`\nmedian µs of ask / tell with 100 vs ${big} trials in the study (${reps} trials each)`);
    printTable(["storage", "ask @100", `ask @${big}`, "ratio", "tell @100", `tell @${big}`], askRows);
    if (args.includes("--optuna")) {
      const n = 100;
      const code = [
        "import optuna, time, sys",
        "optuna.logging.set_verbosity(optuna.logging.WARNING)",
        "def f(t):",
        "    x = t.suggest_float('x', -10, 10); y = t.suggest_float('y', 1e-3, 1, log=True)",
        "    n = t.suggest_int('n', 1, 10); c = t.suggest_categorical('c', ['a', 'b', 'c'])",
        "    t.report(x, 0); return x * x + y + n + (0 if c == 'a' else 1)",
        `s = optuna.create_study(storage='sqlite:///' + sys.argv[1], sampler=optuna.samplers.RandomSampler(seed=42))`,
        "t0 = time.perf_counter()",
        `s.optimize(f, n_trials=${n})`,
        `print((time.perf_counter() - t0) * 1000 / ${n}, optuna.__version__)`,
      ].join("\n");
      const r = spawnSync("/usr/bin/python3", ["-c", code, join(dir, "optuna.db")], { encoding: "utf8" });
      if (r.status === 0) {
        const [ms, version] = r.stdout.trim().split(" ");
        console.log(`\nPython Optuna ${version} RDBStorage on an SQLite file, ${n} trials, same search space: ${Number(ms).toFixed(1)} ms per trial`);
        result.optuna = { version, ms_per_trial: Number(ms), trials: n };
      } else console.log(`\n--optuna: Python Optuna did not run (${r.stderr.trim().split("\n").at(-1) ?? r.error?.message})`);
    }
    console.log(`\nwrote ${writeResult("storage", { node: process.version, ...result })}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
