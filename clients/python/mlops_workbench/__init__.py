"""MLOps Workbench logging client for Python (stdlib only, Python >= 3.8).

Writes params, metrics and artifacts in the dvclive-compatible layout that MLOps Workbench reads:

    from mlops_workbench import log_params, log_metric, log_artifact

    log_params({"lr": 0.01, "epochs": 5})
    for epoch in range(5):
        log_metric("train/loss", loss, step=epoch)
    log_artifact("model.pt")

Under `mlops run` (or the VS Code extension) the run folder comes from MLOPS_RUN_DIR. Run on its own, the client
creates a run in ./.mlops/runs/ and records its status itself, so the run still shows up in the workspace; its
experiment is the `experiment=` argument, else $MLOPS_EXPERIMENT, else the script's path relative to the workspace.

`with Run(name="baseline", tags={"team": "vision"}):` (or `start_run(...)` ... `end_run(status)`) makes the module
functions log to that run. Every logged point is on disk within 0.2 s, whatever the script does next.
"""

import atexit
import contextlib
import json
import math
import operator
import os
import random
import shutil
import socket
import stat
import sys
import threading
import time
import weakref

__version__ = "0.1.0"  # equal to the extension's package.json version (checked by a unit test)

__all__ = [
    "Run", "start_run", "end_run", "set_tags", "flush", "log_param", "log_params", "log_metric", "log_metrics",
    "log_artifact", "log_summary", "get_run", "params",
]

# Metric lines are written by a daemon thread, whole lines only, one write(2) per series per batch, at most this long
# after a point is logged (and at exit), so a busy training loop does no I/O of its own and a hard kill loses at most
# this window of points.
_LINES_SECONDS = 0.1
# A batch this large is written at once by the logging call itself, which bounds the memory of a tight loop.
_LINES_MAX = 10000
_RUN_STATUSES = ("completed", "failed", "killed", "interrupted")
# The store lock, as the runner takes it (src/core/store/storeLock.ts describes the protocol; this mirrors it):
# `.mlops/store.lock` is a file made by link() of a complete temp file holding its owner as JSON {pid, startTime, host,
# nonce, acquiredAt}. An owner on this host that is no longer running is broken at once; a lock that cannot be checked
# (another host, an old folder-style lock) is stale once its mtime is older than this.
_LOCK_UNCHECKABLE_STALE_SECONDS = 10.0
_LOCK_WAIT_SECONDS = 30.0
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


def _as_step(step):
    """A step as the metric line grammar reads it: a whole number (int, numpy int, or a float such as 2.0)."""
    if isinstance(step, bool):
        raise ValueError("step %r is a bool: pass a whole number such as the epoch or batch index" % (step,))
    try:
        return operator.index(step)
    except TypeError:
        pass
    number = float(step)
    if not number.is_integer():
        raise ValueError("step %r is not a whole number: steps are integers (the epoch or batch index)" % (step,))
    return int(number)


def _segments(name):
    parts = [p.strip() for p in str(name).split("/")]
    if not str(name).strip() or any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts):
        raise ValueError("invalid metric name %r: use letters, digits, '_', '-', '.', and '/' to group (e.g. 'train/loss')" % (name,))
    return parts


def _tags(values):
    """Tags as run.json keeps them: strings to strings."""
    out = {}
    for key, value in dict(values or {}).items():
        out[str(key)] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return out


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _proc_start_time(pid):
    """/proc/<pid>/stat field 22 (start time after boot, in clock ticks), or None where it cannot be read."""
    proc = _proc_stat(pid)
    return proc[1] if proc else None


def _proc_stat(pid):
    """(state, start time) of `pid` from /proc/<pid>/stat (fields 3 and 22), or None."""
    try:
        with open("/proc/%d/stat" % pid, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    rest = text[text.rfind(")") + 2:].split()
    try:
        return rest[0], int(rest[19])
    except (IndexError, ValueError):
        return None


def _has_procfs():
    return _proc_stat(os.getpid()) is not None


def _same_process(pid, start_time):
    """Whether `pid` is still the recorded process (alive, not a zombie, same start time); None if it cannot tell."""
    proc = _proc_stat(pid)
    if proc:
        return proc[0] not in ("Z", "X") and (start_time is None or proc[1] == start_time)
    if _has_procfs():
        return False
    if os.name == "nt":
        return None  # os.kill(pid, 0) would end the process there
    try:
        os.kill(pid, 0)
        return True
    except PermissionError:
        return True
    except OSError:
        return False


def _lock_owner_alive(owner):
    if owner.get("host") != socket.gethostname():
        return None
    return _same_process(owner["pid"], owner.get("startTime"))


def _read_lock_owner(path):
    """(owner or None, mtime) of the lock at `path`, or None when there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None, info.st_mtime
    try:
        with open(path, encoding="utf-8") as f:
            owner = json.load(f)
    except (OSError, ValueError):
        return None, info.st_mtime
    if isinstance(owner, dict) and isinstance(owner.get("pid"), int) and not isinstance(owner.get("pid"), bool):
        return owner, info.st_mtime
    return None, info.st_mtime


def _try_create_lock(path, owner):
    tmp = "%s.%s.tmp" % (path, owner["nonce"])
    _write_all_file(tmp, json.dumps(owner))
    try:
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _write_all_file(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        _write_all(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def _break_stale_lock(path, judged_owner):
    """Renames the lock aside, checks it again, and puts it back if another waiter re-took it in between."""
    aside = "%s.stale-%s" % (path, os.urandom(4).hex())
    try:
        os.rename(path, aside)
    except OSError:
        return
    moved = _read_lock_owner(aside)
    moved_owner = moved[0] if moved else None
    if judged_owner and moved_owner and moved_owner.get("nonce") != judged_owner.get("nonce"):
        with contextlib.suppress(OSError):
            os.link(aside, path)
    if os.path.isdir(aside) and not os.path.islink(aside):
        shutil.rmtree(aside, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(aside)


@contextlib.contextmanager
def _store_lock(run_dir):
    """The workspace's store lock, when the run folder is in a store (`<workspace>/.mlops/runs/<id>`)."""
    runs = os.path.dirname(run_dir)
    store = os.path.dirname(runs)
    if os.path.basename(runs) != "runs" or os.path.basename(store) != ".mlops":
        yield
        return
    path = os.path.join(store, "store.lock")
    owner = {
        "pid": os.getpid(), "startTime": _proc_start_time(os.getpid()), "host": socket.gethostname(),
        "nonce": os.urandom(8).hex(), "acquiredAt": _now_iso(),
    }
    deadline = time.monotonic() + _LOCK_WAIT_SECONDS
    wait = 0.002
    while not _try_create_lock(path, owner):
        held = _read_lock_owner(path)
        if held:
            held_owner, mtime = held
            alive = _lock_owner_alive(held_owner) if held_owner else None
            if alive is False or (alive is None and time.time() - mtime > _LOCK_UNCHECKABLE_STALE_SECONDS):
                _break_stale_lock(path, held_owner)
                continue
        if time.monotonic() > deadline:
            who = "process %s on %s, since %s" % (held[0]["pid"], held[0].get("host"), held[0].get("acquiredAt")) \
                if held and held[0] else "an unknown process"
            raise RuntimeError("could not lock %s: it is held by %s; wait for it to finish, or end it if it is hung"
                               % (store, who))
        time.sleep(wait + random.random() * wait)
        wait = min(wait * 2, 0.05)
    try:
        yield
    finally:
        held = _read_lock_owner(path)
        if held and held[0] and held[0].get("nonce") == owner["nonce"]:
            with contextlib.suppress(OSError):
                os.unlink(path)


class Run:
    """One run's writer. `with Run(name=..., tags=...) as run:` makes it the run the module functions log to, and marks
    it failed if the block raises."""

    def __init__(self, run_dir=None, experiment=None, name=None, tags=None):
        self._standalone = False
        self._pid = os.getpid()
        self.name = name
        self.tags = _tags(tags)
        run_dir = run_dir or os.environ.get("MLOPS_RUN_DIR")
        if not run_dir:
            run_dir = self._create_standalone(experiment)
        self.run_dir = os.path.abspath(run_dir)
        self.run_id = os.environ.get("MLOPS_RUN_ID") or os.path.basename(self.run_dir)
        self._plots = os.path.join(self.run_dir, "plots", "metrics")
        self._artifacts = os.path.join(self.run_dir, "artifacts")
        os.makedirs(self._plots, exist_ok=True)
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
        self._max_step = self._latest.get("step", 0) if isinstance(self._latest.get("step"), (int, float)) else 0
        self._closed = False
        self._previous = None
        self._reset_writer_state()
        if not self._standalone and (name is not None or self.tags):
            self._update_record(self._name_and_tags())
        atexit.register(self.close)
        if hasattr(os, "register_at_fork"):
            ref = weakref.ref(self)
            os.register_at_fork(after_in_child=lambda: ref() is not None and ref()._reset_writer_state())

    def _reset_writer_state(self):
        # `_write_lock` orders the writes; `_lock` guards the state logging calls touch. Taken in that order.
        # A forked child starts with fresh locks and no pending lines (its parent writes those).
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._wake = threading.Event()
        self._flusher = None
        self._pending = {}
        self._pending_count = 0
        self._dirty = False

    @staticmethod
    def _read_json(path):
        try:
            with open(path, encoding="utf-8") as f:
                value = json.load(f)
            return value if isinstance(value, dict) else {}
        except (OSError, ValueError):
            return {}

    def _name_and_tags(self):
        patch = {"tags": self.tags}
        if self.name is not None:
            patch["name"] = self.name
        return patch

    def _create_standalone(self, experiment):
        workspace = os.environ.get("MLOPS_WORKSPACE") or os.getcwd()
        run_id = _new_run_id()
        run_dir = os.path.join(workspace, ".mlops", "runs", run_id)
        os.makedirs(os.path.join(run_dir, "artifacts"), exist_ok=True)
        script = os.path.abspath(sys.argv[0]) if sys.argv and sys.argv[0] else "python"
        rel = os.path.relpath(script, workspace) if script.startswith(workspace) else script
        record = {
            "id": run_id, "experiment": experiment or os.environ.get("MLOPS_EXPERIMENT") or rel.replace(os.sep, "/"),
            "status": "running",
            "command": " ".join([sys.executable] + sys.argv), "argv": [sys.executable] + sys.argv, "shell": False,
            "cwd": os.getcwd(), "createdAt": _now_iso(), "startedAt": _now_iso(), "endedAt": None, "exitCode": None,
            "signal": None, "pid": os.getpid(), "git": None, "data": [], "env": {"python": sys.version.split()[0]},
            "parent": None, "tags": {}, "source": "script",
        }
        record.update(self._name_and_tags())
        _write_atomic(os.path.join(run_dir, "run.json"), json.dumps(record, indent=2) + "\n")
        self._standalone = True
        previous_hook = sys.excepthook

        def hook(kind, value, tb):
            self._finish("failed")
            previous_hook(kind, value, tb)

        sys.excepthook = hook
        return run_dir

    def _update_record(self, patch):
        """Merges `patch` (tags key by key) into run.json under the store lock, as the runner does; False when there
        is no run.json."""
        path = os.path.join(self.run_dir, "run.json")
        with _store_lock(self.run_dir):
            record = self._read_json(path)
            if not record:
                return False
            if "tags" in patch:
                patch = dict(patch, tags=dict(record.get("tags") or {}, **patch["tags"]))
            record.update(patch)
            _write_atomic(path, json.dumps(record, indent=2) + "\n")
            return True

    def _finish(self, status):
        """A standalone run records its own end; under the runner, the runner does (from the exit status)."""
        if not self._standalone or os.getpid() != self._pid:
            return
        path = os.path.join(self.run_dir, "run.json")
        if self._read_json(path).get("endedAt"):
            return
        self._update_record({"status": status, "exitCode": 0 if status == "completed" else 1, "endedAt": _now_iso()})

    def set_tags(self, tags):
        """Adds or replaces tags (strings to strings) in run.json."""
        self.tags.update(_tags(tags))
        self._update_record({"tags": self.tags})

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
            if self._closed:
                raise RuntimeError("run %s has ended; log to a new one (start_run() or Run())" % self.run_id)
            step = self._steps.get(name, -1) + 1 if step is None else _as_step(step)
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
            if self._pending_count == 1:
                self._wake_flusher()
            full = self._pending_count >= _LINES_MAX
        if full:
            self._write_pending()

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
        self.flush()

    def _open_series(self, name, parts):
        path = os.path.join(self._plots, *parts) + ".tsv"
        os.makedirs(os.path.dirname(path), exist_ok=True)
        is_new = not os.path.exists(path) or os.path.getsize(path) == 0
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if is_new:
            os.write(fd, ("timestamp\tstep\t%s\n" % parts[-1]).encode())
        self._fds[name] = fd
        return fd

    def _wake_flusher(self):
        if self._flusher is None:
            self._flusher = threading.Thread(target=self._flush_loop, name="mlops-flush", daemon=True)
            self._flusher.start()
        self._wake.set()

    def _flush_loop(self):
        wake = self._wake
        while True:
            wake.wait()
            if self._closed:
                return
            time.sleep(_LINES_SECONDS)
            # Cleared before the pending lines are taken: a point logged after this wakes the next round.
            wake.clear()
            self.flush()

    def _write_pending(self, with_latest=False):
        with self._write_lock:
            with self._lock:
                batch, self._pending, self._pending_count = self._pending, {}, 0
                latest = None
                if with_latest and self._dirty:
                    latest = json.dumps(self._latest, indent=2) + "\n"
                    self._dirty = False
            for fd, lines in batch.items():
                _write_all(fd, "".join(lines).encode())
            # metrics.json is written after the lines it summarises, never ahead of them.
            if latest is not None:
                _write_atomic(os.path.join(self.run_dir, "metrics.json"), latest)

    def flush(self):
        """Write every pending metric line, then metrics.json, now."""
        self._write_pending(with_latest=True)

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
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._wake.set()
        self.flush()
        with self._write_lock:
            for fd in self._fds.values():
                os.close(fd)
            self._fds.clear()
        self._finish(status)

    def end_run(self, status="completed"):
        """Write everything and end the run with `status` (completed, failed, killed or interrupted). A standalone run
        records it in run.json; under the runner the run's status comes from the process's exit status."""
        if status not in _RUN_STATUSES:
            raise ValueError("%r is not a run status: use one of %s" % (status, ", ".join(_RUN_STATUSES)))
        self.close(status)
        _unbind(self)

    def __enter__(self):
        global _run
        with _run_lock:
            self._previous, _run = _run, self
        return self

    def __exit__(self, kind, value, tb):
        self.close("completed" if kind is None else "failed")
        _unbind(self)
        return False


_run = None
_run_lock = threading.Lock()


def _unbind(run):
    """Once `run` has ended, the module functions go back to the run before it (or a new one on next use)."""
    global _run
    with _run_lock:
        if _run is run:
            previous = run._previous
            _run = previous if previous is not None and not previous._closed else None


def get_run():
    """The run the module functions log to: the innermost `with Run()`, else one created on first use."""
    global _run
    with _run_lock:
        if _run is None or _run._closed:
            _run = Run()
        return _run


def start_run(experiment=None, name=None, tags=None):
    """Start a run for the module functions to log to, with a name and tags (strings to strings)."""
    global _run
    with _run_lock:
        if _run is not None and not _run._closed:
            raise RuntimeError("run %s is still active: call end_run() before start_run()" % _run.run_id)
        _run = Run(experiment=experiment, name=name, tags=tags)
        return _run


def end_run(status="completed"):
    """End the module functions' run with `status` (completed, failed, killed or interrupted)."""
    with _run_lock:
        run = _run
    if run is not None:
        run.end_run(status)


def set_tags(tags):
    get_run().set_tags(tags)


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
    """Write pending metric lines and metrics.json now (the flush thread writes them within 0.1 s, and at exit)."""
    get_run().flush()


# ── Evaluation plots, in dvclive's layout (plots/sklearn, plots/custom, plots/images) ──────────────────────────────
# log_roc and log_pr compute scikit-learn's roc_curve (drop_intermediate) and precision_recall_curve in plain Python,
# so they need no numpy. Each function returns the path it wrote.


def _plot_target(folder, name, ext):
    run_dir = get_run().run_dir
    root = os.path.abspath(os.path.join(run_dir, "plots", folder))
    path = os.path.abspath(os.path.join(root, name if os.path.splitext(name)[1] else name + ext))
    if not path.startswith(root + os.sep):
        raise ValueError("plot name %r escapes plots/%s" % (name, folder))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def _label_key(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_pair(y_true, other, what):
    y_true, other = list(y_true), list(other)
    if len(y_true) != len(other):
        raise ValueError("%s: y_true has %d values but the other has %d" % (what, len(y_true), len(other)))
    if not y_true:
        raise ValueError("%s: no values to log" % what)
    return y_true, other


def log_confusion_matrix(y_true, y_pred, labels=None, name="confusion_matrix"):
    """One {actual, predicted} record per row (dvclive's confusion_matrix.json). `labels` names classes given as indices."""
    y_true, y_pred = _check_pair(y_true, y_pred, "log_confusion_matrix")

    def named(v):
        if labels is not None and isinstance(v, int) and not isinstance(v, bool) and 0 <= v < len(labels):
            return str(labels[v])
        return _label_key(v)

    rows = [{"actual": named(a), "predicted": named(p)} for a, p in zip(y_true, y_pred)]
    path = _plot_target("sklearn", name, ".json")
    _write_atomic(path, json.dumps(rows))
    return path


def _threshold_counts(y_true, y_score, pos_label, what):
    y_true, y_score = _check_pair(y_true, y_score, what)
    pos_key = _label_key(pos_label)
    pairs = []
    for i, (y, s) in enumerate(zip(y_true, y_score)):
        s = float(s)
        if not math.isfinite(s):
            raise ValueError("%s: y_score[%d] is %r" % (what, i, s))
        pairs.append((s, 1 if _label_key(y) == pos_key else 0))
    pairs.sort(key=lambda p: -p[0])
    thresholds, tps, fps = [], [], []
    tp = fp = 0
    for i, (s, y) in enumerate(pairs):
        tp += y
        fp += 1 - y
        if i == len(pairs) - 1 or pairs[i + 1][0] != s:
            thresholds.append(s)
            tps.append(tp)
            fps.append(fp)
    return thresholds, tps, fps


def log_roc(y_true, y_score, name="roc", pos_label=1):
    """scikit-learn's roc_curve (drop_intermediate=True) as dvclive's roc.json; the first threshold (+inf) is null."""
    thr, tps, fps = _threshold_counts(y_true, y_score, pos_label, "log_roc")
    keep = list(range(len(tps)))
    if len(tps) > 2:
        keep = [0] + [i for i in range(1, len(tps) - 1) if fps[i + 1] - 2 * fps[i] + fps[i - 1] or tps[i + 1] - 2 * tps[i] + tps[i - 1]] + [len(tps) - 1]
    p_total, n_total = tps[-1], fps[-1]
    rows = [{"fpr": 0.0 if n_total else None, "tpr": 0.0 if p_total else None, "threshold": None}]
    for i in keep:
        rows.append({"fpr": fps[i] / n_total if n_total else None, "tpr": tps[i] / p_total if p_total else None, "threshold": thr[i]})
    path = _plot_target("sklearn", name, ".json")
    _write_atomic(path, json.dumps({"roc": rows}))
    return path


def log_pr(y_true, y_score, name="precision_recall", pos_label=1):
    """scikit-learn's precision_recall_curve as dvclive's precision_recall.json (recall decreasing, ending at (0, 1))."""
    thr, tps, fps = _threshold_counts(y_true, y_score, pos_label, "log_pr")
    p_total = tps[-1]
    rows = []
    for i in reversed(range(len(tps))):
        ps = tps[i] + fps[i]
        rows.append({"precision": tps[i] / ps if ps else 0.0, "recall": tps[i] / p_total if p_total else 1.0, "threshold": thr[i]})
    rows.append({"precision": 1.0, "recall": 0.0, "threshold": None})
    path = _plot_target("sklearn", name, ".json")
    _write_atomic(path, json.dumps({"precision_recall": rows}))
    return path


def log_table(name, rows):
    """A table as plots/custom/<name>.json: a list of {column: value} rows."""
    rows = list(rows)
    if any(not isinstance(r, dict) for r in rows):
        raise ValueError("log_table %s: rows must be dicts (one per row)" % name)
    path = _plot_target("custom", name, ".json")
    _write_atomic(path, json.dumps(rows, default=lambda v: v.item() if hasattr(v, "item") else str(v)))
    return path


def log_image(name, path):
    """Copy an image file into plots/images/<name> (its extension kept when `name` has none)."""
    if not os.path.isfile(path):
        raise ValueError("log_image %s: %s is not a file" % (name, path))
    target = _plot_target("images", name if os.path.splitext(name)[1] else name + os.path.splitext(path)[1], "")
    shutil.copyfile(path, target)
    return target
