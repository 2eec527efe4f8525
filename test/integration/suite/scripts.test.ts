import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunId } from '../../../src/core/tracking/types';
import { codeLensesOf, mlopsApi, waitFor, waitForFinish, workspaceRoot } from '../helpers';

const SCRIPT = [
  'import sys',
  'from mlops_workbench import log_param, log_metric',
  '',
  '',
  'def main():',
  '    log_param("source", "script")',
  '    for step in range(5):',
  '        log_metric("score", step / 4, step=step)',
  '',
  '',
  'if __name__ == "__main__":',
  '    main()',
  '',
].join('\n');

describe('training scripts found in the workspace', () => {
  const rel = 'scripts/solo_train.py';

  after(() => rmSync(join(workspaceRoot(), 'scripts'), { recursive: true, force: true }));

  it('appears in the Experiments view when written to disk, with a ▶ Run experiment CodeLens on its entry point', async () => {
    const api = await mlopsApi();
    mkdirSync(join(workspaceRoot(), 'scripts'), { recursive: true });
    writeFileSync(join(workspaceRoot(), rel), SCRIPT);
    const found = await waitFor(`${rel} in the Experiments view`, async () => {
      await api.whenIdle();
      return api.experiments().find((e) => e.name === rel);
    });
    assert.equal(found.source, 'script');
    assert.equal(found.line, 11);
    const lenses = await codeLensesOf(vscode.Uri.file(join(workspaceRoot(), rel)));
    assert.deepEqual(
      lenses.map((l) => [l.command?.title, l.range.start.line + 1]),
      [['▶ Run experiment', 11]],
    );
  });

  it('runs from its CodeLens, logging through the client the runner puts on PYTHONPATH', async () => {
    const api = await mlopsApi();
    const uri = vscode.Uri.file(join(workspaceRoot(), rel));
    const [lens] = await codeLensesOf(uri);
    const runId = await vscode.commands.executeCommand<RunId | undefined>(
      lens.command!.command,
      ...(lens.command!.arguments ?? []),
    );
    assert.ok(runId, 'mlops.runScript returned no run id');
    const run = await waitForFinish(api, runId);
    assert.equal(run.status, 'completed');
    assert.equal(run.experiment, rel);
    assert.equal(run.metrics.score, 1);
    assert.equal(run.params.source, 'script');
  });
});
