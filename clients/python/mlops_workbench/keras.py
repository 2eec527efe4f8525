"""Keras callback: `model.fit(..., callbacks=[MLOpsCallback()])` logs each epoch's logs (loss, accuracy, val_*) at
the epoch index, and optionally every Nth batch's at the global batch index (`log_every_n_batches`)."""

try:
    import keras as _keras
    _Callback = _keras.callbacks.Callback
except ImportError:
    try:
        from tensorflow import keras as _keras
        _Callback = _keras.callbacks.Callback
    except ImportError as _err:  # pragma: no cover - depends on the environment
        raise ImportError("mlops_workbench.keras needs Keras (pip install keras, or tensorflow): %s" % _err)

from . import get_run
from ._params import plain_value, scalar


class MLOpsCallback(_Callback):
    def __init__(self, run=None, log_every_n_batches=0):
        super().__init__()
        self._run = run
        self._every = int(log_every_n_batches)
        self._batches = 0

    @property
    def run(self):
        if self._run is None:
            self._run = get_run()
        return self._run

    def on_train_begin(self, logs=None):
        params = {"fit": plain_value(dict(self.params or {}))}
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and hasattr(optimizer, "get_config"):
            params["optimizer"] = plain_value(optimizer.get_config())
        self.run.log_params(params)

    def on_train_batch_end(self, batch, logs=None):
        self._batches += 1
        if self._every and self._batches % self._every == 0:
            self._log(logs, self._batches, prefix="batch/")

    def on_epoch_end(self, epoch, logs=None):
        self._log(logs, epoch)

    def on_train_end(self, logs=None):
        self.run.flush()

    def _log(self, logs, step, prefix=""):
        for key, value in (logs or {}).items():
            number = scalar(value)
            if number is not None:
                self.run.log_metric(prefix + key, number, step=step)
