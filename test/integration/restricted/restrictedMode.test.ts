import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('restricted mode', () => {
  it('opens the workspace untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });
});
