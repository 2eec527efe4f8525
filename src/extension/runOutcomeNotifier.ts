import * as vscode from 'vscode';
import type { BackendEvent } from '../protocol/backend';
import { Commands } from './api';

type RunStatusEvent = Extract<BackendEvent, { type: 'runStatus' }>;

/**
 * Tells the user when a run fails or is interrupted: a notification that says why, with the way to the log,
 * and the last log lines in the output channel. Completed runs stay quiet (the trees show them).
 */
export function notifyRunOutcome(event: RunStatusEvent, log: vscode.LogOutputChannel): void {
  if (event.status !== 'failed' && event.status !== 'interrupted') return;
  const why =
    event.error ??
    (event.exitCode !== null
      ? `exit code ${event.exitCode}`
      : event.signal
        ? `signal ${event.signal}`
        : 'no exit status');
  log.error(`run ${event.runId} of ${event.experiment} ${event.status}: ${why}`);
  if (event.logTail?.length)
    log.error(`last ${event.logTail.length} log lines of ${event.runId}:\n${event.logTail.join('\n')}`);
  const lastLine = event.logTail?.filter((l) => l.trim()).at(-1);
  const detail = lastLine && !why.includes(lastLine) ? ` — ${lastLine.slice(0, 160)}` : '';
  void vscode.window
    .showErrorMessage(
      `MLOps: run ${event.experiment} ${event.runId.slice(-6)} ${event.status} (${why})${detail}`,
      'Open Log',
      'Show Output',
    )
    .then((choice) => {
      if (choice === 'Open Log') void vscode.commands.executeCommand(Commands.openRunLog, event.runId);
      if (choice === 'Show Output') log.show(true);
    });
}
