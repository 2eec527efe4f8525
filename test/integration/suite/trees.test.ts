import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mlopsApi, specUri } from '../helpers';

/** 1-based line of `  name:` in the spec text. */
function lineOf(text: string, name: string): number {
  const index = text.split('\n').findIndex((l) => l.trimEnd() === `  ${name}:`);
  assert.ok(index >= 0, `mlops.yaml has no experiment ${name}`);
  return index + 1;
}

describe('Experiments and Runs trees', () => {
  it('lists the experiments of mlops.yaml with the line that defines each', async () => {
    const api = await mlopsApi();
    const text = (await vscode.workspace.openTextDocument(specUri())).getText();
    const fromSpec = api.experiments().filter((e) => e.source === 'spec');
    assert.deepEqual(
      fromSpec.map((e) => ({ name: e.name, file: e.file, line: e.line })),
      ['py-linear', 'node-linear', 'churn-tfjs'].map((name) => ({
        name,
        file: 'mlops.yaml',
        line: lineOf(text, name),
      })),
    );
  });

  it('has no runs before anything ran in the fresh copy of the workspace', async () => {
    const api = await mlopsApi();
    assert.deepEqual(api.runs(), []);
  });
});
