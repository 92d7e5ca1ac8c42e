/**
 * `npm run bench -- quality [--seeds 10] [--trials 100] [--functions branin,...|public|all]
 * [--variants parzen,random,...] [--variant 'name={json options}'] [--seed-offset 0]`: median regret (best value found − f*) after 25, 50 and 100
 * trials, over seeds 0..seeds−1, for RandomSampler and each TPE variant, beside Optuna 3.1's
 * medians (bench/baselines/optuna-3.1-public-quality.json). One worker, in-memory storage.
 *
 * Normalized rank vs Optuna's default TPE: for every (public function, checkpoint) pair, parzen's
 * default scores 0 when its median regret is lower than Optuna `tpe`'s, 1 when higher, 0.5 on a
 * tie; the figure is the mean over the pairs (lower is better; 0.5 = parity).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createStudy, type FrozenTrial, RandomSampler, type Sampler, setWarningSink, TPESampler, type TPESamplerOptions } from "../src/index.js";
import { type BenchFunction, selectFunctions } from "./functions.js";
import { fmt, median, printTable, writeResult } from "./util.js";

const here = dirname(fileURLToPath(import.meta.url));
const CHECKPOINTS = [25, 50, 100] as const;

/** The samplers compared; "parzen" is the default TPESampler. */
export const VARIANTS: Record<string, (seed: number) => Sampler> = {
  random: (seed) => new RandomSampler({ seed }),
  parzen: (seed) => new TPESampler({ seed }),
  indep: (seed) => new TPESampler({ seed, multivariate: false, group: false }),
  mv: (seed) => new TPESampler({ seed, multivariate: true, group: false }),
  // Optuna-like settings on parzen's implementation, to isolate what the new defaults add
  optunalike: (seed) =>
    new TPESampler({ seed, gamma: (n) => Math.min(Math.ceil(0.1 * n), 25), mixedFraction: 0 }),
  // ablations: each of the two changes alone
  g10m25: (seed) => new TPESampler({ seed, gamma: (n) => Math.min(Math.ceil(0.1 * n), 25) }),
  g15m0: (seed) => new TPESampler({ seed, mixedFraction: 0 }),
};

/** Adds a TPE variant from a JSON option string, e.g. `--variant 'ei48={"nEiCandidates":48}'`. */
function addVariant(spec: string): string {
  const i = spec.indexOf("=");
  const name = spec.slice(0, i);
  const extra = JSON.parse(spec.slice(i + 1)) as TPESamplerOptions;
  VARIANTS[name] = (seed) => new TPESampler({ ...extra, seed });
  return name;
}

interface Baseline {
  results: Record<string, Record<string, Record<string, number>>>;
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Regret after each checkpoint for one run. */
async function runOnce(fn: BenchFunction, sampler: Sampler, seed: number, nTrials: number): Promise<number[]> {
  const study = await createStudy({ sampler, direction: "minimize" });
  const objective = fn.make(seed);
  const out: number[] = [];
  let best: FrozenTrial | undefined;
  await study.optimize(objective, {
    nTrials,
    callbacks: [
      (_s, t) => {
        if (t.state === "COMPLETE" && (best === undefined || (t.value as number) < (best.value as number))) best = t;
        const n = t.number + 1;
        if ((CHECKPOINTS as readonly number[]).includes(n) || n === nTrials) {
          const v = best === undefined ? Number.NaN : ((best.userAttrs.trueValue as number | undefined) ?? (best.value as number));
          out.push(v - fn.optimum);
        }
      },
    ],
  });
  return out;
}

export async function run(args: string[]): Promise<void> {
  const seeds = Number(arg(args, "seeds") ?? 10);
  const seedOffset = Number(arg(args, "seed-offset") ?? 0);
  const nTrials = Number(arg(args, "trials") ?? 100);
  const fns = selectFunctions(arg(args, "functions"));
  const extra: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === "--variant") extra.push(addVariant(args[i + 1] as string));
  const variants = (arg(args, "variants")?.split(",") ?? ["random", "parzen", "optunalike", "indep", "mv"]).concat(extra);
  for (const v of variants) if (!VARIANTS[v]) throw new Error(`unknown variant ${v}; known: ${Object.keys(VARIANTS).join(", ")}`);
  const baseline = JSON.parse(readFileSync(join(here, "baselines", "optuna-3.1-public-quality.json"), "utf8")) as Baseline;
  const restore = setWarningSink(() => undefined);
  const checkpoints = CHECKPOINTS.filter((c) => c <= nTrials);
  const results: Record<string, Record<string, Record<string, number>>> = {};
  const perSeed: Record<string, Record<string, number[][]>> = {};
  const started = Date.now();
  for (const fn of fns) {
    results[fn.name] = {};
    perSeed[fn.name] = {};
    for (const v of variants) {
      const runs: number[][] = [];
      for (let s = seedOffset; s < seedOffset + seeds; s++) runs.push(await runOnce(fn, (VARIANTS[v] as (seed: number) => Sampler)(s), s, nTrials));
      perSeed[fn.name]![v] = runs;
      const med: Record<string, number> = {};
      checkpoints.forEach((c, i) => (med[c] = median(runs.map((r) => r[i] as number))));
      results[fn.name]![v] = med;
    }
    const base = baseline.results[fn.name];
    const rows: (string | number)[][] = variants.map((v) => [`parzen ${v}`, ...checkpoints.map((c) => results[fn.name]![v]![c] as number)]);
    if (base) for (const [k, r] of Object.entries(base)) rows.push([`optuna-3.1 ${k}`, ...checkpoints.map((c) => r[String(c)] ?? Number.NaN)]);
    console.log(`\n${fn.name} (median regret over ${seeds} seeds)`);
    printTable(["sampler", ...checkpoints.map(String)], rows);
  }
  restore();
  // Verdicts against Optuna 3.1 (public functions with a baseline only).
  const verdict: Record<string, unknown> = {};
  if (variants.includes("parzen")) {
    const ranks: number[] = [];
    const rows: (string | number)[][] = [];
    for (const fn of fns) {
      const base = baseline.results[fn.name];
      if (!base?.tpe) continue;
      const mine = results[fn.name]!.parzen!;
      for (const c of checkpoints) {
        const o = base.tpe[String(c)] as number;
        const m = mine[c] as number;
        ranks.push(m < o ? 0 : m > o ? 1 : 0.5);
      }
      const best = Math.min(...Object.entries(base).filter(([k]) => k !== "random").map(([, r]) => r[String(nTrials)] as number));
      const m = mine[nTrials] as number;
      rows.push([fn.name, m, best, m <= best ? "yes" : "NO"]);
    }
    if (rows.length > 0) {
      console.log(`\nparzen default at ${nTrials} trials vs Optuna 3.1's best TPE variant`);
      printTable(["function", "parzen", "optuna best", "at or below"], rows);
      const meanRank = ranks.reduce((a, b) => a + b, 0) / ranks.length;
      console.log(`\nmean normalized rank vs Optuna 3.1 default TPE over ${ranks.length} (function, checkpoint) pairs: ${fmt(meanRank)} (target <= 0.40)`);
      verdict.meanNormalizedRank = meanRank;
      verdict.vsOptunaBest = Object.fromEntries(rows.map((r) => [r[0], { parzen: r[1], optunaBest: r[2], ok: r[3] === "yes" }]));
    }
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`\n(${seconds.toFixed(1)} s)`);
  const file = writeResult("quality", { seeds, nTrials, variants, results, verdict, perSeed, seconds });
  console.log(`wrote ${file}`);
  // CMA-ES vs Optuna 4.9 and in 20 dimensions (bench/cmaes.ts; its own part when every part runs)
  if (process.argv[2] === "quality" && !args.includes("--no-cmaes")) await (await import("./cmaes.js")).run(["--seeds", String(seeds), ...args.filter((a) => a === "--with-gp")]);
}
