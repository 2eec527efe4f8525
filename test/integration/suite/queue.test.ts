import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunId } from '../../../src/core/tracking/types';
import { mlopsApi, waitForFinish, waitForRun, workspaceRoot } from '../helpers';

const SLOW = [
  '# mlops: experiment',
  'import time',
  'from mlops_workbench import log_metric',
  'for i in range(30):',
  '    log_metric("tick", i)',
  '    time.sleep(0.1)',
  '',
].join('\n');

describe('the run queue from VS Code', () => {
  const rel = 'queue_demo/slow_train.py';

  before(() => {
    mkdirSync(join(workspaceRoot(), 'queue_demo'), { recursive: true });
    writeFileSync(join(workspaceRoot(), rel), SLOW);
  });
  after(() => rmSync(join(workspaceRoot(), 'queue_demo'), { recursive: true, force: true }));

  it('queues a second run behind a running one, shows its place, and cancels it without starting it', async () => {
    const api = await mlopsApi();
    await vscode.workspace
      .getConfiguration('mlops')
      .update('maxConcurrentRuns', 1, vscode.ConfigurationTarget.Workspace);
    const first = await vscode.commands.executeCommand<RunId | undefined>('mlops.runScript', rel);
    const second = await vscode.commands.executeCommand<RunId | undefined>('mlops.runScript', rel);
    assert.ok(first && second, 'both launches return a run id');
    await waitForRun(api, first, (r) => r.status === 'running', 'running');
    const queued = await waitForRun(api, second, (r) => r.status === 'queued', 'queued');
    assert.equal(queued.experiment, rel);
    await vscode.commands.executeCommand('mlops.queue.cancel', second);
    const cancelled = await waitForFinish(api, second);
    assert.equal(cancelled.status, 'killed');
    assert.equal(cancelled.startedAt, null, 'a cancelled queued run never started');
    const done = await waitForFinish(api, first);
    assert.equal(done.status, 'completed');
    assert.equal(done.metrics.tick, 29);
  });
});
