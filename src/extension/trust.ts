import * as vscode from 'vscode';

/**
 * Nothing runs in an untrusted workspace. Returns false at once (telling the user why, with a way to change it)
 * when the workspace is in Restricted Mode; the message is not awaited so callers never hang on it.
 */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(`MLOps Workbench: ${action} is disabled in Restricted Mode. Trust this workspace to run experiments.`, 'Manage Workspace Trust')
    .then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
  return false;
}
