import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, mlopsApi } from '../helpers';

describe('activation on the sample workspace', () => {
  it('activates on its own because the folder contains mlops.yaml, and exports the MlopsApi', async () => {
    const api = await mlopsApi();
    assert.equal(typeof api.experiments, 'function');
  });

  it('registers every command that package.json contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed: string[] = (ext?.packageJSON.contributes?.commands ?? []).map(
      (c: { command: string }) => c.command,
    );
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
      'contributed but not registered',
    );
  });

  it('shows the MLOps container with its Experiments and Runs views', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.mlops');
    await vscode.commands.executeCommand('mlops.experiments.focus');
    await vscode.commands.executeCommand('mlops.runs.focus');
  });
});
