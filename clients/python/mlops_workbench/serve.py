"""The serving command for Python models, so that serving needs no hand-written HTTP server (docs/serving.md):

    python -m mlops_workbench.serve                       # the model folder's own loader: sklearn or TorchScript
    python -m mlops_workbench.serve --predict pkg.mod:fn  # your function: list of row dicts -> list of predictions

The contract `mlops serve` supervises: the model folder is $MLOPS_MODEL_DIR, the port $PORT (or $MLOPS_SERVE_PORT),
bound to 127.0.0.1; GET /health answers 200 {"status": "ok"} once the model is loaded; POST /predict
{"rows": [{...}, ...]} answers {"predictions": [...]}, one per row, or 400/422 {"error": "..."}.
"""

import argparse
import importlib
import json
import os
import pickle
import sys
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 64 * 1024 * 1024


class BadRows(ValueError):
    """Rows the model cannot take: the client's fault (422)."""


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _plain(value):
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "ndim", 0) == 0:
        return item()
    tolist = getattr(value, "tolist", None)
    return tolist() if callable(tolist) else value


class SklearnModel:
    """A pickled (or joblib) scikit-learn estimator; warns when it was pickled with another scikit-learn version."""

    def __init__(self, model_dir, meta):
        import sklearn

        file = (meta or {}).get("file") or next(
            (n for n in ("model.pkl", "model.joblib", "model.pickle") if os.path.exists(os.path.join(model_dir, n))), None)
        if file is None:
            raise FileNotFoundError("no model.pkl or model.joblib in %s" % model_dir)
        path = os.path.join(model_dir, file)
        saved = (meta or {}).get("sklearnVersion")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if file.endswith(".joblib"):
                import joblib
                self.estimator = joblib.load(path)
            else:
                with open(path, "rb") as f:
                    self.estimator = pickle.load(f)
        for w in caught:
            if type(w.message).__name__ == "InconsistentVersionWarning":
                saved = saved or getattr(w.message, "original_sklearn_version", None)
        if saved and saved != sklearn.__version__:
            print("mlops serve: warning: %s was pickled with scikit-learn %s, and this environment has scikit-learn %s; "
                  "predictions may differ or fail. Serve it with scikit-learn %s, or retrain and log it again."
                  % (file, saved, sklearn.__version__, saved), file=sys.stderr, flush=True)
        schema = _read_json(os.path.join(model_dir, "schema.json")) or {}
        self.columns = [c["name"] for c in schema.get("columns", []) if isinstance(c, dict) and "name" in c]
        names = getattr(self.estimator, "feature_names_in_", None)
        if not self.columns and names is not None:
            self.columns = [str(n) for n in names]
        self.by_name = names is not None

    def predict(self, rows):
        columns = self.columns or list(rows[0].keys())
        missing = sorted({c for row in rows for c in columns if c not in row})
        if missing:
            raise BadRows("rows lack column(s) %s; the model takes %s" % (", ".join(missing), ", ".join(columns)))
        if self.by_name:
            import pandas as pd
            X = pd.DataFrame([[row[c] for c in columns] for row in rows], columns=columns)
        else:
            X = [[row[c] for c in columns] for row in rows]
        try:
            labels = self.estimator.predict(X)
        except (ValueError, TypeError) as err:
            raise BadRows(str(err))
        out = [{"prediction": _plain(v)} for v in labels]
        proba = getattr(self.estimator, "predict_proba", None)
        classes = getattr(self.estimator, "classes_", None)
        if callable(proba) and classes is not None:
            try:
                for entry, p in zip(out, proba(X)):
                    entry["probabilities"] = {str(_plain(c)): float(v) for c, v in zip(classes, p)}
            except (AttributeError, ValueError, NotImplementedError):
                pass
        return out


class TorchScriptModel:
    """A TorchScript module (torch.jit.save): rows become a float tensor, columns in schema.json's order."""

    def __init__(self, model_dir, meta):
        import torch

        self.torch = torch
        file = (meta or {}).get("file") or next(
            (n for n in ("model.pt", "model.ts", "model.pth") if os.path.exists(os.path.join(model_dir, n))), None)
        if file is None:
            raise FileNotFoundError("no model.pt in %s" % model_dir)
        self.module = torch.jit.load(os.path.join(model_dir, file), map_location="cpu")
        self.module.eval()
        schema = _read_json(os.path.join(model_dir, "schema.json")) or {}
        self.columns = [c["name"] for c in schema.get("columns", []) if isinstance(c, dict) and "name" in c]

    def predict(self, rows):
        columns = self.columns or list(rows[0].keys())
        try:
            x = self.torch.tensor([[float(row[c]) for c in columns] for row in rows], dtype=self.torch.float32)
        except (KeyError, TypeError, ValueError) as err:
            raise BadRows("rows must give a number for each of %s (%s)" % (", ".join(columns), err))
        with self.torch.no_grad():
            y = self.module(x)
        values = y.tolist()
        return [{"prediction": v[0] if isinstance(v, list) and len(v) == 1 else v} for v in values]


class FunctionModel:
    def __init__(self, spec):
        module_name, _, attr = spec.partition(":")
        if not module_name or not attr:
            raise ValueError("--predict takes module:function (e.g. serving:predict), not %r" % spec)
        sys.path.insert(0, os.getcwd())
        self.fn = getattr(importlib.import_module(module_name), attr)

    def predict(self, rows):
        out = list(self.fn(rows))
        if len(out) != len(rows):
            raise RuntimeError("%s returned %d predictions for %d rows" % (self.fn.__name__, len(out), len(rows)))
        return [_plain(v) for v in out]


LOADERS = {"mlops-sklearn-model": SklearnModel, "mlops-torchscript-model": TorchScriptModel}


def load(model_dir, predict=None):
    if predict:
        return FunctionModel(predict)
    meta = _read_json(os.path.join(model_dir, "mlops-model.json"))
    loader = LOADERS.get((meta or {}).get("format"))
    if loader is None:
        names = set(os.listdir(model_dir)) if os.path.isdir(model_dir) else set()
        if names & {"model.pkl", "model.joblib", "model.pickle"}:
            loader = SklearnModel
        elif names & {"model.pt", "model.ts", "model.pth"}:
            loader = TorchScriptModel
        else:
            raise SystemExit("mlops serve: %s holds no model this server can load (model.pkl, model.joblib, a "
                             "TorchScript model.pt, or mlops-model.json); give serve: {python: module:function}"
                             % model_dir)
    return loader(model_dir, meta)


def make_handler(model):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self, status, body):
            text = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

        def do_GET(self):
            if self.path.split("?")[0] == "/health":
                self._answer(200, {"status": "ok"})
            else:
                self._answer(404, {"error": "no route %s: use GET /health or POST /predict" % self.path})

        def do_POST(self):
            if self.path.split("?")[0] != "/predict":
                return self._answer(404, {"error": "no route %s: use POST /predict" % self.path})
            length = int(self.headers.get("content-length") or 0)
            if length > MAX_BODY:
                return self._answer(413, {"error": "body over %d bytes" % MAX_BODY})
            try:
                body = json.loads(self.rfile.read(length) or b"null")
            except ValueError:
                return self._answer(400, {"error": "the body is not JSON"})
            rows = body.get("rows") if isinstance(body, dict) and "rows" in body else body
            rows = [rows] if isinstance(rows, dict) else rows
            if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
                return self._answer(400, {"error": 'send {"rows": [{...}, ...]}: a list of row objects'})
            try:
                self._answer(200, {"predictions": model.predict(rows)})
            except BadRows as err:
                self._answer(422, {"error": str(err)})
            except Exception as err:  # the user's model failed: say so, keep serving
                self._answer(500, {"error": "%s: %s" % (type(err).__name__, err)})

    return Handler


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m mlops_workbench.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--predict", help="module:function taking a list of row dicts, returning a list of predictions")
    parser.add_argument("--model-dir", default=os.environ.get("MLOPS_MODEL_DIR", "."))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or os.environ.get("MLOPS_SERVE_PORT") or 8080))
    args = parser.parse_args(argv)
    model = load(args.model_dir, args.predict)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(model))
    print("mlops serve: %s on http://127.0.0.1:%d" % (type(model).__name__, args.port), file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
