/**
 * `npm run bench -- quality [--seeds 10] [--trials 100] [--functions public|all|noisy|unseen|a,b]
 * [--variants auto,gp,tpe,random,...] [--variant 'name={json TPE options}'] [--seed-offset 0]`:
 * median regret (best value found − f*) after 25, 50 and 100 trials over seeds, one worker,
 * in-memory storage, beside Optuna's figures:
 * - bench/baselines/optuna-3.1-public-quality.json, optuna-4.9-public-quality.json: medians
 *   (../shared/bench, measured by the project);
 * - bench/baselines/optuna-3.1-runs.json: per-run regrets of Optuna 3.1's TPE measured locally
 *   by bench/baselines/optuna31_runs.py (the rank needs runs, the shared files hold medians).
 *
 * Verdicts: the default sampler (auto) vs Optuna 4.9's best sampler at 100 trials; the rank
 * (bench/ranking.ts) against Optuna 3.1 TPE's runs, and against Optuna 4.9 with each of its
 * runs replaced by its median (the only figure published); noisy functions vs Optuna 3.1 TPE;
 * the share of late draws on one choice of a categorical the objective ignores.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AutoSampler, createStudy, type FrozenTrial, GPSampler, RandomSampler, type Sampler, setWarningSink, TPESampler, type TPESamplerOptions } from "../src/index.js";
import { type BenchFunction, selectFunctions } from "./functions.js";
import { pooledRank, topShare } from "./ranking.js";
import { fmt, median, printTable, writeResult } from "./util.js";

const here = dirname(fileURLToPath(import.meta.url));
const CHECKPOINTS = [25, 50, 100] as const;

/** The samplers compared; "auto" is the default of createStudy. */
export const VARIANTS: Record<string, (seed: number) => Sampler> = {
  random: (seed) => new RandomSampler({ seed }),
  auto: (seed) => new AutoSampler({ seed }),
  gp: (seed) => new GPSampler({ seed }),
  tpe: (seed) => new TPESampler({ seed }),
  indep: (seed) => new TPESampler({ seed, multivariate: false, group: false }),
  mv: (seed) => new TPESampler({ seed, multivariate: true, group: false }),
  // Optuna-like settings on parzen's implementation, to isolate what the new defaults add
  optunalike: (seed) => new TPESampler({ seed, gamma: (n) => Math.min(Math.ceil(0.1 * n), 25), mixedFraction: 0 }),
};

/** Adds a TPE variant from a JSON option string, e.g. `--variant 'ei48={"nEiCandidates":48}'`. */
function addVariant(spec: string): string {
  const i = spec.indexOf("=");
  const name = spec.slice(0, i);
  const extra = JSON.parse(spec.slice(i + 1)) as TPESamplerOptions;
  VARIANTS[name] = (seed) => new TPESampler({ ...extra, seed });
  return name;
}

type Medians = Record<string, Record<string, Record<string, number>>>;

function readJson<T>(name: string): T | undefined {
  const f = join(here, "baselines", name);
  return existsSync(f) ? (JSON.parse(readFileSync(f, "utf8")) as T) : undefined;
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

interface Run {
  regrets: number[];
  /** flat_cat_branin: share of the most drawn choice of `unused` in trials 50..99. */
  share?: number;
}

/** Regret after each checkpoint for one run. */
async function runOnce(fn: BenchFunction, sampler: Sampler, seed: number, nTrials: number): Promise<Run> {
  const study = await createStudy({ sampler, direction: "minimize" });
  const objective = fn.make(seed);
  const regrets: number[] = [];
  let best: FrozenTrial | undefined;
  await study.optimize(objective, {
    nTrials,
    callbacks: [
      (_s, t) => {
        if (t.state === "COMPLETE" && (best === undefined || (t.value as number) < (best.value as number))) best = t;
        const n = t.number + 1;
        if ((CHECKPOINTS as readonly number[]).includes(n) || n === nTrials) {
          const v = best === undefined ? Number.NaN : ((best.userAttrs.trueValue as number | undefined) ?? (best.value as number));
          regrets.push(v - fn.optimum);
        }
      },
    ],
  });
  const run: Run = { regrets };
  if (study.trials.some((t) => t.params.unused !== undefined)) run.share = topShare(study.trials.slice(50, 100).map((t) => t.params.unused));
  return run;
}

export async function run(args: string[]): Promise<void> {
  const seeds = Number(arg(args, "seeds") ?? 10);
  const seedOffset = Number(arg(args, "seed-offset") ?? 0);
  const nTrials = Number(arg(args, "trials") ?? 100);
  const fns = selectFunctions(arg(args, "functions"));
  const extra: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === "--variant") extra.push(addVariant(args[i + 1] as string));
  const variants = (arg(args, "variants")?.split(",") ?? ["auto", "gp", "tpe", "random"]).concat(extra);
  for (const v of variants) if (!VARIANTS[v]) throw new Error(`unknown variant ${v}; known: ${Object.keys(VARIANTS).join(", ")}`);
  const o31 = readJson<{ results: Medians }>("optuna-3.1-public-quality.json")?.results ?? {};
  const o49 = readJson<{ results: Medians }>("optuna-4.9-public-quality.json")?.results ?? {};
  const o31runs = readJson<{ runs: Record<string, number[][]>; flatCatShare: number[] }>("optuna-3.1-runs.json");
  const restore = setWarningSink(() => undefined);
  const checkpoints = CHECKPOINTS.filter((c) => c <= nTrials);
  const last = checkpoints.length - 1;
  const results: Medians = {};
  const perSeed: Record<string, Record<string, Run[]>> = {};
  const started = Date.now();
  for (const fn of fns) {
    results[fn.name] = {};
    perSeed[fn.name] = {};
    for (const v of variants) {
      const runs: Run[] = [];
      for (let s = seedOffset; s < seedOffset + seeds; s++) runs.push(await runOnce(fn, (VARIANTS[v] as (seed: number) => Sampler)(s), s, nTrials));
      perSeed[fn.name]![v] = runs;
      const med: Record<string, number> = {};
      checkpoints.forEach((c, i) => (med[c] = median(runs.map((r) => r.regrets[i] as number))));
      results[fn.name]![v] = med;
    }
    const rows: (string | number)[][] = variants.map((v) => [`parzen ${v}`, ...checkpoints.map((c) => results[fn.name]![v]![c] as number)]);
    const local = o31runs?.runs[fn.name];
    if (local) rows.push(["optuna-3.1 tpe (local runs)", ...checkpoints.map((_, i) => median(local.map((r) => r[i] as number)))]);
    for (const [k, r] of Object.entries(o31[fn.name] ?? {})) if (k !== "random") rows.push([`optuna-3.1 ${k}`, ...checkpoints.map((c) => r[String(c)] ?? Number.NaN)]);
    for (const k of ["gp", "auto", "tpe", "cmaes"]) {
      const r = o49[fn.name]?.[k];
      if (r) rows.push([`optuna-4.9 ${k}`, ...checkpoints.map((c) => r[String(c)] ?? Number.NaN)]);
    }
    console.log(`\n${fn.name} (median regret over ${seeds} seeds)`);
    printTable(["sampler", ...checkpoints.map(String)], rows);
  }
  restore();
  const verdict: Record<string, unknown> = {};
  const at = String(checkpoints[last]);

  // 1. the default sampler vs Optuna 4.9's best sampler (public functions)
  const main = variants.includes("auto") ? "auto" : (variants[0] as string);
  const vsBest: (string | number)[][] = [];
  for (const fn of fns) {
    const base = o49[fn.name];
    if (!base) continue;
    const [bestName, bestVal] = Object.entries(base)
      .filter(([k]) => k !== "random")
      .map(([k, r]) => [k, r[at] as number] as const)
      .reduce((a, b) => (b[1] < a[1] ? b : a));
    const m = results[fn.name]![main]![at] as number;
    const ratio = bestVal > 0 ? m / bestVal : m <= bestVal ? 0 : Number.POSITIVE_INFINITY;
    vsBest.push([fn.name, m, `${bestName} ${fmt(bestVal)}`, ratio, m <= bestVal ? "yes" : ratio <= 3 ? "within 3x" : "NO"]);
  }
  if (vsBest.length > 0) {
    console.log(`\nparzen ${main} at ${at} trials vs Optuna 4.9's best sampler (median regret)`);
    printTable(["function", `parzen ${main}`, "optuna-4.9 best", "ratio", "at or below"], vsBest);
    const ok = vsBest.filter((r) => r[4] === "yes").length;
    const worst = Math.max(...vsBest.map((r) => r[3] as number));
    console.log(`at or below on ${ok} of ${vsBest.length} (goal >= 5 of 6); worst ratio ${fmt(worst)} (goal <= 3)`);
    verdict.vsOptuna49Best = { atOrBelow: ok, of: vsBest.length, worstRatio: worst };
  }

  // 2. the rank, as the outside check computes it
  const rankRows: (string | number)[][] = [];
  const rankOf: Record<string, Record<string, number>> = {};
  for (const fn of fns) {
    rankOf[fn.name] = {};
    for (const v of variants) {
      const ours = perSeed[fn.name]![v]!.map((r) => r.regrets[last] as number);
      const row: (string | number)[] = [fn.name, v];
      const local = o31runs?.runs[fn.name];
      const r31 = local ? pooledRank(ours, local.map((r) => r[2] as number)) : Number.NaN;
      row.push(r31);
      for (const k of ["gp", "auto"]) {
        const med = o49[fn.name]?.[k]?.[at];
        row.push(med === undefined ? Number.NaN : pooledRank(ours, ours.map(() => med)));
      }
      rankOf[fn.name]![v] = r31;
      rankRows.push(row);
    }
  }
  console.log(`\nrank at ${at} trials (pooled runs, ties averaged, scaled 0..1; 0.5 = parity, lower is better)`);
  console.log("vs Optuna 3.1 TPE: its local runs; vs Optuna 4.9: its median stands in for each of its runs");
  printTable(["function", "parzen", "vs 3.1 tpe", "vs 4.9 gp*", "vs 4.9 auto*"], rankRows);
  for (const v of variants) {
    const xs = fns.map((f) => rankOf[f.name]![v] as number).filter((x) => Number.isFinite(x));
    if (xs.length > 0) console.log(`mean rank of parzen ${v} vs Optuna 3.1 TPE over ${xs.length} functions: ${fmt(xs.reduce((a, b) => a + b, 0) / xs.length)}`);
  }
  verdict.rankVsOptuna31 = rankOf;

  // 3. noisy functions: median regret vs Optuna 3.1 TPE's local runs (goal: at most 1.1x)
  const noisy = fns.filter((f) => f.name.startsWith("noisy_") && o31runs?.runs[f.name]);
  if (noisy.length > 0) {
    const rows = noisy.map((f) => {
      const ref = median((o31runs?.runs[f.name] as number[][]).map((r) => r[last] as number));
      return [f.name, ref, ...variants.map((v) => (results[f.name]![v]![at] as number) / ref)];
    });
    console.log(`\nnoisy functions: median regret at ${at} / Optuna 3.1 TPE's (goal <= 1.1)`);
    printTable(["function", "optuna-3.1 tpe", ...variants.map((v) => `parzen ${v}`)], rows);
  }

  // 4. a categorical the objective ignores: share of the most drawn choice in trials 50..99
  const flat = fns.find((f) => f.name === "flat_cat_branin");
  if (flat && nTrials >= 100) {
    const rows = variants.map((v) => {
      const shares = perSeed[flat.name]![v]!.map((r) => r.share as number);
      return [`parzen ${v}`, median(shares), Math.max(...shares)];
    });
    if (o31runs?.flatCatShare.length) rows.push(["optuna-3.1 tpe", median(o31runs.flatCatShare), Math.max(...o31runs.flatCatShare)]);
    console.log("\nflat_cat_branin: share of late draws (trials 50..99) on the most drawn choice of the ignored categorical (goal <= 0.5; uniform ~0.34)");
    printTable(["sampler", "median over seeds", "worst seed"], rows);
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`\n(${seconds.toFixed(1)} s)`);
  const file = writeResult("quality", { seeds, nTrials, variants, results, verdict, perSeed, seconds });
  console.log(`wrote ${file}`);
  // CMA-ES vs Optuna 4.9 and in 20 dimensions (bench/cmaes.ts; its own part when every part runs)
  if (process.argv[2] === "quality" && !args.includes("--no-cmaes")) await (await import("./cmaes.js")).run(["--seeds", String(seeds), ...args.filter((a) => a === "--with-gp")]);
}
