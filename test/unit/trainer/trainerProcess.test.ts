import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentSpec } from '../../../src/core/spec/types';
import { MODEL_ARTIFACT_DIR } from '../../../src/backend/trainer/runTrainer';
import { trainerLaunch } from '../../../src/backend/trainer/trainerLaunch';
import { churnSpec, writeChurnData } from './helpers/churnData';

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the trainer child as the backend would; `onLine` sees each stdout line as it comes. */
function startTrainer(
  ws: string,
  runDir: string,
  spec: ExperimentSpec,
  onLine?: (line: string, child: ReturnType<typeof spawn>) => void,
): Promise<Exit> {
  mkdirSync(runDir, { recursive: true });
  const launch = trainerLaunch({ runDir, runId: 'r1', workspace: ws, spec });
  const child = spawn(launch.executable, launch.args, {
    cwd: launch.cwd,
    env: { ...process.env, ...launch.env, MLOPS_TFJS_ENGINE: 'wasm' },
  });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) onLine?.(line, child);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('tfjs trainer child process', function () {
  this.timeout(120_000);
  let ws: string;
  before(() => {
    ws = mkdtempSync(join(tmpdir(), 'mlops-trainer-proc-'));
    writeChurnData(ws);
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('stops after the current batch on SIGTERM, still saves the model, and exits 143', async () => {
    const runDir = join(ws, 'run-term');
    const spec = {
      ...structuredClone(churnSpec),
      train: { ...churnSpec.train, epochs: 5000, batchSize: 8 },
    } as ExperimentSpec;
    let signalled = false;
    const exit = await startTrainer(ws, runDir, spec, (line, child) => {
      if (!signalled && line.startsWith('epoch 2/')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    assert.equal(exit.code, 143, exit.stderr);
    assert.match(exit.stdout, /SIGTERM received: stopping after the current batch and saving the model/);
    const report = JSON.parse(readFileSync(join(runDir, 'trainer.json'), 'utf8'));
    assert.equal(report.status, 'stopped');
    assert.equal(report.stoppedBySignal, true);
    assert.ok(report.epochsCompleted >= 2 && report.epochsCompleted < 5000, `epochs ${report.epochsCompleted}`);
    assert.ok(existsSync(join(runDir, MODEL_ARTIFACT_DIR, 'mlops-model.json')));
    assert.ok(report.metrics.accuracy > 0.5);
  });

  it('exits 2 with the message on stderr when the spec is bad', async () => {
    const spec = {
      ...structuredClone(churnSpec),
      model: {
        layers: [
          { dense: 8, activation: 'relu' },
          { conv2d: 4, kernelSize: 3 },
          { dense: 1, activation: 'sigmoid' },
        ],
      },
    } as ExperimentSpec;
    const exit = await startTrainer(ws, join(ws, 'run-bad'), spec);
    assert.equal(exit.code, 2);
    assert.match(
      exit.stderr,
      /error: the model spec has problems:\n {2}experiments\.churn-tfjs\.model\.layers\[1\]: conv2d needs a \[height, width, channels\] input/,
    );
  });
});
