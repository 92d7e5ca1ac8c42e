/**
 * `npm run bench -- storage [--quick]`: the cost of the SQLite storage.
 *
 * 1. ms per trial of `optimize` with RandomSampler (2 floats, 1 int, 1 categorical, 1 report)
 *    on a file vs in memory, at 300 and 3000 trials, in the same run.
 * 2. The cost of `ask` (+ `tell`) at 100 trials vs at 10,000 trials in the study (median of 200).
 *
 * Target: <= 1 ms per trial on a file, and ask at 10,000 trials about as cheap as at 100.
 */
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

async function msPerTrial(kind: Kind, dir: string, n: number): Promise<number> {
  const storage = open(kind, dir, `optimize-${n}`);
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
  const quick = args.includes("--quick");
  const dir = mkdtempSync(join(tmpdir(), "parzen-bench-storage-"));
  try {
    const sizes = quick ? [300] : [300, 3000];
    const rows: (string | number)[][] = [];
    const result: Record<string, unknown> = {};
    for (const n of sizes) {
      const mem = await msPerTrial("memory", dir, n);
      const file = await msPerTrial("file", dir, n);
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
    console.log(`\nwrote ${writeResult("storage", { node: process.version, ...result })}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
