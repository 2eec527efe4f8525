import * as vscode from 'vscode';
import { MlopsError } from '../core/errors';

/**
 * The one gate in front of every process the extension starts (the backend, git, training, serving): nothing
 * starts in an untrusted workspace. `src/extension` reaches a process only through a module that asks here
 * (test/unit/trust/processGate.test.ts checks it).
 */

const TRUST_HINT = 'Trust this workspace (Manage Workspace Trust) to enable it.';

/**
 * True when processes may start. Otherwise returns false at once and, unless `notify` is false, tells the user why
 * with a way to change it; the message is not awaited so callers never hang on it.
 */
export function requireTrust(action: string, options: { notify?: boolean } = {}): boolean {
  if (vscode.workspace.isTrusted) return true;
  if (options.notify !== false) {
    void vscode.window
      .showWarningMessage(
        `MLOps Workbench: ${action} is disabled in Restricted Mode. ${TRUST_HINT}`,
        'Manage Workspace Trust',
      )
      .then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
  }
  return false;
}

/** For the places that start a process themselves: throws instead of asking, so nothing slips past a caller. */
export function assertTrusted(action: string): void {
  if (!requireTrust(action, { notify: false }))
    throw new MlopsError(`${action} is disabled in Restricted Mode`, 'conflict', TRUST_HINT);
}

/** One line for a read-only document whose content would need a process. */
export function restrictedNotice(what: string, why: string): string {
  return `[${what} is not shown in Restricted Mode: ${why}. ${TRUST_HINT}]\n`;
}
