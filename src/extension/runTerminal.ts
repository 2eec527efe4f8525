import * as vscode from 'vscode';
import { readLogTail } from '../core/tracking/runReader';
import type { BackendHost } from './backendHost';

/** A read-only terminal that shows one run's log: what is already there, then live output. */
export function openRunTerminal(options: {
  backend: BackendHost;
  runId: string;
  runDir: string;
  title: string;
  reveal: boolean;
}): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const subscriptions: vscode.Disposable[] = [write];
  // Before the terminal opens, output is already in log.txt (read on open); while that read runs, it is queued.
  let state: 'closed' | 'reading' | 'live' = 'closed';
  let queued = '';
  const emit = (text: string) => {
    const converted = text.replace(/\r?\n/g, '\r\n');
    if (state === 'live') write.fire(converted);
    else if (state === 'reading') queued += converted;
  };
  subscriptions.push(
    options.backend.onEvent((event) => {
      if (event.type === 'runOutput' && event.runId === options.runId) emit(event.text);
      if (
        event.type === 'runStatus' &&
        event.runId === options.runId &&
        !['queued', 'running'].includes(event.status)
      ) {
        const detail = event.error ? ` — ${event.error}` : event.exitCode !== null ? ` (exit ${event.exitCode})` : '';
        emit(`\n\x1b[1m[mlops] run ${event.status}${detail}\x1b[0m\n`);
      }
    }),
  );
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    open: () => {
      state = 'reading';
      void readLogTail(options.runDir, 64 * 1024).then(({ text, truncated }) => {
        const head = truncated ? '[mlops] … earlier output is in log.txt\r\n' : '';
        write.fire(head + text.replace(/\r?\n/g, '\r\n') + queued);
        queued = '';
        state = 'live';
      });
    },
    close: () => {
      for (const s of subscriptions) s.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: options.title, pty, iconPath: new vscode.ThemeIcon('beaker') });
  if (options.reveal) terminal.show(true);
  return terminal;
}
