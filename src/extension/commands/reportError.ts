import * as vscode from 'vscode';
import { CancelledError, errorMessage } from '../../core/errors';

/** A notification with a next step, and the details in the output channel; a cancel the user asked for is only logged. */
export function reportError(log: vscode.LogOutputChannel, what: string, err: unknown): void {
  if (err instanceof CancelledError) {
    log.info(`${what}: cancelled`);
    return;
  }
  const message = errorMessage(err);
  const hint = (err as { hint?: string }).hint;
  const text = hint && !message.includes(hint) ? `${message} ${hint}` : message;
  log.error(`${what}: ${text}`);
  if (err instanceof Error && err.stack) log.debug(err.stack);
  const actions = /mlops\.yaml/.test(text) ? ['Open Problems', 'Show Output'] : ['Show Output'];
  void vscode.window.showErrorMessage(`MLOps: ${what}: ${text}`, ...actions).then((choice) => {
    if (choice === 'Open Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === 'Show Output') log.show(true);
  });
}
