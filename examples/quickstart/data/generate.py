"""Generates the quickstart's synthetic churn tables (deterministic; stdlib only).

    python3 data/generate.py            # writes data/train.csv, data/test.csv and data/current.csv

Churn is more likely with many support calls, short tenure, the basic plan and lower income.
current.csv is drawn from a shifted population (older customers, more support calls) for drift demos.
"""
import csv
import math
import os
import random

COLUMNS = ["age", "income", "plan", "tenure_months", "support_calls", "churned"]


def customer(rng, shift=False):
    age = min(80, max(18, round(rng.gauss(50 if shift else 42, 12))))
    income = round(math.exp(rng.gauss(11.0 + 0.004 * (age - 42), 0.45)), -2)
    plan_draw = rng.random() + (income - 60000) / 200000
    plan = "basic" if plan_draw < 0.5 else "pro" if plan_draw < 0.88 else "enterprise"
    tenure = min(72, 1 + int(rng.expovariate(1 / 20)))
    calls = poisson(rng, 3.2 if shift else 2.0)
    logit = 1.8 * (
        -0.4
        + 0.9 * (calls - 2)
        - 0.07 * (tenure - 20)
        + {"basic": 0.9, "pro": 0.0, "enterprise": -1.3}[plan]
        - 0.6 * (income - 60000) / 25000
        + 0.01 * (age - 42)
    )
    churned = 1 if rng.random() < 1 / (1 + math.exp(-logit)) else 0
    shown_income = "" if rng.random() < 0.02 else int(income)
    return [age, shown_income, plan, tenure, calls, churned]


def poisson(rng, mean):
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def write(path, rows):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(20261125)
    write(os.path.join(here, "train.csv"), [customer(rng) for _ in range(2000)])
    write(os.path.join(here, "test.csv"), [customer(rng) for _ in range(500)])
    write(os.path.join(here, "current.csv"), [customer(rng, shift=True) for _ in range(500)])


if __name__ == "__main__":
    main()
