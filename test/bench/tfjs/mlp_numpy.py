"""Peer for the tfjs throughput benchmark: the same MLP 784-128-10 (ReLU, softmax, cross-entropy, Adam) written by
hand in numpy float32, timed the same way (median samples/s of 3 timed runs of training steps). Prints one JSON line."""
import json
import os
import sys
import time

import numpy as np

BATCH, IN, HIDDEN, OUT = 128, 784, 128, 10
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 50
rng = np.random.default_rng(0)
x = rng.standard_normal((BATCH * 8, IN), dtype=np.float32)
labels = rng.integers(0, OUT, BATCH * 8)
y = np.eye(OUT, dtype=np.float32)[labels]


def glorot(n_in, n_out):
    limit = np.sqrt(6 / (n_in + n_out))
    return rng.uniform(-limit, limit, (n_in, n_out)).astype(np.float32)


params = [glorot(IN, HIDDEN), np.zeros(HIDDEN, np.float32), glorot(HIDDEN, OUT), np.zeros(OUT, np.float32)]
m = [np.zeros_like(p) for p in params]
v = [np.zeros_like(p) for p in params]
lr, b1, b2, eps = np.float32(1e-3), np.float32(0.9), np.float32(0.999), np.float32(1e-7)


def step(t, xb, yb):
    w1, c1, w2, c2 = params
    h = xb @ w1 + c1
    a = np.maximum(h, 0)
    logits = a @ w2 + c2
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    loss = -np.mean(np.sum(yb * np.log(p + 1e-7), axis=1))
    d_logits = (p - yb) / np.float32(len(xb))
    grads = [None, None, a.T @ d_logits, d_logits.sum(axis=0)]
    d_a = d_logits @ w2.T
    d_h = d_a * (h > 0)
    grads[0] = xb.T @ d_h
    grads[1] = d_h.sum(axis=0)
    for i, g in enumerate(grads):
        m[i] = b1 * m[i] + (1 - b1) * g
        v[i] = b2 * v[i] + (1 - b2) * g * g
        m_hat = m[i] / (1 - b1 ** t)
        v_hat = v[i] / (1 - b2 ** t)
        params[i] -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return loss


def batch(i):
    s = (i % 8) * BATCH
    return x[s:s + BATCH], y[s:s + BATCH]


for i in range(3):
    step(i + 1, *batch(i))
rates = []
t = 4
for _ in range(3):
    start = time.perf_counter()
    for i in range(steps):
        loss = step(t, *batch(i))
        t += 1
    rates.append(steps * BATCH / (time.perf_counter() - start))
threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
print(json.dumps({"runtime": f"numpy {np.__version__} (BLAS threads: {threads})", "samplesPerSec": sorted(rates)[1], "loss": float(loss)}))
