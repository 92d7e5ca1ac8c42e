/**
 * Multi-objective and constrained benchmark problems (all objectives minimized). ZDT1–3 (10
 * variables in [0, 1]) and DTLZ2 (3 objectives, 8 variables) follow Zitzler–Deb–Thiele 2000 and
 * Deb–Thiele–Laumanns–Zitzler 2002; the reference points are the issue's ([1.1, 11] and
 * [1.1, 1.1, 1.1]). `mixed` is an HPO-like trade-off (error against cost) over a categorical,
 * a log float and an int. The constrained cases are known test problems whose feasible region
 * excludes the unconstrained optimum: Gramacy et al. 2016's LSQ toy (minimize x1 + x2 with a
 * sinusoidal and a disk constraint; best feasible ≈ 0.5998) and SRN (Srinivas–Deb 1994).
 */
import type { Trial } from "../src/index.js";

export interface MoProblem {
  readonly name: string;
  readonly nObjectives: number;
  readonly reference: readonly number[];
  /** Whether the objective calls `trial.setConstraint`. */
  readonly constrained: boolean;
  /** Best known feasible value (single-objective constrained case). */
  readonly optimum?: number;
  readonly objective: (trial: Trial) => number[];
}

function xs(trial: Trial, n: number): number[] {
  const x: number[] = [];
  for (let i = 0; i < n; i++) x.push(trial.suggestFloat(`x${i}`, 0, 1));
  return x;
}

function zdt(kind: 1 | 2 | 3): (trial: Trial) => number[] {
  return (trial) => {
    const x = xs(trial, 10);
    const f1 = x[0] as number;
    let s = 0;
    for (let i = 1; i < 10; i++) s += x[i] as number;
    const g = 1 + (9 * s) / 9;
    const h = kind === 1 ? 1 - Math.sqrt(f1 / g) : kind === 2 ? 1 - (f1 / g) ** 2 : 1 - Math.sqrt(f1 / g) - (f1 / g) * Math.sin(10 * Math.PI * f1);
    return [f1, g * h];
  };
}

function dtlz2(trial: Trial): number[] {
  const x = xs(trial, 8);
  let g = 0;
  for (let i = 2; i < 8; i++) g += ((x[i] as number) - 0.5) ** 2;
  const a = ((x[0] as number) * Math.PI) / 2;
  const b = ((x[1] as number) * Math.PI) / 2;
  return [(1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)];
}

const ACT_ERROR: Record<string, number> = { relu: 0, tanh: 0.5, sigmoid: 1.5 };
const ACT_COST: Record<string, number> = { relu: 0.1, tanh: 0.3, sigmoid: 0 };

/** error = (log10 lr + 3)²/4 + act penalty + 4(dropout − 0.2)² + 2/layers; cost = layers/8 + act cost. */
function mixed(trial: Trial): number[] {
  const act = trial.suggestCategorical("act", ["relu", "tanh", "sigmoid"]) as string;
  const lr = trial.suggestFloat("lr", 1e-5, 1e-1, { log: true });
  const layers = trial.suggestInt("layers", 1, 8);
  const dropout = trial.suggestFloat("dropout", 0, 0.5);
  const error = (Math.log10(lr) + 3) ** 2 / 4 + (ACT_ERROR[act] as number) + 4 * (dropout - 0.2) ** 2 + 2 / layers;
  const cost = layers / 8 + (ACT_COST[act] as number);
  return [error, cost];
}

/** Gramacy et al. 2016: min x1 + x2 s.t. 1.5 − x1 − 2x2 − 0.5 sin(2π(x1² − 2x2)) ≤ 0, x1² + x2² − 1.5 ≤ 0. */
function lsq(trial: Trial): number[] {
  const x1 = trial.suggestFloat("x1", 0, 1);
  const x2 = trial.suggestFloat("x2", 0, 1);
  trial.setConstraint("c1", 1.5 - x1 - 2 * x2 - 0.5 * Math.sin(2 * Math.PI * (x1 * x1 - 2 * x2)));
  trial.setConstraint("c2", x1 * x1 + x2 * x2 - 1.5);
  return [x1 + x2];
}

/** SRN: f1 = 2 + (x−2)² + (y−1)², f2 = 9x − (y−1)², x² + y² ≤ 225, x − 3y + 10 ≤ 0, x, y in [−20, 20]. */
function srn(trial: Trial): number[] {
  const x = trial.suggestFloat("x", -20, 20);
  const y = trial.suggestFloat("y", -20, 20);
  trial.setConstraint("circle", x * x + y * y - 225);
  trial.setConstraint("line", x - 3 * y + 10);
  return [2 + (x - 2) ** 2 + (y - 1) ** 2, 9 * x - (y - 1) ** 2];
}

export const MO_PROBLEMS: readonly MoProblem[] = [
  { name: "zdt1", nObjectives: 2, reference: [1.1, 11], constrained: false, objective: zdt(1) },
  { name: "zdt2", nObjectives: 2, reference: [1.1, 11], constrained: false, objective: zdt(2) },
  { name: "zdt3", nObjectives: 2, reference: [1.1, 11], constrained: false, objective: zdt(3) },
  { name: "dtlz2", nObjectives: 3, reference: [1.1, 1.1, 1.1], constrained: false, objective: dtlz2 },
  { name: "mixed", nObjectives: 2, reference: [5, 1.5], constrained: false, objective: mixed },
  { name: "c-lsq", nObjectives: 1, reference: [], constrained: true, optimum: 0.5998, objective: lsq },
  { name: "c-srn", nObjectives: 2, reference: [250, 50], constrained: true, objective: srn },
];
