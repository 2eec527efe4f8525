"""A drop-in `SummaryWriter` that also logs through the client: change only the import,

    from mlops_workbench.tensorboard import SummaryWriter   # was: from torch.utils.tensorboard import SummaryWriter

and `add_scalar`, `add_scalars` and `add_hparams` go to the MLOps run as well as to the event files. It wraps
torch.utils.tensorboard's writer, else tensorboardX's; with neither installed it logs through the client only (and
says so once), so the script still runs. Everything else (images, histograms, graphs) goes to the event files only.
"""

import warnings

from . import get_run
from ._params import plain_params, scalar

try:
    from torch.utils.tensorboard import SummaryWriter as _Base
except ImportError:
    try:
        from tensorboardX import SummaryWriter as _Base
    except ImportError:
        _Base = None


class _ClientOnly:
    def __init__(self, *args, **kwargs):
        warnings.warn("mlops_workbench.tensorboard: neither torch.utils.tensorboard nor tensorboardX is installed; "
                      "scalars and hparams are logged to the MLOps run only, and no event files are written",
                      stacklevel=2)

    def add_scalar(self, *args, **kwargs):
        pass

    def add_scalars(self, *args, **kwargs):
        pass

    def add_hparams(self, *args, **kwargs):
        pass

    def flush(self):
        pass

    def close(self):
        pass

    def __getattr__(self, name):
        if name.startswith("add_"):
            return lambda *args, **kwargs: None
        raise AttributeError(name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class SummaryWriter(_Base or _ClientOnly):
    def __init__(self, *args, run=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._mlops_run = run
        self._mlops_steps = {}

    @property
    def mlops_run(self):
        if self._mlops_run is None:
            self._mlops_run = get_run()
        return self._mlops_run

    def _mlops_log(self, tag, value, step):
        number = scalar(value)
        if number is None:
            return
        if step is None:
            step = self._mlops_steps.get(tag, -1) + 1
        self._mlops_steps[tag] = int(step)
        self.mlops_run.log_metric(tag, number, step=int(step))

    def add_scalar(self, tag, scalar_value, global_step=None, *args, **kwargs):
        super().add_scalar(tag, scalar_value, global_step, *args, **kwargs)
        self._mlops_log(tag, scalar_value, global_step)

    def add_scalars(self, main_tag, tag_scalar_dict, global_step=None, *args, **kwargs):
        super().add_scalars(main_tag, tag_scalar_dict, global_step, *args, **kwargs)
        for tag, value in tag_scalar_dict.items():
            self._mlops_log("%s/%s" % (main_tag, tag), value, global_step)

    def add_hparams(self, hparam_dict, metric_dict, *args, **kwargs):
        super().add_hparams(hparam_dict, metric_dict, *args, **kwargs)
        self.mlops_run.log_params(plain_params(hparam_dict))
        values = {k: scalar(v) for k, v in (metric_dict or {}).items()}
        self.mlops_run.log_summary({k: v for k, v in values.items() if v is not None})

    def flush(self):
        super().flush()
        if self._mlops_run is not None:
            self._mlops_run.flush()

    def close(self):
        super().close()
        if self._mlops_run is not None:
            self._mlops_run.flush()
