import * as vscode from 'vscode';
import { CancelledError, errorMessage } from '../../core/errors';
import { requireTrust } from '../trust';
import type { CommandId, TestHookId } from './commandIds';
import { reportError } from './reportError';

/**
 * The one way the extension registers a command. Every command
 * - is refused in Restricted Mode when it starts or changes anything (`needsTrust`), with the same notice;
 * - reports an error the same way (a notification with a next step, details in the output channel), a cancel only
 *   in the log, and resolves with `undefined` instead of rejecting;
 * - shows progress, with a Cancel button that reaches the work as an aborted signal, when asked to.
 */

export interface CommandOptions {
  /** True when the command starts a process or changes files: refused in Restricted Mode. */
  needsTrust: boolean;
  /** What it does, for its error and Restricted Mode messages ("check drift"); defaults to its package.json title. */
  what?: string;
}

export interface ProgressSpec {
  title: string;
  cancellable?: boolean;
  /** A notification (default) or the status bar. */
  location?: 'notification' | 'window';
}

export interface CommandTask {
  /** Aborted when the user clicks Cancel on the progress notification. */
  signal: AbortSignal;
  report(message: string, increment?: number): void;
}

interface Setup {
  log: vscode.LogOutputChannel;
  titles: ReadonlyMap<string, string>;
  testMode: boolean;
}

let setup: Setup | undefined;
/** The last error a command reported, for the `lastCommandError` test hook. */
let lastError: { command: string; message: string } | null = null;

export function lastCommandError(): { command: string; message: string } | null {
  return lastError;
}

/** Called once in `activate`, before any command is registered. */
export function configureCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const contributed =
    (context.extension.packageJSON as { contributes?: { commands?: Array<{ command: string; title: string }> } })
      .contributes?.commands ?? [];
  setup = {
    log,
    titles: new Map(contributed.map((c) => [c.command, c.title])),
    testMode: context.extensionMode === vscode.ExtensionMode.Test,
  };
}

function configured(): Setup {
  if (!setup) throw new Error('configureCommands(context, log) must run before a command is registered');
  return setup;
}

/** Runs `work` under a progress indicator; a click on Cancel aborts the signal and the work ends as cancelled. */
export function withProgress<T>(spec: ProgressSpec, work: (task: CommandTask) => Promise<T>): Thenable<T> {
  const location = spec.location === 'window' ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification;
  return vscode.window.withProgress(
    { location, title: spec.title, cancellable: spec.cancellable ?? false },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        return await work({
          signal: controller.signal,
          report: (message, increment) => progress.report({ message, increment }),
        });
      } catch (err) {
        if (controller.signal.aborted && !(err instanceof CancelledError)) throw new CancelledError(spec.title);
        throw err;
      } finally {
        subscription.dispose();
      }
    },
  );
}

export function command<A extends unknown[], R>(
  id: CommandId,
  options: CommandOptions & { progress: ProgressSpec },
  handler: (task: CommandTask, ...args: A) => Thenable<R>,
): vscode.Disposable;
export function command<A extends unknown[], R>(
  id: CommandId,
  options: CommandOptions,
  handler: (...args: A) => R | Thenable<R>,
): vscode.Disposable;
export function command(
  id: CommandId,
  options: CommandOptions & { progress?: ProgressSpec },
  handler: (...args: never[]) => unknown,
): vscode.Disposable {
  const run = handler as (...args: unknown[]) => unknown;
  const { log, titles } = configured();
  const what = options.what ?? titles.get(id) ?? id;
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    if (options.needsTrust && !requireTrust(what)) return undefined;
    try {
      if (options.progress) return await withProgress(options.progress, (task) => Promise.resolve(run(task, ...args)));
      return await run(...args);
    } catch (err) {
      lastError = { command: id, message: errorMessage(err) };
      reportError(log, what, err);
      return undefined;
    }
  });
}

/** A command that exists only while the extension runs its tests (`ExtensionMode.Test`); elsewhere nothing. */
export function testHook(id: TestHookId, handler: (...args: never[]) => unknown): vscode.Disposable {
  if (!configured().testMode) return new vscode.Disposable(() => undefined);
  return vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown);
}
