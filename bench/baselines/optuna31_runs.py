"""Per-run regrets of Optuna 3.1's default TPESampler on parzen's bench functions.

Run with Debian's python3-optuna 3.1: /usr/bin/python3 bench/baselines/optuna31_runs.py [seeds]
Writes bench/baselines/optuna-3.1-runs.json: for each function, the regret after 25/50/100
trials of every seed (the bench's rank needs per-run data, which the shared medians lack), and,
for flat_cat_branin, the share of the most drawn choice of the ignored categorical in trials
50..99. Same functions, parameter names, noise rule (2% of the range) and scoring as
bench/functions.ts (noise streams differ: NumPy vs parzen's Rng).
"""
import json
import math
import os
import sys
import time

import numpy as np
import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)

HA = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HP = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
      [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
HALPHA = [1, 1.2, 3, 3.2]


def floats(t, n, lo, hi):
    return [t.suggest_float(f"x{i}", lo, hi) for i in range(n)]


def branin(t):
    x0 = t.suggest_float("x0", -5, 10)
    x1 = t.suggest_float("x1", 0, 15)
    return (x1 - 5.1 / (4 * math.pi ** 2) * x0 ** 2 + 5 / math.pi * x0 - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x0) + 10


def hartmann6(t):
    x = floats(t, 6, 0, 1)
    return -sum(HALPHA[i] * math.exp(-sum(HA[i][j] * (x[j] - HP[i][j]) ** 2 for j in range(6))) for i in range(4))


def rosen(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def mixed_hpo(t):
    lr = t.suggest_float("lr", 1e-5, 1e-1, log=True)
    layers = t.suggest_int("layers", 1, 8)
    act = t.suggest_categorical("act", ["relu", "tanh", "sigmoid"])
    dropout = t.suggest_float("dropout", 0, 0.5)
    return (math.log10(lr) + 3) ** 2 + 0.3 * (layers - 4) ** 2 + {"relu": 0, "tanh": 0.5, "sigmoid": 1.5}[act] + 4 * (dropout - 0.2) ** 2


def conditional(t):
    if t.suggest_categorical("model", ["linear", "tree"]) == "linear":
        return (math.log10(t.suggest_float("c", 1e-4, 1e2, log=True)) - 1) ** 2 + 0.5
    depth = t.suggest_int("depth", 1, 32)
    ms = t.suggest_float("min_split", 0, 1)
    return ((depth - 12) / 8) ** 2 + (ms - 0.3) ** 2


def ackley(x):
    d = len(x)
    return -20 * math.exp(-0.2 * math.sqrt(sum(v * v for v in x) / d)) - math.exp(sum(math.cos(2 * math.pi * v) for v in x) / d) + 20 + math.e


def levy(x):
    w = [1 + (v - 1) / 4 for v in x]
    s = math.sin(math.pi * w[0]) ** 2
    for wi in w[:-1]:
        s += (wi - 1) ** 2 * (1 + 10 * math.sin(math.pi * wi + 1) ** 2)
    return s + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)


def goldstein(t):
    x = t.suggest_float("x", -2, 2)
    y = t.suggest_float("y", -2, 2)
    a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y)
    b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y)
    return a * b


def camel(t):
    x = t.suggest_float("x", -3, 3)
    y = t.suggest_float("y", -2, 2)
    return (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y


def int_quadratic(t):
    a = t.suggest_int("a", -20, 20)
    b = t.suggest_int("b", 0, 100, step=5)
    c = t.suggest_int("c", 1, 1024, log=True)
    d = t.suggest_float("d", 0, 1, step=0.05)
    return (a - 7) ** 2 / 40 + ((b - 35) / 10) ** 2 + (math.log2(c) - 6) ** 2 / 4 + 10 * (d - 0.65) ** 2


def small_discrete(t):
    opt = t.suggest_categorical("opt", ["sgd", "adam", "rmsprop", "adagrad"])
    bs = t.suggest_int("bs", 16, 256, log=True)
    k = t.suggest_int("k", 1, 5, step=2)
    return {"sgd": 0.6, "adam": 0, "rmsprop": 0.2, "adagrad": 0.9}[opt] + abs(math.log2(bs) - 6) * 0.25 + abs(k - 3) * 0.3


def flat_cat(t):
    t.suggest_categorical("unused", ["a", "b", "c", "d"])
    return branin(t)


FUNCS = {
    "branin": (branin, 0.3978873577297384),
    "hartmann6": (hartmann6, -3.3223680114155147),
    "rosenbrock4": (lambda t: rosen(floats(t, 4, -5, 10)), 0.0),
    "styblinski_tang5": (lambda t: 0.5 * sum(v ** 4 - 16 * v ** 2 + 5 * v for v in floats(t, 5, -5, 5)), -195.83082851885),
    "mixed_hpo": (mixed_hpo, 0.0),
    "conditional": (conditional, 0.0),
    "ackley5": (lambda t: ackley(floats(t, 5, -32.768, 32.768)), 0.0),
    "levy4": (lambda t: levy(floats(t, 4, -10, 10)), 0.0),
    "rastrigin8": (lambda t: sum(v * v - 10 * math.cos(2 * math.pi * v) + 10 for v in floats(t, 8, -5.12, 5.12)), 0.0),
    "ellipsoid10": (lambda t: sum(10 ** (3 * i / 9) * (v - 1) ** 2 for i, v in enumerate(floats(t, 10, -5, 5))), 0.0),
    "goldstein_price": (goldstein, 3.0),
    "six_hump_camel": (camel, -1.031628453489877),
    "rosenbrock8": (lambda t: rosen(floats(t, 8, -5, 10)), 0.0),
    "sphere20_int": (lambda t: sum((t.suggest_int(f"k{i}", -10, 10) - 3) ** 2 for i in range(20)), 0.0),
    "int_quadratic": (int_quadratic, 0.0),
    "small_discrete": (small_discrete, 0.0),
    "flat_cat_branin": (flat_cat, 0.3978873577297384),
}
NOISY = {"noisy_hartmann6": ("hartmann6", 3.3224), "noisy_branin": ("branin", 307.7), "noisy_mixed_hpo": ("mixed_hpo", 10.66)}


def objective_for(name, seed):
    if name in NOISY:
        base_name, rng_range = NOISY[name]
        base = FUNCS[base_name][0]
        rs = np.random.RandomState(10007 + seed)

        def f(t):
            v = base(t)
            t.set_user_attr("trueValue", v)
            return v + 0.02 * rng_range * rs.normal()

        return f, FUNCS[base_name][1]
    return FUNCS[name]


def run(name, seed, n_trials=100):
    f, opt = objective_for(name, seed)
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
    study.optimize(f, n_trials=n_trials)
    out, best = [], None
    for t in study.trials:
        if t.state == optuna.trial.TrialState.COMPLETE and (best is None or t.value < best.value):
            best = t
        if t.number + 1 in (25, 50, 100):
            out.append(best.user_attrs.get("trueValue", best.value) - opt)
    share = None
    if name == "flat_cat_branin":
        late = [t.params["unused"] for t in study.trials[50:100]]
        share = max(late.count(c) for c in "abcd") / len(late)
    return out, share


def main():
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    names = sys.argv[2].split(",") if len(sys.argv) > 2 else list(FUNCS) + list(NOISY)
    res = {"impl": "optuna-" + optuna.__version__, "sampler": "TPESampler(seed) defaults", "seeds": seeds, "runs": {}, "flatCatShare": []}
    t0 = time.time()
    for name in names:
        runs = []
        for s in range(seeds):
            r, share = run(name, s)
            runs.append(r)
            if share is not None:
                res["flatCatShare"].append(share)
        res["runs"][name] = runs
        print(name, "median@100", float(np.median([r[2] for r in runs])), f"{time.time() - t0:.0f}s", flush=True)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optuna-3.1-runs.json")
    with open(path, "w") as fh:
        json.dump(res, fh, indent=1)
    print("wrote", path)


if __name__ == "__main__":
    main()
