"""PyTorch Lightning logger: `Trainer(logger=MLOpsLogger())` logs hyperparameters and metrics to an MLOps run.

Works with both packages Lightning ships as: `lightning.pytorch` and `pytorch_lightning`. `MLOpsLogger` subclasses the
Logger of whichever is already imported (lightning.pytorch first), else of whichever is installed; for the other one
ask for it by name: `logger_class("pytorch_lightning")(...)`. Under `mlops run` it logs to the run the runner made;
on its own it creates a run (see the package docs for how that run's experiment is named).
"""

import importlib
import sys

from . import Run, get_run
from ._params import plain_params, scalar

_PACKAGES = ("lightning.pytorch", "pytorch_lightning")
_classes = {}


def _make(package):
    logger_module = importlib.import_module(package + ".loggers.logger")
    utilities = importlib.import_module(package + ".utilities")
    Logger = logger_module.Logger
    rank_zero_only = utilities.rank_zero_only
    rank_zero_experiment = getattr(logger_module, "rank_zero_experiment", lambda fn: fn)

    class MLOpsLogger(Logger):
        """Logs `self.log(...)` metrics (with the trainer's global step) and `save_hyperparameters()` params."""

        def __init__(self, experiment=None, name=None, tags=None, prefix=""):
            super().__init__()
            self._experiment_name = experiment
            self._run_name = name
            self._tags = tags
            self._prefix = prefix
            self._run = None
            self._own_run = False

        @property
        def name(self):
            return self._run_name or "mlops"

        @property
        def version(self):
            return self.experiment.run_id

        @property
        @rank_zero_experiment
        def experiment(self):
            """The mlops_workbench Run it logs to."""
            if self._run is None:
                if self._experiment_name or self._run_name or self._tags:
                    self._run = Run(experiment=self._experiment_name, name=self._run_name, tags=self._tags)
                    self._own_run = True
                else:
                    self._run = get_run()
            return self._run

        @rank_zero_only
        def log_hyperparams(self, params, *args, **kwargs):
            self.experiment.log_params(plain_params(params))

        @rank_zero_only
        def log_metrics(self, metrics, step=None):
            for key, value in metrics.items():
                number = scalar(value)
                if number is None:
                    continue
                name = (self._prefix + "/" + key) if self._prefix else key
                self.experiment.log_metric(name, number, step=step)

        @rank_zero_only
        def save(self):
            if self._run is not None:
                self._run.flush()

        @rank_zero_only
        def finalize(self, status):
            if self._run is None:
                return
            if self._own_run:
                self._run.end_run("completed" if status in ("success", "finished") else "failed")
            else:
                self._run.flush()

    MLOpsLogger.__module__ = __name__
    MLOpsLogger.__qualname__ = "MLOpsLogger"
    return MLOpsLogger


def logger_class(package=None):
    """The MLOpsLogger class for `package` ("lightning.pytorch" or "pytorch_lightning"; default: see the module doc)."""
    if package is None:
        imported = [p for p in _PACKAGES if p in sys.modules]
        candidates = imported + [p for p in _PACKAGES if p not in imported]
    else:
        candidates = [package]
    errors = []
    for name in candidates:
        if name in _classes:
            return _classes[name]
        try:
            _classes[name] = _make(name)
            return _classes[name]
        except ImportError as err:
            errors.append("%s: %s" % (name, err))
    raise ImportError("mlops_workbench.lightning needs PyTorch Lightning (pip install lightning, or pytorch-lightning); "
                      + "; ".join(errors))


def __getattr__(attr):
    if attr == "MLOpsLogger":
        return logger_class()
    raise AttributeError("module %r has no attribute %r" % (__name__, attr))
