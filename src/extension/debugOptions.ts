import * as vscode from 'vscode';

/**
 * Costs paid only for debugging: counting the bytes of every message sent to a panel means serialising it a second
 * time, so it happens when the extension runs its tests or when `mlops.debug.countMessageBytes` is on.
 */
let countBytes = false;

export function initDebugOptions(context: vscode.ExtensionContext): vscode.Disposable {
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const read = () => {
    countBytes = testMode || vscode.workspace.getConfiguration('mlops').get<boolean>('debug.countMessageBytes', false);
  };
  read();
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('mlops.debug.countMessageBytes')) read();
  });
}

/** Whether panels count the bytes they send (`mlops.panels.inspect`, the output channel's debug lines). */
export function countMessageBytes(): boolean {
  return countBytes;
}
