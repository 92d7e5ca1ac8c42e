/**
 * `npm run bench -- pruning [--seeds 0,1,2] [--trials 100] [--steps 100]`: how many training steps
 * each pruner saves on a synthetic learning-curve objective, and what it costs in final best value.
 *
 * The objective is a noisy exponential learning curve whose asymptote and speed depend on three
 * hyperparameters (learning rate, weight decay, depth). A high learning rate learns fast but
 * plateaus higher, so early values are only a partial guide to the final one, as in real
 * training. Every pruner runs the same seeded RandomSampler, so trial n gets the same parameters
 * and noise under every pruner: the runs differ only in what was stopped early.
 *
 * Two comparisons per pruner: the same 100 trials as NopPruner (steps saved, and how much worse
 * the final best is), and the same step budget NopPruner spent (trials until it is used up: what
 * the saved steps buy). The first four rows use settings suited to 100-step curves; the
 * "(defaults)" rows use Optuna's defaults. The curve family, the noise level and the first rows'
 * settings were chosen while developing this bench, after seeing results: read the figures as
 * an illustration of the trade-off, not as a claim about real workloads.
 */
import {
  createStudy,
  HyperbandPruner,
  MedianPruner,
  NopPruner,
  type Pruner,
  RandomSampler,
  SuccessiveHalvingPruner,
  type Trial,
  TrialPruned,
} from "../src/index.js";
import { Rng } from "../src/random/rng.js";
import { median, printTable, writeResult } from "./util.js";

interface Options {
  seeds: number[];
  trials: number;
  steps: number;
}

function parseArgs(args: string[]): Options {
  const o: Options = { seeds: [0, 1, 2, 3, 4], trials: 100, steps: 100 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if (a === "--seeds" && v !== undefined) o.seeds = v.split(",").map(Number);
    else if (a === "--trials" && v !== undefined) o.trials = Number(v);
    else if (a === "--steps" && v !== undefined) o.steps = Number(v);
    else continue;
    i++;
  }
  return o;
}

/** The pruners compared, each built fresh per run (SHA and Hyperband keep state). */
const PRUNERS: { name: string; settings: string; make: () => Pruner }[] = [
  { name: "NopPruner", settings: "-", make: () => new NopPruner() },
  { name: "MedianPruner", settings: "nStartupTrials 5, nWarmupSteps 10", make: () => new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 10 }) },
  { name: "SuccessiveHalvingPruner", settings: "minResource 5, η 4 (rungs at 5, 20, 80)", make: () => new SuccessiveHalvingPruner({ minResource: 5 }) },
  { name: "HyperbandPruner", settings: "minResource 5, maxResource auto, η 3", make: () => new HyperbandPruner({ minResource: 5 }) },
  { name: "Median (defaults)", settings: "nStartupTrials 5, nWarmupSteps 0", make: () => new MedianPruner() },
  { name: "SHA (defaults)", settings: "minResource auto (= 1 here), η 4", make: () => new SuccessiveHalvingPruner() },
  { name: "Hyperband (defaults)", settings: "minResource 1, maxResource auto, η 3", make: () => new HyperbandPruner() },
];

/**
 * A learning curve: the loss after `epoch` epochs (1-based), without noise. The plateau is best
 * at lr 10^-2.5, wd 1e-4, depth 5; a higher learning rate learns faster, by a factor
 * 10^(speed · (log10 lr + 2.5)). In the "steady" scenario (speed 1/32) all configurations learn at
 * nearly the same speed, so early values rank configurations much as final ones do, up to the
 * noise; in the "crossing" one (speed 1/4) a high learning rate (or a shallow model) leads for
 * tens of epochs and the eventual winner catches up late. Deeper models learn slower, by the
 * same `speed` rule.
 */
export function curve(lr: number, wd: number, depth: number, epoch: number, speed: number): number {
  const llr = Math.log10(lr);
  const lwd = Math.log10(wd);
  const plateau = 0.05 + 0.08 * (llr + 2.5) ** 2 + 0.03 * (lwd + 4) ** 2 + 0.01 * (depth - 5) ** 2;
  const rate = 0.08 * 10 ** (speed * (llr + 2.5 - 0.5 * (depth - 5)));
  return plateau + (2.5 - plateau) * Math.exp(-rate * epoch);
}

/** The same-budget runs stop at this many times `trials` even if steps are left (the table marks it). */
const BUDGET_TRIAL_CAP = 10;

/** Relative noise of each reported value (i.i.d. per step, seeded per trial). */
const NOISE = 0.01;

/** The two curve families: how strongly the learning speed depends on the learning rate. */
const SCENARIOS = [
  { name: "steady", speed: 1 / 32 },
  { name: "crossing", speed: 1 / 4 },
] as const;

/** One study: `trials` trials, or (with `stepBudget`) trials until that many steps are spent. */
async function runOne(
  seed: number,
  speed: number,
  pruner: Pruner,
  o: Options,
  stepBudget?: number,
): Promise<{ trials: number; steps: number; best: number; pruned: number }> {
  const study = await createStudy({ studyName: `bench-pruning-${seed}`, sampler: new RandomSampler({ seed }), pruner });
  let steps = 0;
  const objective = (trial: Trial): number => {
    const lr = trial.suggestFloat("lr", 1e-5, 1, { log: true });
    const wd = trial.suggestFloat("wd", 1e-6, 1e-1, { log: true });
    const depth = trial.suggestInt("depth", 1, 8);
    const noise = new Rng(`${seed}/${trial.number}`);
    let loss = Number.NaN;
    for (let step = 0; step < o.steps; step++) {
      loss = curve(lr, wd, depth, step + 1, speed) * (1 + NOISE * noise.normal());
      steps++;
      trial.report(loss, step);
      if (trial.shouldPrune()) throw new TrialPruned();
    }
    return loss;
  };
  if (stepBudget === undefined) await study.optimize(objective, { nTrials: o.trials });
  else {
    await study.optimize(objective, {
      nTrials: BUDGET_TRIAL_CAP * o.trials,
      callbacks: [(s) => (steps + o.steps > stepBudget ? s.stop() : undefined)],
    });
  }
  return { trials: study.trials.length, steps, best: study.bestValue, pruned: study.getTrials({ states: ["PRUNED"] }).length };
}

interface Row {
  scenario: string;
  seed: number;
  pruner: string;
  steps: number;
  best: number;
  pruned: number;
  ms: number;
  /** With the step budget NopPruner spent on its trials. */
  budget?: { trials: number; steps: number; best: number };
}

const pct = (x: number, digits = 1): string => `${x >= 0 && digits === 2 ? "+" : ""}${(100 * x).toFixed(digits)}%`;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Runs the comparison, prints the tables and writes bench/results/pruning.json. */
export async function run(args: string[]): Promise<void> {
  const o = parseArgs(args);
  console.log(
    `${o.trials} trials × ${o.steps} steps, RandomSampler (the same seed for every pruner), ` +
      `relative noise ${NOISE}, seeds ${o.seeds.join(", ")}; same-budget runs stop at ${BUDGET_TRIAL_CAP * o.trials} trials`,
  );
  const results: Row[] = [];
  for (const sc of SCENARIOS) {
    for (const seed of o.seeds) {
      let nopSteps = 0;
      for (const p of PRUNERS) {
        const t0 = performance.now();
        const r = await runOne(seed, sc.speed, p.make(), o);
        const row: Row = { scenario: sc.name, seed, pruner: p.name, steps: r.steps, best: r.best, pruned: r.pruned, ms: 0 };
        if (p.name === "NopPruner") nopSteps = r.steps;
        else {
          const b = await runOne(seed, sc.speed, p.make(), o, nopSteps);
          row.budget = { trials: b.trials, steps: b.steps, best: b.best };
        }
        row.ms = Math.round(performance.now() - t0);
        results.push(row);
      }
    }
  }
  const nopOf = (r: Row): Row => results.find((x) => x.scenario === r.scenario && x.seed === r.seed && x.pruner === "NopPruner") as Row;
  printTable(
    ["scenario", "seed", "pruner", "steps", "saved", "pruned", "best", "vs nop", "same-budget trials", "same-budget best", "vs nop "],
    results.map((r) => [
      r.scenario,
      String(r.seed),
      r.pruner,
      String(r.steps),
      pct(1 - r.steps / nopOf(r).steps),
      String(r.pruned),
      r.best.toFixed(4),
      pct(r.best / nopOf(r).best - 1, 2),
      r.budget ? `${r.budget.trials}${r.budget.trials >= BUDGET_TRIAL_CAP * o.trials ? " (cap)" : ""}` : "-",
      r.budget ? r.budget.best.toFixed(4) : "-",
      r.budget ? pct(r.budget.best / nopOf(r).best - 1, 2) : "-",
    ]),
  );
  console.log("");
  const summary = SCENARIOS.flatMap((sc) =>
    PRUNERS.map((p) => {
      const mine = results.filter((r) => r.scenario === sc.name && r.pruner === p.name);
      const saved = mine.map((r) => 1 - r.steps / nopOf(r).steps);
      const gaps = mine.map((r) => r.best / nopOf(r).best - 1);
      const budgetGaps = mine.flatMap((r) => (r.budget ? [r.budget.best / nopOf(r).best - 1] : []));
      return {
        scenario: sc.name,
        pruner: p.name,
        settings: p.settings,
        meanStepsSaved: mean(saved),
        medianBestGap: median(gaps),
        worstBestGap: Math.max(...gaps),
        seedsWithin5: gaps.filter((g) => g <= 0.05).length,
        meetsTargetEverySeed: saved.every((x) => x >= 0.4) && gaps.every((g) => g <= 0.05),
        sameBudgetMedianGap: budgetGaps.length > 0 ? median(budgetGaps) : undefined,
      };
    }),
  );
  printTable(
    ["scenario", "pruner", "steps saved", "best vs nop: median / worst", "seeds ≤5%", "target every seed", "same budget: median best vs nop", "settings"],
    summary.map((s) => [
      s.scenario,
      s.pruner,
      pct(s.meanStepsSaved),
      `${pct(s.medianBestGap, 2)} / ${pct(s.worstBestGap, 2)}`,
      `${s.seedsWithin5}/${o.seeds.length}`,
      s.pruner === "NopPruner" ? "-" : s.meetsTargetEverySeed ? "yes" : "no",
      s.sameBudgetMedianGap === undefined ? "-" : pct(s.sameBudgetMedianGap, 2),
      s.settings,
    ]),
  );
  const file = writeResult("pruning", { options: o, noise: NOISE, scenarios: SCENARIOS, pruners: PRUNERS.map(({ name, settings }) => ({ name, settings })), results, summary });
  console.log(`\nwrote ${file}`);
}
