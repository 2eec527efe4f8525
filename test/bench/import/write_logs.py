"""Writes RUNS run folders x TAGS scalar tags x STEPS steps of TensorBoard events with tensorboardX, into OUT.

    python3 write_logs.py OUT [runs=300] [tags=5] [steps=1000]
"""
import os
import sys

from tensorboardX import SummaryWriter

out = sys.argv[1]
runs, tags, steps = (int(a) for a in (sys.argv[2:] + ["300", "5", "1000"][len(sys.argv) - 2:])[:3])
for r in range(runs):
    w = SummaryWriter(os.path.join(out, "run-%03d" % r), max_queue=10000, flush_secs=3600)
    for step in range(steps):
        for t in range(tags):
            w.add_scalar("metric_%d" % t, (r + 1) * 0.001 * step + t, step, walltime=1767225600.0 + step)
    w.close()
