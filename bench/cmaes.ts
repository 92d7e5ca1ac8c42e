/**
 * `npm run bench -- cmaes [--seeds 10] [--functions public|branin,...] [--long-seeds 3]
 * [--skip-long] [--with-gp]`: CmaEsSampler's quality.
 *
 * 1. The six public functions at 100 trials, median regret over seeds 0..seeds−1 after 25, 50 and
 *    100 trials, beside Optuna 4.9's CmaEsSampler medians (bench/baselines/optuna-4.9-public-quality.json;
 *    only medians are published, so the comparison is median against median).
 * 2. 1000 trials on a 20-dimensional ellipsoid and rosenbrock against parzen's TPE, with the
 *    sampler's cost per trial (wall time of the run / trials, objective included: it is trivial).
 *    `--with-gp` adds GPSampler (when exported) on one seed: a GP refits an O(n³) model every trial,
 *    so 1000 trials take long.
 * The quality part runs this too (`npm run bench -- quality` ends with it).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as parzen from "../src/index.js";
import { CmaEsSampler, createStudy, type FrozenTrial, type Sampler, setWarningSink, TPESampler, type Trial } from "../src/index.js";
import { type BenchFunction, selectFunctions } from "./functions.js";
import { median, printTable, writeResult } from "./util.js";

const here = dirname(fileURLToPath(import.meta.url));
const CHECKPOINTS = [25, 50, 100];

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Regret of the best trial after each checkpoint, and the run's wall time. */
async function runOnce(objective: (t: Trial) => number, optimum: number, sampler: Sampler, nTrials: number, checkpoints: number[]): Promise<{ regret: number[]; ms: number }> {
  const study = await createStudy({ sampler, direction: "minimize" });
  const regret: number[] = [];
  let best: FrozenTrial | undefined;
  const t0 = performance.now();
  await study.optimize(objective, {
    nTrials,
    callbacks: [
      (_s, t) => {
        if (t.state === "COMPLETE" && (best === undefined || (t.value as number) < (best.value as number))) best = t;
        if (checkpoints.includes(t.number + 1)) {
          const v = best === undefined ? Number.NaN : ((best.userAttrs.trueValue as number | undefined) ?? (best.value as number));
          regret.push(v - optimum);
        }
      },
    ],
  });
  return { regret, ms: performance.now() - t0 };
}

const ellipsoid20: BenchFunction = {
  name: "ellipsoid20",
  optimum: 0,
  isPublic: false,
  make: () => (t) => {
    let s = 0;
    for (let i = 0; i < 20; i++) s += 1000 ** (i / 19) * (t.suggestFloat(`x${i}`, -5, 5) - 1) ** 2; // shifted: the optimum is not the cube's centre
    return s;
  },
};

const rosenbrock20: BenchFunction = {
  name: "rosenbrock20",
  optimum: 0,
  isPublic: false,
  make: () => (t) => {
    const x = Array.from({ length: 20 }, (_, i) => t.suggestFloat(`x${i}`, -5, 10));
    let s = 0;
    for (let i = 0; i < 19; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
    return s;
  },
};

interface Baseline {
  results: Record<string, Record<string, Record<string, number>>>;
}

export async function run(args: string[]): Promise<void> {
  const seeds = Number(arg(args, "seeds") ?? 10);
  const longSeeds = Number(arg(args, "long-seeds") ?? 3);
  const fns = selectFunctions(arg(args, "functions") ?? "public");
  const baseline = JSON.parse(readFileSync(join(here, "baselines", "optuna-4.9-public-quality.json"), "utf8")) as Baseline;
  const restore = setWarningSink(() => undefined);
  const started = Date.now();
  const out: Record<string, unknown> = {};
  // 1. public functions at 100 trials vs Optuna 4.9's CmaEsSampler
  const rows: (string | number)[][] = [];
  let atOrBelow = 0;
  let compared = 0;
  const perFn: Record<string, unknown> = {};
  for (const fn of fns) {
    const runs: number[][] = [];
    const ms: number[] = [];
    for (let s = 0; s < seeds; s++) {
      const r = await runOnce(fn.make(s), fn.optimum, new CmaEsSampler({ seed: s }), 100, CHECKPOINTS);
      runs.push(r.regret);
      ms.push(r.ms / 100);
    }
    const med = CHECKPOINTS.map((_, i) => median(runs.map((r) => r[i]!)));
    const o = baseline.results[fn.name]?.cmaes;
    const ok = o ? med[2]! <= o["100"]! : undefined;
    if (o) {
      compared++;
      if (ok) atOrBelow++;
    }
    rows.push([fn.name, ...med, ...(o ? [o["25"]!, o["50"]!, o["100"]!] : [Number.NaN, Number.NaN, Number.NaN]), ok === undefined ? "-" : ok ? "yes" : "NO", median(ms)]);
    perFn[fn.name] = { medians: Object.fromEntries(CHECKPOINTS.map((c, i) => [c, med[i]])), perSeed: runs, msPerTrial: median(ms), optuna: o };
  }
  console.log(`\nCmaEsSampler vs Optuna 4.9 CmaEsSampler: median regret over ${seeds} seeds (parzen p25/p50/p100, optuna o25/o50/o100)`);
  printTable(["function", "p25", "p50", "p100", "o25", "o50", "o100", "p100 <= o100", "ms/trial"], rows);
  console.log(`at or below Optuna's median at 100 trials on ${atOrBelow} of ${compared} functions (goal: >= 5 of 6)`);
  out.public = { seeds, atOrBelow, compared, functions: perFn };
  // 2. 1000 trials in 20 dimensions
  if (!args.includes("--skip-long")) {
    const gpClass = (parzen as Record<string, unknown>).GPSampler as (new (o: { seed: number }) => Sampler) | undefined;
    const gp = args.includes("--with-gp") ? gpClass : undefined;
    const samplers: [string, (seed: number) => Sampler][] = [
      ["cmaes", (seed) => new CmaEsSampler({ seed })],
      ["tpe", (seed) => new TPESampler({ seed })],
      ...(gp ? [["gp", (seed: number) => new gp({ seed })] as [string, (seed: number) => Sampler]] : []),
    ];
    const long: (string | number)[][] = [];
    const longOut: Record<string, unknown> = {};
    for (const fn of [ellipsoid20, rosenbrock20]) {
      for (const [name, make] of samplers) {
        const regrets: number[] = [];
        const ms: number[] = [];
        for (let s = 0; s < (name === "gp" ? 1 : longSeeds); s++) {
          const r = await runOnce(fn.make(s), fn.optimum, make(s), 1000, [100, 1000]);
          regrets.push(r.regret[1]!);
          ms.push(r.ms / 1000);
        }
        long.push([fn.name, name, median(regrets), median(ms)]);
        longOut[`${fn.name}/${name}`] = { regrets, msPerTrial: ms };
      }
    }
    console.log(`\n1000 trials, 20 dimensions: median regret over ${longSeeds} seeds, ms per trial (whole run / 1000, trivial objective)`);
    printTable(["function", "sampler", "regret@1000", "ms/trial"], long);
    if (!gp) console.log(gpClass ? "(GPSampler: add --with-gp to compare, one seed)" : "(GPSampler is not on this branch: not compared)");
    out.long = longOut;
  }
  restore();
  const seconds = (Date.now() - started) / 1000;
  console.log(`\n(${seconds.toFixed(1)} s)`);
  console.log(`wrote ${writeResult("cmaes", { ...out, seconds })}`);
}
