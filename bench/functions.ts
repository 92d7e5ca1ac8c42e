/**
 * Benchmark objectives with known optima. The six public ones follow
 * ../shared/bench/FUNCTIONS.md exactly (parameter names included); the others are extra,
 * "unseen-style" checks of our own: other standard continuous functions, integer and stepped
 * spaces, and noise.
 */
import type { Trial } from "../src/index.js";
import { Rng } from "../src/random/rng.js";
import { cvSoftmax } from "./cv-task.js";

/**
 * A benchmark objective. `make(seed)` returns the objective (noisy ones need a seed); a noisy
 * objective stores its noise-free value in the user attribute `trueValue`, and regret is measured
 * on that value of the trial that looked best.
 */
export interface BenchFunction {
  readonly name: string;
  /** f*: regret = best value found − optimum. */
  readonly optimum: number;
  /** Whether it is one of the six public functions. */
  readonly isPublic: boolean;
  make(seed: number): (trial: Trial) => number;
}

const fixed = (f: (trial: Trial) => number) => () => f;

function floats(trial: Trial, n: number, low: number, high: number): number[] {
  const x: number[] = [];
  for (let i = 0; i < n; i++) x.push(trial.suggestFloat(`x${i}`, low, high));
  return x;
}

const HA = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HP = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
  [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665],
  [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
];
const HALPHA = [1, 1.2, 3, 3.2];

function rosenbrock(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i] as number;
    const b = x[i + 1] as number;
    s += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
  }
  return s;
}

function ackley(x: readonly number[]): number {
  const d = x.length;
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    s1 += v * v;
    s2 += Math.cos(2 * Math.PI * v);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(s1 / d)) - Math.exp(s2 / d) + 20 + Math.E;
}

function levy(x: readonly number[]): number {
  const w = x.map((v) => 1 + (v - 1) / 4);
  const d = w.length;
  let s = Math.sin(Math.PI * (w[0] as number)) ** 2;
  for (let i = 0; i < d - 1; i++) {
    const wi = w[i] as number;
    s += (wi - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * wi + 1) ** 2);
  }
  const wd = w[d - 1] as number;
  return s + (wd - 1) ** 2 * (1 + Math.sin(2 * Math.PI * wd) ** 2);
}

/** Every benchmark function, public ones first. */
export const FUNCTIONS: readonly BenchFunction[] = [
  {
    name: "branin",
    optimum: 0.3978873577297384,
    isPublic: true,
    make: fixed((t) => {
      const x0 = t.suggestFloat("x0", -5, 10);
      const x1 = t.suggestFloat("x1", 0, 15);
      return (x1 - (5.1 / (4 * Math.PI ** 2)) * x0 ** 2 + (5 / Math.PI) * x0 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x0) + 10;
    }),
  },
  {
    name: "hartmann6",
    optimum: -3.3223680114155147,
    isPublic: true,
    make: fixed((t) => {
      const x = floats(t, 6, 0, 1);
      let s = 0;
      for (let i = 0; i < 4; i++) {
        let e = 0;
        for (let j = 0; j < 6; j++) e += (HA[i]?.[j] as number) * ((x[j] as number) - (HP[i]?.[j] as number)) ** 2;
        s += (HALPHA[i] as number) * Math.exp(-e);
      }
      return -s;
    }),
  },
  { name: "rosenbrock4", optimum: 0, isPublic: true, make: fixed((t) => rosenbrock(floats(t, 4, -5, 10))) },
  {
    name: "styblinski_tang5",
    optimum: -195.83082851885,
    isPublic: true,
    make: fixed((t) => 0.5 * floats(t, 5, -5, 5).reduce((s, v) => s + v ** 4 - 16 * v ** 2 + 5 * v, 0)),
  },
  {
    name: "mixed_hpo",
    optimum: 0,
    isPublic: true,
    make: fixed((t) => {
      const lr = t.suggestFloat("lr", 1e-5, 1e-1, { log: true });
      const layers = t.suggestInt("layers", 1, 8);
      const act = t.suggestCategorical("act", ["relu", "tanh", "sigmoid"]);
      const dropout = t.suggestFloat("dropout", 0, 0.5);
      return (Math.log10(lr) + 3) ** 2 + 0.3 * (layers - 4) ** 2 + { relu: 0, tanh: 0.5, sigmoid: 1.5 }[act] + 4 * (dropout - 0.2) ** 2;
    }),
  },
  {
    name: "conditional",
    optimum: 0,
    isPublic: true,
    make: fixed((t) => {
      const model = t.suggestCategorical("model", ["linear", "tree"]);
      if (model === "linear") {
        const c = t.suggestFloat("c", 1e-4, 1e2, { log: true });
        return (Math.log10(c) - 1) ** 2 + 0.5;
      }
      const depth = t.suggestInt("depth", 1, 32);
      const minSplit = t.suggestFloat("min_split", 0, 1);
      return ((depth - 12) / 8) ** 2 + (minSplit - 0.3) ** 2;
    }),
  },
  // ---- extra, for our own validation (not tuned on) ----
  { name: "ackley5", optimum: 0, isPublic: false, make: fixed((t) => ackley(floats(t, 5, -32.768, 32.768))) },
  { name: "levy4", optimum: 0, isPublic: false, make: fixed((t) => levy(floats(t, 4, -10, 10))) },
  {
    name: "rastrigin8",
    optimum: 0,
    isPublic: false,
    make: fixed((t) => floats(t, 8, -5.12, 5.12).reduce((s, v) => s + v * v - 10 * Math.cos(2 * Math.PI * v) + 10, 0)),
  },
  {
    name: "ellipsoid10",
    optimum: 0,
    isPublic: false,
    // ill-conditioned, shifted: Σ 10^(3i/9) (x_i − 1)²
    make: fixed((t) => floats(t, 10, -5, 5).reduce((s, v, i) => s + 10 ** ((3 * i) / 9) * (v - 1) ** 2, 0)),
  },
  {
    name: "goldstein_price",
    optimum: 3,
    isPublic: false,
    make: fixed((t) => {
      const x = t.suggestFloat("x", -2, 2);
      const y = t.suggestFloat("y", -2, 2);
      const a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y);
      const b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y);
      return a * b;
    }),
  },
  {
    name: "six_hump_camel",
    optimum: -1.031628453489877,
    isPublic: false,
    make: fixed((t) => {
      const x = t.suggestFloat("x", -3, 3);
      const y = t.suggestFloat("y", -2, 2);
      return (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y;
    }),
  },
  { name: "rosenbrock8", optimum: 0, isPublic: false, make: fixed((t) => rosenbrock(floats(t, 8, -5, 10))) },
  {
    name: "sphere20_int",
    optimum: 0,
    isPublic: false,
    make: fixed((t) => {
      let s = 0;
      for (let i = 0; i < 20; i++) s += (t.suggestInt(`k${i}`, -10, 10) - 3) ** 2;
      return s;
    }),
  },
  {
    name: "int_quadratic",
    optimum: 0,
    isPublic: false,
    make: fixed((t) => {
      // integer, stepped-int, int-log and stepped-float parameters
      const a = t.suggestInt("a", -20, 20);
      const b = t.suggestInt("b", 0, 100, { step: 5 });
      const c = t.suggestInt("c", 1, 1024, { log: true });
      const d = t.suggestFloat("d", 0, 1, { step: 0.05 });
      return (a - 7) ** 2 / 40 + ((b - 35) / 10) ** 2 + (Math.log2(c) - 6) ** 2 / 4 + 10 * (d - 0.65) ** 2;
    }),
  },
  {
    name: "small_discrete",
    optimum: 0,
    isPublic: false,
    make: fixed((t) => {
      // 4 × 5 × 3 = 60 points: duplicates waste budget here
      const opt = t.suggestCategorical("opt", ["sgd", "adam", "rmsprop", "adagrad"]);
      const bs = t.suggestInt("bs", 16, 256, { log: true });
      const k = t.suggestInt("k", 1, 5, { step: 2 });
      const o = { sgd: 0.6, adam: 0, rmsprop: 0.2, adagrad: 0.9 }[opt];
      return o + Math.abs(Math.log2(bs) - 6) * 0.25 + Math.abs(k - 3) * 0.3;
    }),
  },
  // noisy variants: Gaussian noise of 2% of the function's range over its domain; regret is
  // scored on the noise-free value of the trial with the best noisy value
  noisy("noisy_hartmann6", "hartmann6", -3.3223680114155147, 3.3224),
  noisy("noisy_branin", "branin", 0.3978873577297384, 307.7),
  noisy("noisy_mixed_hpo", "mixed_hpo", 0, 10.66),
  {
    // branin plus a categorical the objective ignores: a sampler must not collapse onto one of
    // its choices (bench check: share of the most drawn choice in trials 50..99)
    name: "flat_cat_branin",
    optimum: 0.3978873577297384,
    isPublic: false,
    make: (seed) => {
      const base = byName("branin").make(seed);
      return (t) => {
        t.suggestCategorical("unused", ["a", "b", "c", "d"]);
        return base(t);
      };
    },
  },
  {
    // a real tuning task: softmax regression on iris, 5-fold cross-validated log-loss (fixed
    // folds); optimum unknown, so "regret" is the CV loss itself
    name: "cv_softmax_iris",
    optimum: 0,
    isPublic: false,
    make: fixed((t) => {
      const lr = t.suggestFloat("lr", 1e-3, 3, { log: true });
      const l2 = t.suggestFloat("l2", 1e-6, 1, { log: true });
      const epochs = t.suggestInt("epochs", 5, 300, { log: true });
      const scaling = t.suggestCategorical("scaling", ["none", "standardize", "minmax"]);
      return cvSoftmax(lr, l2, epochs, scaling);
    }),
  },
];

export function byName(name: string): BenchFunction {
  return FUNCTIONS.find((f) => f.name === name) as BenchFunction;
}

/** `base` plus N(0, (0.02·range)²) noise, seeded per run; the noise-free value goes to `trueValue`. */
function noisy(name: string, baseName: string, optimum: number, range: number): BenchFunction {
  return {
    name,
    optimum,
    isPublic: false,
    make: (seed) => {
      const rng = new Rng(`noise/${seed}`);
      const base = byName(baseName).make(seed);
      return (t) => {
        const v = base(t);
        t.setUserAttr("trueValue", v);
        return v + 0.02 * range * rng.normal();
      };
    },
  };
}

/** Looks up functions by name (comma-separated), or all of them / the public ones. */
export function selectFunctions(spec: string | undefined): BenchFunction[] {
  if (spec === undefined || spec === "public") return FUNCTIONS.filter((f) => f.isPublic);
  if (spec === "all") return [...FUNCTIONS];
  if (spec === "noisy") return FUNCTIONS.filter((f) => f.name.startsWith("noisy_") || f.name.startsWith("flat_"));
  if (spec === "unseen") return FUNCTIONS.filter((f) => !f.isPublic && !f.name.startsWith("noisy_") && !f.name.startsWith("flat_"));
  return spec.split(",").map((n) => {
    const f = FUNCTIONS.find((x) => x.name === n.trim());
    if (!f) throw new Error(`unknown function "${n}"; known: ${FUNCTIONS.map((x) => x.name).join(", ")}`);
    return f;
  });
}
