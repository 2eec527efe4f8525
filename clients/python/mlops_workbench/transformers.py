"""Hugging Face Trainer callback: `Trainer(..., callbacks=[MLOpsCallback()])` logs TrainingArguments as params and
every `logs` dict the Trainer emits (loss, learning_rate, eval_*) as metrics at the global step."""

try:
    from transformers import TrainerCallback as _TrainerCallback
except ImportError as _err:  # pragma: no cover - depends on the environment
    raise ImportError("mlops_workbench.transformers needs Hugging Face transformers (pip install transformers): %s" % _err)

from . import get_run
from ._params import plain_params, scalar


class MLOpsCallback(_TrainerCallback):
    def __init__(self, run=None, log_model_config=True):
        self._run = run
        self._log_model_config = log_model_config

    @property
    def run(self):
        if self._run is None:
            self._run = get_run()
        return self._run

    def on_train_begin(self, args, state, control, model=None, **kwargs):
        if not state.is_world_process_zero:
            return
        params = {"trainer": plain_params(args)}
        config = getattr(model, "config", None)
        if self._log_model_config and config is not None:
            params["model"] = plain_params(config)
        self.run.log_params(params)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not state.is_world_process_zero:
            return
        for key, value in (logs or {}).items():
            number = scalar(value)
            if number is not None:
                self.run.log_metric(key, number, step=state.global_step)

    def on_train_end(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            self.run.flush()
