import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mlopsApi, mlopsDiagnostics, specUri, waitFor } from '../helpers';

describe('spec problems in the Problems panel', function () {
  this.timeout(60_000);

  it('shows an error while mlops.yaml is being edited and clears it when the edit is undone', async () => {
    const api = await mlopsApi();
    const doc = await vscode.workspace.openTextDocument(specUri());
    await vscode.window.showTextDocument(doc);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('goal: maximize'));
    assert.ok(line >= 0, 'mlops.yaml has no "goal: maximize"');
    const column = doc.lineAt(line).text.indexOf('maximize');
    const range = new vscode.Range(line, column, line, column + 'maximize'.length);

    const broken = new vscode.WorkspaceEdit();
    broken.replace(doc.uri, range, 'maximise');
    assert.ok(await vscode.workspace.applyEdit(broken));
    const problems = await waitFor('an mlops diagnostic on the misspelt goal', () => {
      const found = mlopsDiagnostics(doc.uri).filter((d) => d.range.start.line === line);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Error);
    assert.ok(api.specProblems().length > 0, 'the API reports no spec problems');

    const fixed = new vscode.WorkspaceEdit();
    fixed.replace(doc.uri, new vscode.Range(line, column, line, column + 'maximise'.length), 'maximize');
    assert.ok(await vscode.workspace.applyEdit(fixed));
    await waitFor('the mlops diagnostics to clear', () => mlopsDiagnostics(doc.uri).length === 0);
    assert.deepEqual(api.specProblems(), []);
    await doc.save();
  });

  it('shows an error written to disk by another program and clears it when the file is restored', async () => {
    const api = await mlopsApi();
    const original = await vscode.workspace.fs.readFile(specUri());
    const text = Buffer.from(original).toString('utf8');
    await vscode.workspace.fs.writeFile(specUri(), Buffer.from(text.replace('experiments:', 'experiments: [')));
    await waitFor('an mlops diagnostic for the YAML syntax error', () => mlopsDiagnostics(specUri()).length > 0);
    await vscode.workspace.fs.writeFile(specUri(), original);
    await waitFor(
      'the mlops diagnostics to clear after restoring mlops.yaml',
      () => mlopsDiagnostics(specUri()).length === 0,
    );
    await api.whenIdle();
    assert.deepEqual(api.specProblems(), []);
  });
});
