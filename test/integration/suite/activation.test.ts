import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('activation', () => {
  it('finds the extension under development', () => {
    const ext = vscode.extensions.getExtension('mlops-workbench.mlops-workbench');
    assert.ok(ext, 'extension mlops-workbench.mlops-workbench is not installed');
  });
});
