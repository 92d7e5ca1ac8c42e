/**
 * `npm run bench -- multi-objective [--seeds 5] [--trials 200] [--functions zdt1,...]
 * [--samplers default,nsga2,...]`: hypervolume of the feasible non-dominated set after 50, 100
 * and 200 trials against each problem's fixed reference point (median over seeds 0..seeds−1),
 * the time per trial over the whole run and over its last 10 trials, and for the constrained problems the fraction of
 * feasible trials (single objective: the best feasible value instead of a hypervolume).
 * Optuna 4.9's multi-objective TPE medians at 200 trials (issue 15, measured on this machine):
 * ZDT1 10.77, ZDT3 10.60, DTLZ2 0.579.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createStudy, type FrozenTrial, NSGAIISampler, NSGAIIISampler, RandomSampler, type Sampler, setWarningSink, TPESampler } from "../src/index.js";
import { hypervolume } from "../src/multi-objective/hypervolume.js";
import { defaultSampler } from "../src/samplers/default.js";
import { MO_PROBLEMS, type MoProblem } from "./_mo-functions.js";
import { fmt, median, printTable, writeResult } from "./util.js";

const CHECKPOINTS = [50, 100, 200];
const OPTUNA_49_TPE_200: Record<string, number> = { zdt1: 10.77, zdt3: 10.6, dtlz2: 0.579 };

type Make = (seed: number, nObjectives: number) => Sampler;

/** The samplers of the protocol; ablations only when named in --samplers. */
const PROTOCOL = ["default", "nsga2", "nsga3", "motpe", "random"];

export const SAMPLERS: Record<string, Make> = {
  default: (seed, m) => defaultSampler(m === 1 ? ["minimize"] : new Array(m).fill("minimize"), seed),
  nsga2: (seed) => new NSGAIISampler({ seed }),
  nsga3: (seed) => new NSGAIIISampler({ seed }),
  // Optuna 4.9-style MOTPE on parzen: independent sampling, hypervolume weights
  motpe: (seed) => new TPESampler({ seed, multivariate: false, group: false, multiObjectiveWeights: "hypervolume" }),
  random: (seed) => new RandomSampler({ seed }),
  // ablations of the default (more with --variant 'name={json}')
  uniform: (seed) => new TPESampler({ seed, multiObjectiveWeights: "uniform" }),
  indep: (seed) => new TPESampler({ seed, multivariate: false, group: false }),
  mix25: (seed) => new TPESampler({ seed, mixedFraction: 0.25 }),
};

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function feasible(t: FrozenTrial): boolean {
  return Object.values(t.constraints).every((v) => v <= 0);
}

/** The quality after a prefix of trials: hypervolume (or best value for one objective). */
function quality(p: MoProblem, trials: readonly FrozenTrial[]): number {
  const ok = trials.filter((t) => t.state === "COMPLETE" && feasible(t));
  if (p.nObjectives === 1) return ok.length ? Math.min(...ok.map((t) => t.value as number)) : Number.NaN;
  return hypervolume(ok.map((t) => t.values as number[]), p.reference);
}

interface RunResult {
  q: number[];
  msPerTrial: number;
  /** Mean time of the last 10 trials (the cost per trial at the end of the run). */
  msLast: number;
  feasibleFraction: number;
}

async function runOnce(p: MoProblem, sampler: Sampler, nTrials: number): Promise<RunResult> {
  const study = await createStudy({ sampler, directions: new Array(p.nObjectives).fill("minimize") });
  const t0 = performance.now();
  const ends: number[] = [];
  await study.optimize((trial) => {
    const v = p.objective(trial);
    return p.nObjectives === 1 ? (v[0] as number) : v;
  }, { nTrials, callbacks: [() => void ends.push(performance.now())] });
  const ms = (performance.now() - t0) / nTrials;
  const last = Math.min(10, ends.length - 1);
  const msLast = last > 0 ? ((ends[ends.length - 1] as number) - (ends[ends.length - 1 - last] as number)) / last : Number.NaN;
  const trials = study.trials;
  const q = CHECKPOINTS.filter((c) => c <= nTrials).map((c) => quality(p, trials.slice(0, c)));
  return { q, msPerTrial: ms, msLast, feasibleFraction: trials.filter(feasible).length / trials.length };
}

export async function run(args: string[]): Promise<void> {
  // --variant 'name={"nEiCandidates":64}' adds a TPESampler variant
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== "--variant") continue;
    const spec = args[i + 1] as string;
    const k = spec.indexOf("=");
    const extra = JSON.parse(spec.slice(k + 1)) as object;
    SAMPLERS[spec.slice(0, k)] = (seed) => new TPESampler({ ...extra, seed });
  }
  const seeds = Number(arg(args, "seeds") ?? 5);
  const nTrials = Number(arg(args, "trials") ?? 200);
  const names = arg(args, "functions")?.split(",");
  const problems = MO_PROBLEMS.filter((p) => names === undefined || names.includes(p.name));
  const samplers = (arg(args, "samplers")?.split(",") ?? PROTOCOL).filter((s) => {
    if (!SAMPLERS[s]) throw new Error(`unknown sampler ${s}; choose from ${Object.keys(SAMPLERS).join(", ")}`);
    return true;
  });
  setWarningSink(() => {});
  const checkpoints = CHECKPOINTS.filter((c) => c <= nTrials);
  const rows: (string | number)[][] = [];
  const out: Record<string, unknown> = {};
  for (const p of problems) {
    for (const s of samplers) {
      const runs: RunResult[] = [];
      for (let seed = 0; seed < seeds; seed++) runs.push(await runOnce(p, (SAMPLERS[s] as Make)(seed, p.nObjectives), nTrials));
      const med = checkpoints.map((_, k) => median(runs.map((r) => r.q[k] as number)));
      const ms = median(runs.map((r) => r.msPerTrial));
      const msLast = median(runs.map((r) => r.msLast));
      const feas = median(runs.map((r) => r.feasibleFraction));
      rows.push([p.name, s, ...med, ms, msLast, p.constrained ? fmt(feas) : "", s === "default" && OPTUNA_49_TPE_200[p.name] !== undefined ? fmt(OPTUNA_49_TPE_200[p.name] as number) : ""]);
      out[`${p.name}/${s}`] = { medians: med, msPerTrial: ms, msLast, feasibleFraction: feas, runs: runs.map((r) => r.q) };
      console.error(`  ${p.name} ${s}: ${med.map(fmt).join(" ")}  ${fmt(ms)} ms/trial`);
    }
  }
  console.log(`\nmedian over seeds 0..${seeds - 1}; hypervolume (c-lsq: best feasible value, lower is better); machine shared, times indicative`);
  printTable(["function", "sampler", ...checkpoints.map((c) => `@${c}`), "ms/trial", `ms@${nTrials}`, "feasible", "optuna4.9 tpe@200"], rows);
  console.log(`results: ${writeResult("multi-objective", { seeds, nTrials, results: out })}`);
  rankAgainstOptuna(out, problems, checkpoints);
}

/**
 * The outside check's ranking against Debian's Optuna 3.1 TPE (bench/baselines/optuna-3.1-mo.json,
 * written by bench/optuna_mo.py): per function and checkpoint, all runs of both ranked together by
 * hypervolume (best first; ties share the average rank), scaled to 0..1 and averaged over
 * parzen's default runs. Lower is better; 0.5 = parity.
 */
function rankAgainstOptuna(out: Record<string, unknown>, problems: readonly MoProblem[], checkpoints: readonly number[]): void {
  const file = join(dirname(fileURLToPath(import.meta.url)), "baselines", "optuna-3.1-mo.json");
  if (!existsSync(file)) return;
  const base = JSON.parse(readFileSync(file, "utf8")) as { results: Record<string, { hv: number[] }[]> };
  const rows: (string | number)[][] = [];
  for (const p of problems) {
    const ours = (out[`${p.name}/default`] as { runs: number[][] } | undefined)?.runs;
    const theirs = base.results[p.name];
    if (!ours || !theirs) continue;
    const row: (string | number)[] = [p.name];
    for (const [k, c] of checkpoints.entries()) {
      const idx = CHECKPOINTS.indexOf(c);
      const a = ours.map((r) => r[k] as number);
      const b = theirs.map((r) => r.hv[idx] as number);
      const all = [...a, ...b];
      const rank = (v: number): number => {
        const better = all.filter((x) => x > v).length;
        const equal = all.filter((x) => x === v).length;
        return better + (equal + 1) / 2; // 1 = best; ties share the average rank
      };
      const score = a.reduce((s, v) => s + (rank(v) - 1) / (all.length - 1), 0) / a.length;
      row.push(fmt(score), fmt(median(a)), fmt(median(b)));
    }
    rows.push(row);
  }
  if (rows.length === 0) return;
  console.log("\nrank of parzen's default among all runs of it and Optuna 3.1 TPE (0 = every parzen run best, 0.5 = parity, 1 = every run worst)");
  printTable(["function", ...checkpoints.flatMap((c) => [`rank@${c}`, `parzen@${c}`, `optuna3.1@${c}`])], rows);
}
