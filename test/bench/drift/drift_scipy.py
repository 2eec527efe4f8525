"""The NumPy/SciPy peer of driftBench.ts: reads two CSV files and runs the drift-spec tests per column
(Evidently's auto choice: nR > 1000 -> normed Wasserstein / Jensen-Shannon; else KS / chi-square / Z).
Prints one JSON line with reading and statistics times in seconds."""
import json
import sys
import time
import numpy as np
from scipy import stats
from scipy.spatial import distance


def read(path, categorical):
    with open(path) as f:
        header = f.readline().strip().split(',')
    if categorical:
        data = np.loadtxt(path, delimiter=',', skiprows=1, dtype=str)
    else:
        data = np.loadtxt(path, delimiter=',', skiprows=1, dtype=np.float64)
    return header, data


def shares(r, c, numerical):
    if numerical and len(np.unique(r)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([r, c]), bins='sturges')
        return np.histogram(r, bins)[0] / len(r), np.histogram(c, bins)[0] / len(c)
    keys, inv = np.unique(np.concatenate([r, c]), return_inverse=True)
    rc = np.bincount(inv[:len(r)], minlength=len(keys)) / len(r)
    cc = np.bincount(inv[len(r):], minlength=len(keys)) / len(c)
    return rc, cc


def column_drift(r, c, numerical):
    if numerical:
        r = r[np.isfinite(r)]
        c = c[np.isfinite(c)]
    u = len(np.unique(np.concatenate([r, c])))
    if len(r) > 1000:
        if numerical and u > 5:
            return 'wasserstein', stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
        rp, cp = shares(r, c, numerical)
        return 'jensenshannon', distance.jensenshannon(rp, cp)
    if numerical and u > 5:
        return 'ks', stats.ks_2samp(r, c).pvalue
    raise SystemExit('small-sample branch not used by this benchmark')


def main(ref_path, cur_path, categorical):
    t0 = time.perf_counter()
    names, ref = read(ref_path, categorical)
    _, cur = read(cur_path, categorical)
    t1 = time.perf_counter()
    scores = {}
    for j, name in enumerate(names):
        scores[name] = column_drift(ref[:, j], cur[:, j], not categorical)
    t2 = time.perf_counter()
    print(json.dumps({'read_s': t1 - t0, 'stats_s': t2 - t1, 'scores': {k: [t, float(s)] for k, (t, s) in scores.items()}}))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], len(sys.argv) > 3 and sys.argv[3] == 'categorical')
