import type * as vscode from 'vscode';
import type { MonitorSummary } from '../../core/monitor/monitorSummary';
import type { RunSummary } from '../../core/tracking/types';

/** The Runs view's badge: how many runs are running (queued ones are not counted: they use nothing yet). */
export function runsBadge(runs: readonly RunSummary[]): vscode.ViewBadge | undefined {
  const running = runs.filter((r) => r.status === 'running').length;
  return running === 0 ? undefined : { value: running, tooltip: `${running} run${running === 1 ? '' : 's'} running` };
}

/** The Monitors view's badge: how many monitors found drift at their last check. */
export function monitorsBadge(monitors: readonly MonitorSummary[]): vscode.ViewBadge | undefined {
  const drifting = monitors.filter((m) => m.status === 'drift').length;
  return drifting === 0
    ? undefined
    : { value: drifting, tooltip: `${drifting} monitor${drifting === 1 ? '' : 's'} found drift` };
}

/** Keeps `view.badge` in step with `compute()` whenever `onChange` fires. */
export function bindBadge(
  view: vscode.TreeView<unknown>,
  onChange: vscode.Event<unknown>,
  compute: () => vscode.ViewBadge | undefined,
): vscode.Disposable {
  const update = () => {
    const next = compute();
    if (next?.value !== view.badge?.value || next?.tooltip !== view.badge?.tooltip) view.badge = next;
  };
  update();
  return onChange(update);
}
