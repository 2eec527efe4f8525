import * as vscode from 'vscode';
import type { RunId } from '../../core/tracking/types';
import type { QueueModel } from '../models/queueModel';
import type { TreeNode } from '../trees/treeNodes';
import { command } from './command';
import type { CommandDeps } from './commandDeps';
import { Commands } from './commandIds';

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
  const act = async (fn: () => Promise<unknown>) => {
    const result = await fn();
    if (result && typeof result === 'object' && 'items' in result) queue.set(result as never);
  };
  const move = (delta: number) => async (arg: QueueArg) => {
    const runId = await queuedRunId(deps, arg, 'Move which queued run?');
    if (!runId) return;
    const current = queue.position(runId) ?? 0;
    await act(() => deps.backend.request('queue.reorder', { runId, index: Math.max(0, current + delta) }));
  };
  return [
    command(Commands.queueCancel, { needsTrust: true, what: 'cancel the queued run' }, async (arg: QueueArg) => {
      const runId = await queuedRunId(deps, arg, 'Cancel which queued run?');
      if (runId) await act(() => deps.backend.request('queue.cancel', { runId }));
      if (runId) await deps.runs.refreshRun(runId);
    }),
    command(Commands.queueRunNow, { needsTrust: true, what: 'start the run now' }, async (arg: QueueArg) => {
      const runId = await queuedRunId(deps, arg, 'Start which queued run now?');
      if (runId) await act(() => deps.backend.request('queue.runNow', { runId }));
    }),
    command(Commands.queueMoveUp, { needsTrust: true, what: 'reorder the queue' }, move(-1)),
    command(Commands.queueMoveDown, { needsTrust: true, what: 'reorder the queue' }, move(1)),
    command(Commands.queueSetConcurrency, { needsTrust: false }, async () => {
      const current = vscode.workspace.getConfiguration('mlops').get<number>('maxConcurrentRuns', 1);
      const text = await vscode.window.showInputBox({
        title: 'How many runs may run at once?',
        value: String(current),
        validateInput: (v) => (/^[1-9]\d*$/.test(v.trim()) ? undefined : 'A whole number of at least 1'),
      });
      if (!text) return;
      await vscode.workspace
        .getConfiguration('mlops')
        .update('maxConcurrentRuns', Number(text), vscode.ConfigurationTarget.Workspace);
    }),
  ];
}
