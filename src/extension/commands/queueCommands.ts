import * as vscode from 'vscode';
import type { RunId } from '../../core/tracking/types';
import type { QueueModel } from '../models/queueModel';
import { requireTrust } from '../trust';
import type { TreeNode } from '../trees/treeNodes';
import type { CommandDeps } from './commandDeps';
import { reportError } from './reportError';

type QueueArg = string | TreeNode | undefined;

async function queuedRunId(deps: CommandDeps, arg: QueueArg, title: string): Promise<RunId | undefined> {
  if (typeof arg === 'string') return arg as RunId;
  if (arg?.kind === 'run') return arg.run.id;
  const queued = deps.runs.all().filter((r) => r.status === 'queued');
  if (queued.length === 0) {
    void vscode.window.showInformationMessage('MLOps: no run is waiting in the queue.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    queued.map((r) => ({ label: `${r.experiment} ${r.id.slice(-6)}`, detail: r.id, id: r.id })),
    { title },
  );
  return pick?.id;
}

/** Queue actions: cancel, run now, move up/down, concurrency. Each goes to the backend, which owns the queue. */
export function registerQueueCommands(deps: CommandDeps, queue: QueueModel): vscode.Disposable[] {
  const act = async (what: string, fn: () => Promise<unknown>) => {
    if (!requireTrust(what)) return;
    try {
      const result = await fn();
      if (result && typeof result === 'object' && 'items' in result) queue.set(result as never);
    } catch (err) {
      reportError(deps.log, `could not ${what}`, err);
    }
  };
  const move = (delta: number) => async (arg: QueueArg) => {
    const runId = await queuedRunId(deps, arg, 'Move which queued run?');
    if (!runId) return;
    const current = queue.position(runId) ?? 0;
    await act('reorder the queue', () => deps.backend.request('queue.reorder', { runId, index: Math.max(0, current + delta) }));
  };
  return [
    vscode.commands.registerCommand('mlops.queue.cancel', async (arg: QueueArg) => {
      const runId = await queuedRunId(deps, arg, 'Cancel which queued run?');
      if (runId) await act('cancel the queued run', () => deps.backend.request('queue.cancel', { runId }));
      if (runId) await deps.runs.refreshRun(runId);
    }),
    vscode.commands.registerCommand('mlops.queue.runNow', async (arg: QueueArg) => {
      const runId = await queuedRunId(deps, arg, 'Start which queued run now?');
      if (runId) await act('start the run now', () => deps.backend.request('queue.runNow', { runId }));
    }),
    vscode.commands.registerCommand('mlops.queue.moveUp', move(-1)),
    vscode.commands.registerCommand('mlops.queue.moveDown', move(1)),
    vscode.commands.registerCommand('mlops.queue.setConcurrency', async () => {
      const current = vscode.workspace.getConfiguration('mlops').get<number>('maxConcurrentRuns', 1);
      const text = await vscode.window.showInputBox({
        title: 'How many runs may run at once?',
        value: String(current),
        validateInput: (v) => (/^[1-9]\d*$/.test(v.trim()) ? undefined : 'A whole number of at least 1'),
      });
      if (!text) return;
      await vscode.workspace.getConfiguration('mlops').update('maxConcurrentRuns', Number(text), vscode.ConfigurationTarget.Workspace);
    }),
  ];
}
