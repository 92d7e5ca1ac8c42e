"""Optuna (Debian's 3.1) on the multi-objective bench problems (bench/_mo-functions.ts), for
per-run ranking: python3 bench/optuna_mo.py [seeds] [trials] > bench/baselines/optuna-3.1-mo.json.
Hypervolume of the non-dominated set after 50/100/200 trials against the same reference points."""
import json, math, sys, time
import numpy as np
import optuna
from optuna._hypervolume import WFG

optuna.logging.set_verbosity(optuna.logging.ERROR)

def zdt(kind):
    def f(trial):
        x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(10)]
        g = 1 + sum(x[1:])
        r = x[0] / g
        h = 1 - math.sqrt(r) if kind == 1 else 1 - r * r if kind == 2 else 1 - math.sqrt(r) - r * math.sin(10 * math.pi * x[0])
        return x[0], g * h
    return f

def dtlz2(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(8)]
    g = sum((v - 0.5) ** 2 for v in x[2:])
    a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
    return (1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)

ACT_E = {"relu": 0, "tanh": 0.5, "sigmoid": 1.5}
ACT_C = {"relu": 0.1, "tanh": 0.3, "sigmoid": 0}

def mixed(trial):
    act = trial.suggest_categorical("act", ["relu", "tanh", "sigmoid"])
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    layers = trial.suggest_int("layers", 1, 8)
    dropout = trial.suggest_float("dropout", 0, 0.5)
    return (math.log10(lr) + 3) ** 2 / 4 + ACT_E[act] + 4 * (dropout - 0.2) ** 2 + 2 / layers, layers / 8 + ACT_C[act]

PROBLEMS = {"zdt1": (zdt(1), [1.1, 11]), "zdt2": (zdt(2), [1.1, 11]), "zdt3": (zdt(3), [1.1, 11]),
            "dtlz2": (dtlz2, [1.1, 1.1, 1.1]), "mixed": (mixed, [5, 1.5])}

def hv(vals, ref):
    ref = np.array(ref)
    pts = np.array([v for v in vals if all(a < r for a, r in zip(v, ref))])
    return 0.0 if len(pts) == 0 else float(WFG().compute(pts, ref))

seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
only = sys.argv[3].split(",") if len(sys.argv) > 3 else list(PROBLEMS)
out = {"impl": f"optuna {optuna.__version__}", "sampler": "TPESampler(seed=seed) (multi-objective: MOTPE split + HV weights)", "results": {}}
for name in only:
    f, ref = PROBLEMS[name]
    runs = []
    for seed in range(seeds):
        st = optuna.create_study(directions=["minimize"] * len(ref), sampler=optuna.samplers.TPESampler(seed=seed))
        t0 = time.time()
        st.optimize(f, n_trials=n)
        ms = (time.time() - t0) * 1000 / n
        vals = [t.values for t in st.trials]
        runs.append({"hv": [hv(vals[:c], ref) for c in (50, 100, 200) if c <= n], "msPerTrial": ms})
        print(name, seed, runs[-1], file=sys.stderr)
    out["results"][name] = runs
print(json.dumps(out, indent=1))
