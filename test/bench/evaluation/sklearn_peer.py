"""The peer of evaluate.bench.ts: scikit-learn computing the same metric set on the same vectors (float64 files)."""
import json
import sys
import time
import numpy as np
from sklearn import metrics as M
from sklearn.calibration import calibration_curve

d = sys.argv[1]
y = np.fromfile(f"{d}/y.f64")
s = np.fromfile(f"{d}/s.f64")
yr = np.fromfile(f"{d}/yr.f64")
pr = np.fromfile(f"{d}/pr.f64")
ym = np.fromfile(f"{d}/ym.f64").astype(int)
pm = np.fromfile(f"{d}/pm.f64").astype(int)
out = {}

t = time.perf_counter()
yi = y.astype(int)
pred = (s >= 0.5).astype(int)
res = [M.accuracy_score(yi, pred), M.precision_score(yi, pred), M.recall_score(yi, pred), M.f1_score(yi, pred), M.roc_auc_score(yi, s),
       M.average_precision_score(yi, s), M.log_loss(yi, s), M.brier_score_loss(yi, s), M.confusion_matrix(yi, pred), M.roc_curve(yi, s),
       M.precision_recall_curve(yi, s), calibration_curve(yi, s, n_bins=10)]
out["binary_ms"] = (time.perf_counter() - t) * 1000
out["binary_auc"] = res[4]

t = time.perf_counter()
res = [M.accuracy_score(ym, pm), M.precision_recall_fscore_support(ym, pm, zero_division=0), M.f1_score(ym, pm, average="macro"), M.f1_score(ym, pm, average="weighted"),
       M.precision_score(ym, pm, average="macro"), M.recall_score(ym, pm, average="macro"), M.confusion_matrix(ym, pm)]
out["multiclass_ms"] = (time.perf_counter() - t) * 1000

P = np.fromfile(f"{d}/probs.f64").reshape(len(ym), -1)
t = time.perf_counter()
am = np.argmax(P, axis=1)
res = [M.accuracy_score(ym, am), M.precision_recall_fscore_support(ym, am, zero_division=0), M.f1_score(ym, am, average="macro"), M.f1_score(ym, am, average="weighted"),
       M.precision_score(ym, am, average="macro"), M.recall_score(ym, am, average="macro"), M.confusion_matrix(ym, am),
       M.roc_auc_score(ym, P, multi_class="ovr"), M.roc_auc_score(ym, P, multi_class="ovr", average="weighted"),
       M.roc_auc_score(ym, P, multi_class="ovo"), M.roc_auc_score(ym, P, multi_class="ovo", average="weighted"),
       M.average_precision_score(ym, P, average="macro"), M.log_loss(ym, P)]
res += [M.roc_curve(ym == k, P[:, k]) for k in range(P.shape[1])] + [M.precision_recall_curve(ym == k, P[:, k]) for k in range(P.shape[1])]
out["multiclass_proba_ms"] = (time.perf_counter() - t) * 1000
out["multiclass_auc"] = res[7]

t = time.perf_counter()
res = [M.mean_absolute_error(yr, pr), M.root_mean_squared_error(yr, pr), M.r2_score(yr, pr), M.mean_absolute_percentage_error(yr, pr), np.percentile(yr - pr, [5, 25, 50, 75, 95])]
out["regression_ms"] = (time.perf_counter() - t) * 1000
print(json.dumps(out))
