/**
 * Synthetic studies for the importance tests: trials built with createTrial from a seeded Rng.
 * @module
 */
import {
  CategoricalDistribution,
  createStudy,
  createTrial,
  type Distribution,
  distributionToJson,
  FloatDistribution,
  type FrozenTrial,
  IntDistribution,
  type ParamValue,
  type Study,
} from "../../src/index.js";
import { Rng } from "../../src/random/rng.js";

export const SPACE: Record<string, Distribution> = {
  x: new FloatDistribution(-5, 5),
  lr: new FloatDistribution(1e-5, 1e-1, { log: true }),
  n: new IntDistribution(1, 10),
  opt: new CategoricalDistribution(["sgd", "adam", "rmsprop"]),
  y: new FloatDistribution(0, 1),
  z: new FloatDistribution(0, 1),
};

function sample(rng: Rng, d: Distribution): ParamValue {
  if (d.type === "categorical") return rng.choice(d.choices);
  if (d.log) {
    const v = Math.exp(rng.uniform(Math.log(d.low), Math.log(d.high)));
    return d.type === "int" ? Math.min(d.high, Math.max(d.low, Math.round(v))) : v;
  }
  if (d.type === "int") return d.low + rng.int((d.high - d.low) / d.step + 1) * d.step;
  return rng.uniform(d.low, d.high);
}

/** Random trials of `f` over SPACE. */
export function randomTrials(n: number, seed: number, f: (p: Record<string, ParamValue>) => number): FrozenTrial[] {
  const rng = new Rng(seed);
  const out: FrozenTrial[] = [];
  for (let i = 0; i < n; i++) {
    const params: Record<string, ParamValue> = {};
    for (const [k, d] of Object.entries(SPACE)) params[k] = sample(rng, d);
    out.push(createTrial({ params, distributions: { ...SPACE }, value: f(params) }));
  }
  return out;
}

/** Only x and opt matter. */
export const twoOfSix = (p: Record<string, ParamValue>): number =>
  ((p.x as number) / 5) ** 2 + (p.opt === "adam" ? 0 : p.opt === "sgd" ? 0.8 : 0.4);

/** Every parameter matters, with well separated weights: x > opt > n > lr > y > z. */
export const graded = (p: Record<string, ParamValue>): number =>
  3.0 * ((p.x as number) / 5) ** 2 +
  1.8 * (p.opt === "adam" ? 0 : p.opt === "sgd" ? 1 : 0.5) +
  1.0 * ((p.n as number) - 1) / 9 +
  0.6 * (Math.log10(p.lr as number) + 5) / 4 +
  0.3 * Math.sin(3 * (p.y as number)) +
  0.1 * (p.z as number);

export async function studyOf(trials: readonly FrozenTrial[]): Promise<Study> {
  const study = await createStudy({ studyName: "importance" });
  await study.addTrials(trials);
  return study;
}

/** The trials as the JSON tests/fixtures/optuna_importances.py reads. */
export function toOptunaJson(trials: readonly FrozenTrial[], evaluator: "fanova" | "mdi", seed: number): string {
  return JSON.stringify({
    evaluator,
    seed,
    trials: trials.map((t) => ({
      params: t.params,
      value: t.value,
      distributions: Object.fromEntries(Object.entries(t.distributions).map(([k, d]) => [k, JSON.parse(distributionToJson(d))])),
    })),
  });
}

/** Spearman's rank correlation of two importance records over the same keys (average ranks for ties). */
export function spearman(a: Record<string, number>, b: Record<string, number>): number {
  const keys = Object.keys(a).sort();
  const rank = (r: Record<string, number>): number[] => {
    const v = keys.map((k) => r[k] as number);
    const idx = v.map((_, i) => i).sort((i, j) => (v[i] as number) - (v[j] as number));
    const ranks = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1] as number] === v[idx[i] as number]) j++;
      for (let k = i; k <= j; k++) ranks[idx[k] as number] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return ranks;
  };
  const ra = rank(a);
  const rb = rank(b);
  const mean = (keys.length + 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < keys.length; i++) {
    const x = (ra[i] as number) - mean;
    const y = (rb[i] as number) - mean;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return num / Math.sqrt(da * db);
}
