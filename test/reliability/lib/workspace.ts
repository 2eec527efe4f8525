/** A temporary workspace with one experiment, `train`: a Python script that logs two metrics fast through the client. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Params: `duration` seconds of logging (or exactly `points` steps), `exit` code, `style` burst (50 points per 5 ms)
 * or epochs (five points, then 1.2 s idle). Values are a function of the step, so any garbled line shows. The ledger
 * (harness-ledger.tsv in the run folder) records when each epoch's point was logged and the code it exits with.
 */
export const TRAIN_SCRIPT = `import json, os, sys, time
import mlops_workbench as mw

p = json.loads(os.environ.get("MLOPS_PARAMS") or "{}")
duration = float(p.get("duration", 1.0))
code = int(p.get("exit", 0))
style = str(p.get("style", "burst"))
points = int(p.get("points", 0))
run_dir = os.environ["MLOPS_RUN_DIR"]
ledger = os.open(os.path.join(run_dir, "harness-ledger.tsv"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
os.makedirs(os.path.join(run_dir, "artifacts", "model"), exist_ok=True)
with open(os.path.join(run_dir, "artifacts", "model", "weights.txt"), "w") as f:
    f.write("weights\\n")


def log(step):
    mw.log_metric("train/loss", 1.0 / (step + 1), step=step)
    mw.log_metric("acc", (step % 1000) / 1000.0, step=step)


start = time.time()
if style == "epochs":
    step = 0
    for epoch in range(max(1, int(round(duration / 1.2)))):
        for _ in range(5):
            log(step)
            os.write(ledger, ("logged\\t%d\\t%.3f\\n" % (step, time.time())).encode())
            step += 1
        time.sleep(1.2)
else:
    step = 0
    while (step < points) if points else (time.time() - start < duration):
        for _ in range(50):
            if points and step >= points:
                break
            log(step)
            step += 1
        time.sleep(0.005)
os.write(ledger, ("exit\\t%d\\n" % code).encode())
sys.exit(code)
`;

export const SPEC = `experiments:
  train:
    command: [python3, train.py]
    params: {duration: 1.0, exit: 0, style: burst, points: 0}
`;

export const lossAt = (step: number) => 1.0 / (step + 1);
export const accAt = (step: number) => (step % 1000) / 1000.0;

export function makeWorkspace(root: string, name: string): string {
  const ws = join(root, name);
  mkdirSync(ws, { recursive: true });
  writeFileSync(join(ws, 'mlops.yaml'), SPEC);
  writeFileSync(join(ws, 'train.py'), TRAIN_SCRIPT);
  return ws;
}

export function makeRoot(): string {
  return mkdtempSync(join(tmpdir(), 'mlops-reliability-'));
}
