"""Writes the drift benchmark inputs under /tmp/mlops-drift-bench (never into git):
num_ref.csv / num_cur.csv: 1,000,000 rows x 20 float columns (half of them shifted in current);
cat_ref.csv / cat_cur.csv: 1,000,000 rows x 5 categorical string columns (two with changed frequencies), unless
the third argument is `numeric`."""
import os
import sys
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else '/tmp/mlops-drift-bench'
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)


def write_numeric(path, shift):
    x = rng.normal(size=(rows, 20))
    x[:, :10] += shift
    np.savetxt(path, x, fmt='%.6f', delimiter=',', header=','.join(f'f{i}' for i in range(20)), comments='')


def write_categorical(path, skew):
    cols = []
    for j in range(5):
        k = 4 + 3 * j
        p = np.ones(k)
        if j < 2:
            p[0] += skew
        p /= p.sum()
        cols.append(np.array([f'c{j}_v{v}' for v in range(k)])[rng.choice(k, size=rows, p=p)])
    with open(path, 'w') as f:
        f.write(','.join(f'cat{j}' for j in range(5)) + '\n')
        f.write('\n'.join(','.join(r) for r in zip(*cols)))
        f.write('\n')


write_numeric(f'{out}/num_ref.csv', 0.0)
write_numeric(f'{out}/num_cur.csv', 0.3)
if 'numeric' not in sys.argv[3:]:
    write_categorical(f'{out}/cat_ref.csv', 0.0)
    write_categorical(f'{out}/cat_cur.csv', 1.0)
print('written to', out)
