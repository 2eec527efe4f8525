import * as assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ImportReport } from '../../../src/core/interop/importReport';
import { mlopsApi, waitFor, workspaceRoot } from '../helpers';

// The fixtures are copied into the workspace under test (the suite runs from out/integration/suite).
const fixtures = join(__dirname, '../../../test/fixtures');

describe('MLOps: Import Runs', () => {
  const imported = () => join(workspaceRoot(), 'imported');
  after(() => rmSync(imported(), { recursive: true, force: true }));

  it('imports TensorBoard event files and an MLflow store, and the runs show in the Runs view with their parent', async () => {
    const api = await mlopsApi();
    cpSync(join(fixtures, 'tensorboard/logs'), join(imported(), 'tb'), { recursive: true });
    cpSync(join(fixtures, 'mlruns-real'), join(imported(), 'mlruns'), { recursive: true });
    const tb = await vscode.commands.executeCommand<ImportReport | undefined>(
      'mlops.importRuns',
      'tensorboard',
      join(imported(), 'tb'),
    );
    assert.ok(tb, 'the TensorBoard import returned no report');
    assert.deepEqual(
      tb.runs.map((r) => [r.name, r.outcome]),
      [
        ['tbx/train', 'created'],
        ['tbx/val', 'created'],
        ['torch', 'created'],
        ['torch/hparams', 'created'],
      ],
    );
    const mlflow = await vscode.commands.executeCommand<ImportReport | undefined>(
      'mlops.importRuns',
      'mlflow',
      join(imported(), 'mlruns'),
    );
    assert.ok(mlflow, 'the MLflow import returned no report');
    const runs = await waitFor('the imported runs in the Runs view', async () => {
      await api.whenIdle();
      const all = api.runs();
      return (
        ['tbx/train', 'torch/hparams', 'PARENT_RUN', 'CHILD_RUN'].every((n) => all.some((r) => r.name === n)) && all
      );
    });
    const parent = runs.find((r) => r.name === 'PARENT_RUN')!;
    const child = runs.find((r) => r.name === 'CHILD_RUN')!;
    assert.equal(child.parent, parent.id);
    assert.equal(parent.metrics.foo, 2.2922696453675444);
    assert.equal(runs.find((r) => r.name === 'torch/hparams')!.params.optimizer, 'adam');
    const again = await vscode.commands.executeCommand<ImportReport | undefined>(
      'mlops.importRuns',
      'tensorboard',
      join(imported(), 'tb'),
    );
    assert.deepEqual(
      again?.runs.map((r) => r.outcome),
      ['unchanged', 'unchanged', 'unchanged', 'unchanged'],
      'a re-import adds nothing',
    );
  });
});
