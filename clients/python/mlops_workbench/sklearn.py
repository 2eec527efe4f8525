"""scikit-learn models as run artifacts that `mlops serve` loads with no serving code:

    from mlops_workbench.sklearn import log_model
    log_model(clf, "model", input_example=X_train)

writes `artifacts/<name>/` with `model.pkl` (the pickled estimator), `mlops-model.json` (format
"mlops-sklearn-model", the scikit-learn and Python versions it was pickled with, the estimator's class) and
`schema.json` (the input columns, from `input_example` or the estimator's `feature_names_in_`), and logs the
estimator's `get_params()` as params under `model.`. Register the folder (`mlops register`) and serve it.
"""

import json
import os
import pickle
import platform
import shutil
import tempfile

from . import get_run
from ._params import plain_value

FORMAT = "mlops-sklearn-model"
FORMAT_VERSION = 1


def _columns(estimator, input_example):
    """[{name, type}] of the model's input, from a DataFrame, a 2-D array, or the fitted estimator."""
    if input_example is not None and hasattr(input_example, "dtypes") and hasattr(input_example, "columns"):
        cols = []
        for name, dtype in zip(input_example.columns, input_example.dtypes):
            if getattr(dtype, "kind", "O") in "biuf":
                column = input_example[name]
                cols.append({"name": str(name), "type": "number", "min": float(column.min()), "max": float(column.max())})
            else:
                values = sorted({str(v) for v in input_example[name].dropna().unique()})
                cols.append({"name": str(name), "type": "category", "categories": values})
        return cols
    names = getattr(estimator, "feature_names_in_", None)
    if names is not None:
        return [{"name": str(n), "type": "number"} for n in names]
    width = None
    if input_example is not None and getattr(input_example, "ndim", 0) == 2:
        width = input_example.shape[1]
    width = width or getattr(estimator, "n_features_in_", None)
    return [{"name": "x%d" % i, "type": "number"} for i in range(width or 0)]


def _task(estimator):
    kind = getattr(estimator, "_estimator_type", None)
    return "classification" if kind == "classifier" else "regression" if kind == "regressor" else None


def log_model(estimator, name="model", input_example=None, run=None):
    """Saves `estimator` into the run's artifacts/<name>/ and logs its params; returns the artifact folder."""
    import sklearn

    run = run or get_run()
    params = estimator.get_params(deep=False)
    run.log_params({"model": {"class": type(estimator).__name__, **{k: plain_value(v) for k, v in params.items()}}})
    tmp = tempfile.mkdtemp(prefix="mlops-sklearn-")
    try:
        with open(os.path.join(tmp, "model.pkl"), "wb") as f:
            pickle.dump(estimator, f, protocol=pickle.HIGHEST_PROTOCOL)
        meta = {
            "format": FORMAT, "formatVersion": FORMAT_VERSION, "file": "model.pkl", "serialization": "pickle",
            "estimator": "%s.%s" % (type(estimator).__module__, type(estimator).__qualname__),
            "sklearnVersion": sklearn.__version__, "pythonVersion": platform.python_version(), "task": _task(estimator),
        }
        classes = getattr(estimator, "classes_", None)
        if classes is not None:
            meta["classes"] = [plain_value(c) for c in classes]
        with open(os.path.join(tmp, "mlops-model.json"), "w") as f:
            json.dump(meta, f, indent=2)
        schema = {"formatVersion": 1, "columns": _columns(estimator, input_example),
                  "label": {"name": "prediction", "task": meta["task"] or "regression"}}
        with open(os.path.join(tmp, "schema.json"), "w") as f:
            json.dump(schema, f, indent=2)
        return run.log_artifact(tmp, name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
