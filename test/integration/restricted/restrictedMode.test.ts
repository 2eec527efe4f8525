import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../../src/extension/api';
import { codeLensesOf, mlopsApi, specUri, workspaceRoot } from '../helpers';

describe('restricted mode (untrusted workspace)', () => {
  it('opens the sample workspace untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still activates and lists the experiments', async () => {
    const api = await mlopsApi();
    assert.deepEqual(
      api
        .experiments()
        .filter((e) => e.source === 'spec')
        .map((e) => e.name),
      ['py-linear', 'node-linear', 'churn-tfjs'],
    );
  });

  it('marks the CodeLens as unavailable in Restricted Mode', async () => {
    await mlopsApi();
    const titles = (await codeLensesOf(specUri()))
      .filter((l) => l.command?.command === Commands.runExperiment)
      .map((l) => l.command?.title);
    assert.equal(titles.length, 3);
    for (const title of titles) assert.match(title ?? '', /Restricted Mode/);
  });

  it('refuses to run an experiment: no run id, no run, nothing written', async () => {
    const api = await mlopsApi();
    const result = await vscode.commands.executeCommand(Commands.runExperiment, 'py-linear');
    assert.equal(result, undefined);
    await api.whenIdle();
    assert.deepEqual(api.runs(), []);
    assert.equal(existsSync(join(workspaceRoot(), '.mlops', 'runs')), false, '.mlops/runs was created');
  });

  it('refuses to sweep: the ⟳ Sweep CodeLens says so, and the command starts nothing', async () => {
    await mlopsApi();
    const titles = (await codeLensesOf(specUri()))
      .filter((l) => l.command?.command === Commands.sweepExperiment)
      .map((l) => l.command?.title);
    assert.deepEqual(titles, ['⟳ Sweep (Restricted Mode)', '⟳ Sweep (Restricted Mode)']);
    assert.equal(await vscode.commands.executeCommand(Commands.sweepExperiment, 'node-linear'), undefined);
    assert.equal(existsSync(join(workspaceRoot(), '.mlops', 'sweeps')), false, '.mlops/sweeps was created');
  });
});
