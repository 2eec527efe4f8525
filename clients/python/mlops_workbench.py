"""MLOps Workbench logging client for Python (stdlib only, Python >= 3.8).

Writes params, metrics and artifacts in the dvclive-compatible layout that MLOps Workbench reads:

    from mlops_workbench import log_params, log_metric, log_artifact

    log_params({"lr": 0.01, "epochs": 5})
    for epoch in range(5):
        log_metric("train/loss", loss, step=epoch)
    log_artifact("model.pt")

Under `mlops run` (or the VS Code extension) the run folder comes from MLOPS_RUN_DIR. Run on its own, the client
creates a run in ./.mlops/runs/ and records its status itself, so the run still shows up in the workspace.
"""

import atexit
import json
import math
import os
import random
import shutil
import sys
import threading
import time

__all__ = ["Run", "flush", "log_param", "log_params", "log_metric", "log_metrics", "log_artifact", "log_summary", "get_run", "params"]

_FLUSH_SECONDS = 0.5
# Metric lines are written in batches, whole lines only, at least this often (and at exit), so a busy training loop
# pays one write(2) per batch instead of one per point; a hard kill loses at most this window of unwritten points.
_LINES_SECONDS = 0.1
_LINES_MAX = 1000
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_PLAIN_KEY_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-/")


def _new_run_id():
    t = int(time.time() * 1000)
    head = ""
    for _ in range(10):
        head = _CROCKFORD[t % 32] + head
        t //= 32
    return head + "".join(random.choice(_CROCKFORD) for _ in range(6))


def _now_iso():
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % (int(t * 1000) % 1000)


def _format_value(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    value = float(value) if not isinstance(value, int) else value
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
    return repr(value)


def _yaml_scalar(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, default=str)
    return json.dumps(str(value))


def _yaml_key(key):
    key = str(key)
    plain = key and key[0].isalpha() and all(c in _PLAIN_KEY_CHARS for c in key)
    if plain and key.lower() not in ("true", "false", "null", "yes", "no", "on", "off"):
        return key
    return json.dumps(key)


def _to_yaml(mapping, indent=""):
    out = []
    for key, value in mapping.items():
        if isinstance(value, dict) and value:
            out.append("%s%s:\n%s" % (indent, _yaml_key(key), _to_yaml(value, indent + "  ")))
        else:
            out.append("%s%s: %s\n" % (indent, _yaml_key(key), _yaml_scalar(value)))
    return "".join(out) if out or indent else "{}\n"


def _write_atomic(path, text):
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def _segments(name):
    parts = [p.strip() for p in str(name).split("/")]
    if not str(name).strip() or any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts):
        raise ValueError("invalid metric name %r: use letters, digits, '_', '-', '.', and '/' to group (e.g. 'train/loss')" % (name,))
    return parts


class Run:
    """One run's writer. Use the module functions, or `with Run() as run:` to mark failures explicitly."""

    def __init__(self, run_dir=None, experiment=None):
        self._standalone = False
        run_dir = run_dir or os.environ.get("MLOPS_RUN_DIR")
        if not run_dir:
            run_dir = self._create_standalone(experiment)
        self.run_dir = os.path.abspath(run_dir)
        self.run_id = os.environ.get("MLOPS_RUN_ID") or os.path.basename(self.run_dir)
        self._plots = os.path.join(self.run_dir, "plots", "metrics")
        self._artifacts = os.path.join(self.run_dir, "artifacts")
        os.makedirs(self._plots, exist_ok=True)
        self._lock = threading.Lock()
        self._fds = {}
        self._steps = {}
        self._latest = self._read_json(os.path.join(self.run_dir, "metrics.json"))
        self._params = {}
        env_params = os.environ.get("MLOPS_PARAMS")
        if env_params:
            try:
                self._params.update(json.loads(env_params))
            except ValueError:
                pass
        self._dirty = False
        self._last_flush = 0.0
        self._pending = {}
        self._pending_count = 0
        self._last_lines = time.monotonic()
        self._max_step = self._latest.get("step", 0) if isinstance(self._latest.get("step"), (int, float)) else 0
        self._closed = False
        atexit.register(self.close)

    @staticmethod
    def _read_json(path):
        try:
            with open(path, encoding="utf-8") as f:
                value = json.load(f)
            return value if isinstance(value, dict) else {}
        except (OSError, ValueError):
            return {}

    def _create_standalone(self, experiment):
        workspace = os.environ.get("MLOPS_WORKSPACE") or os.getcwd()
        run_id = _new_run_id()
        run_dir = os.path.join(workspace, ".mlops", "runs", run_id)
        os.makedirs(os.path.join(run_dir, "artifacts"), exist_ok=True)
        script = os.path.abspath(sys.argv[0]) if sys.argv and sys.argv[0] else "python"
        rel = os.path.relpath(script, workspace) if script.startswith(workspace) else script
        self._record_path = os.path.join(run_dir, "run.json")
        self._record = {
            "id": run_id, "experiment": experiment or rel.replace(os.sep, "/"), "status": "running",
            "command": " ".join([sys.executable] + sys.argv), "argv": [sys.executable] + sys.argv, "shell": False,
            "cwd": os.getcwd(), "createdAt": _now_iso(), "startedAt": _now_iso(), "endedAt": None, "exitCode": None,
            "signal": None, "pid": os.getpid(), "git": None, "data": [], "env": {"python": sys.version.split()[0]},
            "parent": None, "tags": {}, "source": "script",
        }
        _write_atomic(self._record_path, json.dumps(self._record, indent=2) + "\n")
        self._standalone = True
        previous_hook = sys.excepthook

        def hook(kind, value, tb):
            self._finish("failed", 1)
            previous_hook(kind, value, tb)

        sys.excepthook = hook
        return run_dir

    def _finish(self, status, exit_code):
        if not self._standalone or self._record.get("endedAt"):
            return
        self._record.update(status=status, exitCode=exit_code, endedAt=_now_iso())
        _write_atomic(self._record_path, json.dumps(self._record, indent=2) + "\n")

    def log_param(self, name, value):
        self.log_params({name: value})

    def log_params(self, values):
        with self._lock:
            self._params.update(values)
            _write_atomic(os.path.join(self.run_dir, "params.yaml"), _to_yaml(self._params))

    def log_metric(self, name, value, step=None):
        """Append one point. Without `step`, the metric's previous step + 1 (starting at 0)."""
        parts = _segments(name)
        with self._lock:
            if step is None:
                step = self._steps.get(name, -1) + 1
            self._steps[name] = step
            fd = self._fds.get(name)
            if fd is None:
                fd = self._open_series(name, parts)
            self._pending.setdefault(fd, []).append("%d\t%s\t%s\n" % (int(time.time() * 1000), step, _format_value(value)))
            self._pending_count += 1
            node = self._latest
            for part in parts[:-1]:
                if not isinstance(node.get(part), dict):
                    node[part] = {}
                node = node[part]
            node[parts[-1]] = float(value) if not isinstance(value, (int, bool)) else value
            if step > self._max_step:
                self._max_step = step
            self._latest["step"] = self._max_step
            self._dirty = True
            now = time.monotonic()
            if self._pending_count >= _LINES_MAX or now - self._last_lines >= _LINES_SECONDS:
                self._write_lines_locked(now)
            if now - self._last_flush >= _FLUSH_SECONDS:
                self._flush_locked(now)

    def log_metrics(self, values, step=None):
        for name, value in values.items():
            self.log_metric(name, value, step)

    def log_summary(self, values):
        """Final values (e.g. test metrics) that have no series."""
        with self._lock:
            for name, value in values.items():
                parts = _segments(name)
                node = self._latest
                for part in parts[:-1]:
                    node = node.setdefault(part, {})
                node[parts[-1]] = value
            self._dirty = True
            self._flush_locked(time.monotonic())

    def _open_series(self, name, parts):
        path = os.path.join(self._plots, *parts) + ".tsv"
        os.makedirs(os.path.dirname(path), exist_ok=True)
        is_new = not os.path.exists(path) or os.path.getsize(path) == 0
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if is_new:
            os.write(fd, ("timestamp\tstep\t%s\n" % parts[-1]).encode())
        self._fds[name] = fd
        return fd

    def _write_lines_locked(self, now):
        for fd, lines in self._pending.items():
            if lines:
                os.write(fd, "".join(lines).encode())
        self._pending = {}
        self._pending_count = 0
        self._last_lines = now

    def flush(self):
        """Write every pending metric line and metrics.json now."""
        with self._lock:
            self._flush_locked(time.monotonic())

    def _flush_locked(self, now):
        self._write_lines_locked(now)
        if self._dirty:
            _write_atomic(os.path.join(self.run_dir, "metrics.json"), json.dumps(self._latest, indent=2) + "\n")
            self._dirty = False
        self._last_flush = now

    def log_artifact(self, path, name=None):
        """Copy a file or folder into the run's artifacts/ folder; returns the copy's path."""
        name = name or os.path.basename(os.path.normpath(path))
        target = os.path.abspath(os.path.join(self._artifacts, name))
        if not target.startswith(os.path.abspath(self._artifacts) + os.sep):
            raise ValueError("artifact name %r escapes the artifacts folder" % (name,))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.isdir(path):
            shutil.copytree(path, target, dirs_exist_ok=True)
        else:
            shutil.copy2(path, target)
        return target

    def close(self, status="completed"):
        if self._closed:
            return
        with self._lock:
            self._flush_locked(time.monotonic())
            for fd in self._fds.values():
                os.close(fd)
            self._fds.clear()
            self._closed = True
        self._finish(status, 0 if status == "completed" else 1)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        self.close("completed" if kind is None else "failed")
        return False


_run = None
_run_lock = threading.Lock()


def get_run():
    """The process-wide run, created on first use."""
    global _run
    with _run_lock:
        if _run is None or _run._closed:
            _run = Run()
        return _run


def params():
    """The run's params as given by the runner (MLOPS_PARAMS), merged with those logged so far."""
    return dict(get_run()._params)


def log_param(name, value):
    get_run().log_param(name, value)


def log_params(values):
    get_run().log_params(values)


def log_metric(name, value, step=None):
    get_run().log_metric(name, value, step)


def log_metrics(values, step=None):
    get_run().log_metrics(values, step)


def log_summary(values):
    get_run().log_summary(values)


def log_artifact(path, name=None):
    return get_run().log_artifact(path, name)


def flush():
    """Write pending metric lines and metrics.json now (they are written at least every 0.1 s and at exit anyway)."""
    get_run().flush()
