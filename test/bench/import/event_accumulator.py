"""TensorBoard's own loader over every run folder of LOGDIR, every scalar kept: prints points and seconds as JSON."""
import json
import os
import sys
import time

from tensorboard.backend.event_processing import event_accumulator

logdir = sys.argv[1]
t0 = time.perf_counter()
points = 0
for name in sorted(os.listdir(logdir)):
    acc = event_accumulator.EventAccumulator(os.path.join(logdir, name), size_guidance={event_accumulator.SCALARS: 0})
    acc.Reload()
    for tag in acc.Tags()["scalars"]:
        points += len(acc.Scalars(tag))
print(json.dumps({"points": points, "seconds": time.perf_counter() - t0}))
