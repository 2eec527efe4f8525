"""Logistic regression on the churn table by plain gradient descent (stdlib only).

Run it through the workbench (`mlops run py-linear --param lr=0.5`), which puts mlops_workbench on PYTHONPATH.
"""
import argparse
import csv
import json
import math
import os
import tempfile

from mlops_workbench import log_artifact, log_metric, log_param

HERE = os.path.dirname(os.path.abspath(__file__))
NUMERIC = ["age", "income", "tenure_months", "support_calls"]
PLANS = ["basic", "pro", "enterprise"]


def load_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def fit_scaler(rows):
    scaler = {}
    for column in NUMERIC:
        values = [float(r[column]) for r in rows if r[column] != ""]
        mean = sum(values) / len(values)
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) or 1.0
        scaler[column] = (mean, std)
    return scaler


def features(row, scaler):
    x = []
    for column in NUMERIC:
        mean, std = scaler[column]
        value = float(row[column]) if row[column] != "" else mean
        x.append((value - mean) / std)
    x.extend(1.0 if row["plan"] == plan else 0.0 for plan in PLANS)
    return x


def sigmoid(z):
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def evaluate(weights, bias, xs, ys):
    loss, correct = 0.0, 0
    for x, y in zip(xs, ys):
        p = min(max(sigmoid(sum(w * v for w, v in zip(weights, x)) + bias), 1e-12), 1 - 1e-12)
        loss -= y * math.log(p) + (1 - y) * math.log(1 - p)
        correct += (p >= 0.5) == (y == 1)
    return loss / len(ys), correct / len(ys)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lr", type=float, default=0.5)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--data", default=os.path.join(HERE, "data", "train.csv"))
    args = parser.parse_args()

    rows = load_rows(args.data)
    train_rows = [r for i, r in enumerate(rows) if i % 5 != 0]
    val_rows = [r for i, r in enumerate(rows) if i % 5 == 0]
    scaler = fit_scaler(train_rows)
    xs = [features(r, scaler) for r in train_rows]
    ys = [int(r["churned"]) for r in train_rows]
    val_xs = [features(r, scaler) for r in val_rows]
    val_ys = [int(r["churned"]) for r in val_rows]
    log_param("model", "logistic-regression")
    log_param("features", len(xs[0]))
    log_param("train_rows", len(xs))

    weights, bias = [0.0] * len(xs[0]), 0.0
    for epoch in range(1, args.epochs + 1):
        grad_w, grad_b = [0.0] * len(weights), 0.0
        for x, y in zip(xs, ys):
            error = sigmoid(sum(w * v for w, v in zip(weights, x)) + bias) - y
            grad_w = [g + error * v for g, v in zip(grad_w, x)]
            grad_b += error
        weights = [w - args.lr * g / len(xs) for w, g in zip(weights, grad_w)]
        bias -= args.lr * grad_b / len(xs)
        loss, accuracy = evaluate(weights, bias, xs, ys)
        val_loss, val_accuracy = evaluate(weights, bias, val_xs, val_ys)
        log_metric("loss", loss, step=epoch)
        log_metric("accuracy", accuracy, step=epoch)
        log_metric("val_loss", val_loss, step=epoch)
        log_metric("val_accuracy", val_accuracy, step=epoch)
        print(f"epoch {epoch}: loss {loss:.4f} val_accuracy {val_accuracy:.4f}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        model_path = os.path.join(tmp, "model.json")
        with open(model_path, "w") as f:
            json.dump({"weights": weights, "bias": bias, "scaler": scaler, "plans": PLANS, "numeric": NUMERIC}, f, indent=2)
        log_artifact(model_path)


if __name__ == "__main__":
    main()
