"""The benchmark objective of sweep.bench.ts, for Optuna: TPESampler and RandomSampler, 40 trials, seeds 0..19."""
import json
import math
import sys

import optuna

PENALTY = {"relu": 0.0, "gelu": 0.02, "tanh": 0.08, "sigmoid": 0.25}


def objective(trial):
    lr = math.log10(trial.suggest_float("lr", 1e-5, 1e-1, log=True))
    dropout = trial.suggest_float("dropout", 0.0, 0.6)
    layers = trial.suggest_int("layers", 1, 8)
    activation = trial.suggest_categorical("activation", ["relu", "tanh", "gelu", "sigmoid"])
    return 0.1 + 0.15 * (lr + 3) ** 2 + 0.8 * (dropout - 0.25) ** 2 + 0.02 * (layers - 5) ** 2 + 0.03 * (layers - 5) * (dropout - 0.25) + PENALTY[activation]


def main():
    trials, seeds = int(sys.argv[1]), int(sys.argv[2])
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    out = {}
    for name, make in (("tpe", lambda s: optuna.samplers.TPESampler(seed=s)), ("random", lambda s: optuna.samplers.RandomSampler(seed=s))):
        bests = []
        for seed in range(seeds):
            study = optuna.create_study(direction="minimize", sampler=make(seed))
            study.optimize(objective, n_trials=trials)
            bests.append(study.best_value)
        out[name] = bests
    out["version"] = optuna.__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main()
