"""Writes a large CSV for profileBench.ts (default ~1 GB: 5,200,000 rows x 18 numeric + 2 categorical columns)
to /tmp/mlops-profile-bench/big.csv, in blocks so the generator's own memory stays small."""
import os
import sys
import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else '/tmp/mlops-profile-bench/big.csv'
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 5_200_000
os.makedirs(os.path.dirname(path), exist_ok=True)
rng = np.random.default_rng(3)
plans = np.array(['basic', 'pro', 'team', 'enterprise'])
with open(path, 'w') as f:
    f.write(','.join([f'x{i}' for i in range(18)] + ['plan', 'region']) + '\n')
    block = 200_000
    for start in range(0, rows, block):
        n = min(block, rows - start)
        x = rng.normal(size=(n, 18)) * 100
        x[rng.random((n, 18)) < 0.01] = np.nan
        cols = [np.char.mod('%.6f', x[:, j]) for j in range(18)]
        for j in range(18):
            cols[j][np.isnan(x[:, j])] = ''
        cols.append(plans[rng.integers(0, 4, n)])
        cols.append(np.char.add('r', rng.integers(0, 50, n).astype(str)))
        f.write('\n'.join(','.join(r) for r in zip(*cols)) + '\n')
print(path, os.path.getsize(path) / 1e9, 'GB')
