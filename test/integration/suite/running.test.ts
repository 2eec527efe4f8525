import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../../src/extension/api';
import type { RunId } from '../../../src/core/tracking/types';
import { codeLensesOf, mlopsApi, specUri, waitForFinish, workspaceRoot } from '../helpers';

describe('running experiments', function () {
  this.timeout(180_000);

  it('puts a "▶ Run" CodeLens above every experiment in mlops.yaml', async () => {
    const api = await mlopsApi();
    const lenses = await codeLensesOf(specUri());
    const runLenses = lenses.filter((l) => l.command?.command === Commands.runExperiment);
    const expected = api.experiments().filter((e) => e.source === 'spec');
    assert.deepEqual(
      runLenses.map((l) => ({
        title: l.command?.title,
        name: l.command?.arguments?.[0],
        line: l.range.start.line + 1,
      })),
      expected.map((e) => ({ title: '▶ Run', name: e.name, line: e.line })),
    );
  });

  it('runs py-linear from its CodeLens to completion and lists the run', async () => {
    const api = await mlopsApi();
    const lens = (await codeLensesOf(specUri())).find((l) => l.command?.arguments?.[0] === 'py-linear');
    assert.ok(lens?.command, 'no CodeLens for py-linear');
    const runId = await vscode.commands.executeCommand<RunId | undefined>(
      lens.command.command,
      ...(lens.command.arguments ?? []),
    );
    assert.ok(runId, `${lens.command.command} returned no run id`);
    const run = await waitForFinish(api, runId);
    const logFile = join(workspaceRoot(), '.mlops', 'runs', runId, 'log.txt');
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-1500) : '(no log.txt)';
    assert.equal(run.status, 'completed', `run ended ${run.status}; its log:\n${log}`);
    assert.equal(run.experiment, 'py-linear');
    assert.equal(run.exitCode, 0);
    assert.equal(run.params.lr, 0.5);
    assert.equal(typeof run.metrics.val_accuracy, 'number', `metrics: ${JSON.stringify(run.metrics)}`);
    assert.ok(existsSync(join(workspaceRoot(), '.mlops', 'runs', runId, 'run.json')), 'no run.json on disk');
  });

  it('runs node-linear through the mlops.runExperiment command and lists both runs', async () => {
    const api = await mlopsApi();
    const runId = await vscode.commands.executeCommand<RunId | undefined>(Commands.runExperiment, 'node-linear');
    assert.ok(runId, 'mlops.runExperiment returned no run id');
    const run = await waitForFinish(api, runId);
    assert.equal(run.status, 'completed');
    assert.equal(typeof run.metrics.val_accuracy, 'number', `metrics: ${JSON.stringify(run.metrics)}`);
    assert.deepEqual(
      api
        .runs()
        .map((r) => r.experiment)
        .sort(),
      ['node-linear', 'py-linear'],
    );
  });

  it('runs churn-tfjs on the built-in TensorFlow.js trainer to completion', async () => {
    const api = await mlopsApi();
    const runId = await vscode.commands.executeCommand<RunId | undefined>(Commands.runExperiment, 'churn-tfjs');
    assert.ok(runId, 'mlops.runExperiment returned no run id');
    const run = await waitForFinish(api, runId);
    assert.equal(run.status, 'completed');
    assert.ok(run.metrics.val_accuracy > 0.5, `val_accuracy ${run.metrics.val_accuracy}`);
    assert.deepEqual(
      api
        .runs()
        .map((r) => r.experiment)
        .sort(),
      ['churn-tfjs', 'node-linear', 'py-linear'],
    );
  });
});
